export * from './ingest-events.use-case';
export * from './ingest-events.provider';
export * from './ndjson-lines';
export * from './ndjson-ingest';
export * from './rejection';
