export * from './store-reader';
export * from './reader-thread.read-model-store';
export * from './reader-thread.event-reads';
