export * from './config.error';
export * from './store-url';
export * from './hindsight.config';
export * from './config.module';
export * from './llm.config';
export * from './auth.config';
