export * from './contact-identifier';
export * from './history.types';
export * from './history-request';
export { historyWindow, newestFirst, type HistoryWindow } from './history-window.rule';
export { buildHistory, emptyHistory, type HistoryInputs } from './history-response.assembly';
export * from './read-model.types';
export * from './session-card';
export * from './projections';
