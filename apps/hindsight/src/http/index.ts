export * from './http-ingest.module';
export * from './http-app.factory';
export * from './http-ingest.limits';
export * from './http-ingest.errors';
export * from './http-exception.filter';
export * from './http-server.adapter';
export * from './problem-details';
export type * from './ingest-response';
