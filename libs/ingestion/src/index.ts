export * from './ndjson-lines';
export * from './ndjson-ingest';
export * from './rejection';
