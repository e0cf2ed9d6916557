export * from './hindsight.config';
export * from './config.module';
