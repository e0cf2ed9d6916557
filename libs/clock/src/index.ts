export * from './clock.port';
export * from './clock.module';
