import { PrometheusHistogram, prometheusLabel as label } from '@app/observability';
/**
 * How a generation ended, once per generation:
 * - `ok`: valid content on the first attempt;
 * - `malformed_retried`: the first answer was malformed, the retry's was valid;
 * - `failed`: the model failed (transport error, malformed twice, cancelled) and the error went to the caller;
 * - `timeout`: the model did not answer within the timeout and the error went to the caller;
 * - `fallback`: the model failed or timed out and the built-in summariser answered instead.
 */
export type GenerationOutcome = 'ok' | 'malformed_retried' | 'failed' | 'timeout' | 'fallback';

/** Why a model failed (counted whether or not the built-in answered instead). */
export type LlmFailureReason = 'timeout' | 'error' | 'malformed' | 'cancelled';

/** Upper bounds (seconds) of the generation time histogram: the built-in takes milliseconds, a model seconds. */
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120];

/** Insights generation counters, in memory since start; `/metrics` prints them (`prometheusLines`). */
export class InsightsGenerationMetrics {
  private readonly generations = new Map<string, number>();
  private readonly failures = new Map<string, number>();
  private readonly tokens = new Map<string, number>();
  private readonly durations = new Map<string, PrometheusHistogram>();

  recordGeneration(provider: string, outcome: GenerationOutcome, seconds: number): void {
    increment(this.generations, `${provider}\u0000${outcome}`, 1);
    let histogram = this.durations.get(provider);
    if (!histogram) this.durations.set(provider, (histogram = new PrometheusHistogram(DURATION_BUCKETS)));
    histogram.observe(seconds);
  }

  recordFailure(provider: string, reason: LlmFailureReason): void {
    increment(this.failures, `${provider}\u0000${reason}`, 1);
  }

  recordTokens(provider: string, usage: { readonly inputTokens: number; readonly outputTokens: number }): void {
    increment(this.tokens, `${provider}\u0000input`, usage.inputTokens);
    increment(this.tokens, `${provider}\u0000output`, usage.outputTokens);
  }

  /** Generations with this provider and outcome so far (tests and the bench read it). */
  generationCount(provider: string, outcome: GenerationOutcome): number {
    return this.generations.get(`${provider}\u0000${outcome}`) ?? 0;
  }

  tokenCount(provider: string, type: 'input' | 'output'): number {
    return this.tokens.get(`${provider}\u0000${type}`) ?? 0;
  }

  /** The Prometheus text exposition of every counter, HELP and TYPE included. */
  prometheusLines(): string[] {
    const lines = [
      '# HELP hindsight_insights_generations_total Insights generations by provider and outcome (ok, malformed_retried, failed, timeout, fallback).',
      '# TYPE hindsight_insights_generations_total counter',
      ...labelled(
        this.generations,
        (provider, outcome) => `hindsight_insights_generations_total{provider="${provider}",outcome="${outcome}"}`,
      ),
      '# HELP hindsight_insights_llm_failures_total Chat model failures by reason (timeout, error, malformed, cancelled), with or without a fallback.',
      '# TYPE hindsight_insights_llm_failures_total counter',
      ...labelled(this.failures, (provider, reason) => `hindsight_insights_llm_failures_total{provider="${provider}",reason="${reason}"}`),
      '# HELP hindsight_insights_llm_tokens_total Tokens reported by the chat model, every attempt included.',
      '# TYPE hindsight_insights_llm_tokens_total counter',
      ...labelled(this.tokens, (provider, type) => `hindsight_insights_llm_tokens_total{provider="${provider}",type="${type}"}`),
      '# HELP hindsight_insights_generation_seconds Time to generate insights content (retries and fallback included).',
      '# TYPE hindsight_insights_generation_seconds histogram',
    ];
    for (const [provider, histogram] of this.durations) {
      lines.push(...histogram.lines('hindsight_insights_generation_seconds', `provider="${label(provider)}"`));
    }
    return lines;
  }
}

function increment(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function labelled(map: ReadonlyMap<string, number>, series: (first: string, second: string) => string): string[] {
  return [...map].map(([key, value]) => {
    const [first, second] = key.split('\u0000');
    return `${series(label(first), label(second))} ${value}`;
  });
}
