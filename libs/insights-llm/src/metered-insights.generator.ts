import type { Generation, GenerationInput, InsightsGenerator } from '@app/insights';
import type { InsightsGenerationMetrics } from './insights-generation.metrics';

/** Counts and times the generations of a generator that has no model (the built-in summariser). */
export class MeteredInsightsGenerator implements InsightsGenerator {
  constructor(
    private readonly generator: InsightsGenerator,
    private readonly provider: string,
    private readonly metrics: InsightsGenerationMetrics,
  ) {}

  async generate(input: GenerationInput, options?: { readonly signal?: AbortSignal }): Promise<Generation> {
    const started = performance.now();
    try {
      const generation = await this.generator.generate(input, options);
      this.metrics.recordGeneration(this.provider, 'ok', (performance.now() - started) / 1000);
      return generation;
    } catch (error) {
      this.metrics.recordGeneration(this.provider, 'failed', (performance.now() - started) / 1000);
      throw error;
    }
  }
}
