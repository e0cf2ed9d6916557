export * from './event-store.port';
export * from './event-store.errors';
export * from './event-store.factory';
export { MAX_PAGE_SIZE, readAllPages, toRow as eventRow, type EventRow } from './read-options';
export { SqliteEventStore, type SqliteOptions } from './sqlite/sqlite-event-store';
export * from './event-store.module';
export { PostgresDatabase } from './postgres/postgres-database';
