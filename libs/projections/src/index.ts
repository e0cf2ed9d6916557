export * from './read-model-store.port';
export * from './read-model-store.factory';
export * from './projection-engine';
export * from './read-model-history.query';
export * from './read-model-timeline.query';
export * from './contact-identifiers.resolver';
export { SqliteReadModelStore } from './sqlite/sqlite-read-model-store';
export { PostgresReadModelStore } from './postgres/postgres-read-model-store';
export * from './read-side.module';
