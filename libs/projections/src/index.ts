export * from './read-model-store.port';
export * from './read-model-store.factory';
export * from './projection-engine';
export * from './read-model-history.query';
export * from './read-model-timeline.query';
export { resolveContactIdentifiers } from './contact-identifiers.resolver';
export * from './history-warm-up.requests';
export * from './read-side.module';
export * from './background-projection.port';
export * from './write-side/write-side-threads';
export * from './write-side/writer-thread.event-store';
export * from './write-side/write-side.module';
export * from './history-reader';
export { threadEntryFile } from './thread-entry-files';
export * from './store-reader';
export {
  POSTGRES_DOCUMENTS_STATEMENT,
  postgresFindContactDocumentsStatement,
  postgresFindDocumentsStatement,
  postgresFindDocumentsWithReferencesStatement,
  postgresFindStatement,
  readModelPoolConfig,
} from './postgres/postgres-read-model-store';
export * from './contact-change.feed';
