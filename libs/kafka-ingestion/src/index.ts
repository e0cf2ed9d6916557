export * from './kafka-record';
export * from './cloud-event-kafka.decoder';
export * from './dead-letter';
export * from './partition-batch.processor';
export * from './kafka-ingestion';
export * from './kafka-ingestion.module';
