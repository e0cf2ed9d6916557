export * from './history-reader-thread.query';
