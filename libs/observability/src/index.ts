export * from './logger';
export * from './event-loop.monitor';
export * from './prometheus-histogram';
export * from './log-throttle';
