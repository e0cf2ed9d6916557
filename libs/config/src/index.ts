export * from './hindsight.config';
