export * from './contact-identifiers';
export * from './history.types';
export * from './history-request';
export * from './history.window';
export * from './read-model.types';
export * from './session-card';
export * from './projections';
