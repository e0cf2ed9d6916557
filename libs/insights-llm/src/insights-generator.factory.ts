import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { LlmConfig } from '@app/config';
import type { InsightsGenerator } from '@app/insights';
import type { Logger } from '@app/observability';
import { createChatModel } from './chat-model.factory';
import type { InsightsGenerationMetrics } from './insights-generation.metrics';
import { LangChainInsightsGenerator } from './langchain-insights.generator';
import { MeteredInsightsGenerator } from './metered-insights.generator';

export interface InsightsGeneratorDependencies {
  /** The built-in summariser: the generator of `builtin`, and the fallback of the others. */
  readonly builtin: InsightsGenerator;
  readonly metrics?: InsightsGenerationMetrics;
  readonly logger?: Logger;
  /** Replaces the chat model the configuration names (tests). */
  readonly chatModel?: BaseChatModel;
}

/** The generator a validated configuration asks for (`HINDSIGHT_LLM_PROVIDER`, `HINDSIGHT_LLM_FALLBACK`). */
export function createInsightsGenerator(config: LlmConfig, dependencies: InsightsGeneratorDependencies): InsightsGenerator {
  const { builtin, metrics, logger } = dependencies;
  if (config.provider === 'builtin') return metrics ? new MeteredInsightsGenerator(builtin, 'builtin', metrics) : builtin;
  // The configuration refuses a model-less provider at start-up; this only narrows the type.
  if (!config.model) throw new Error(`HINDSIGHT_LLM_MODEL is required when HINDSIGHT_LLM_PROVIDER is ${config.provider}`);
  const provider = config.provider;
  return new LangChainInsightsGenerator({
    model: dependencies.chatModel ?? createChatModel({ ...config, provider, model: config.model }),
    provider,
    modelName: config.model,
    timeoutMs: config.timeoutMs,
    fallback: config.fallback === 'builtin' ? builtin : undefined,
    metrics,
    logger,
  });
}
