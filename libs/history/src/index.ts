export * from './history.types';
export * from './history-request';
