export * from './insights.errors';
export * from './insights-read-models';
export * from './interaction-content.reader';
export * from './insights-view';
export * from './generate-contact-insights.use-case';
export * from './read-contact-insights.use-case';
export * from './contact-views.query';
export * from './single-flight';
