export * from './insights.types';
export * from './insights-generator.port';
export * from './provenance.rule';
export * from './insights-window.rule';
export * from './insights-language.rule';
export * from './insights-facts.rule';
export * from './insights-permissions.rule';
export { BuiltinInsightsGenerator, builtinInsights } from './builtin/builtin-insights.generator';
export * from './application';
