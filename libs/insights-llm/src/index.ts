// Light on purpose: LangChain and the provider SDKs load only when a model is configured
// (InsightsGeneratorModule imports them then). The LangChain generator itself, its factory and the
// chat model factory are at '@app/insights-llm/langchain-insights.generator', '…/insights-generator.factory'
// and '…/chat-model.factory'.
export * from './insights-generator.module';
export * from './insights-generation.metrics';
export * from './metered-insights.generator';
export * from './llm-generation.error';
export type { InsightsGeneratorDependencies } from './insights-generator.factory';
export type { LangChainInsightsGeneratorOptions } from './langchain-insights.generator';
