export * from './thread-channel';
export * from './thread-entry';
export * from './thread-error.codec';
export * from './thread-message';
export * from './thread-supervisor';
