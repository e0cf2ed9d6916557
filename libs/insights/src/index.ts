export * from './insights.types';
export * from './insights-generator.port';
export * from './provenance.rule';
