import { type DynamicModule, Module } from '@nestjs/common';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HindsightConfig } from '@app/config';
import { BuiltinInsightsGenerator, INSIGHTS_GENERATOR, type InsightsGenerator } from '@app/insights';
import { createLogger } from '@app/observability';
import { InsightsGenerationMetrics } from './insights-generation.metrics';
import { MeteredInsightsGenerator } from './metered-insights.generator';

export interface InsightsGeneratorModuleOptions {
  /** Replaces the built-in summariser (tests). */
  readonly builtin?: InsightsGenerator;
  /** Replaces the chat model the configuration names (tests: a fake or a stub-backed client). */
  readonly chatModel?: BaseChatModel;
}

/**
 * Provides `INSIGHTS_GENERATOR` as the configuration (`HindsightConfig.llm`) asks: the built-in
 * summariser, or a LangChain chat model with or without the built-in as its fallback; and the
 * `InsightsGenerationMetrics` that `/metrics` prints. Global, so the metrics controller finds them
 * whichever module imports this one.
 */
@Module({})
export class InsightsGeneratorModule {
  static forRoot(options: InsightsGeneratorModuleOptions = {}): DynamicModule {
    return {
      module: InsightsGeneratorModule,
      global: true,
      providers: [
        { provide: InsightsGenerationMetrics, useFactory: () => new InsightsGenerationMetrics() },
        {
          provide: INSIGHTS_GENERATOR,
          inject: [HindsightConfig, InsightsGenerationMetrics],
          useFactory: async (config: HindsightConfig, metrics: InsightsGenerationMetrics): Promise<InsightsGenerator> => {
            const builtin = options.builtin ?? new BuiltinInsightsGenerator();
            if (config.llm.provider === 'builtin') return new MeteredInsightsGenerator(builtin, 'builtin', metrics);
            // LangChain and the provider SDKs take seconds to load: only a process that uses a model loads them.
            const { createInsightsGenerator } = await import('./insights-generator.factory');
            return createInsightsGenerator(config.llm, {
              builtin,
              metrics,
              logger: createLogger(config.logLevel, 'insights'),
              chatModel: options.chatModel,
            });
          },
        },
      ],
      exports: [INSIGHTS_GENERATOR, InsightsGenerationMetrics],
    };
  }
}
