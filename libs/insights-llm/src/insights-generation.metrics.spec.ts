import { InsightsGenerationMetrics } from './insights-generation.metrics';

describe('InsightsGenerationMetrics', () => {
  it('prints HELP and TYPE lines even before any generation', () => {
    expect(new InsightsGenerationMetrics().prometheusLines()).toEqual([
      '# HELP hindsight_insights_generations_total Insights generations by provider and outcome (ok, malformed_retried, failed, timeout, fallback).',
      '# TYPE hindsight_insights_generations_total counter',
      '# HELP hindsight_insights_llm_failures_total Chat model failures by reason (timeout, error, malformed, cancelled), with or without a fallback.',
      '# TYPE hindsight_insights_llm_failures_total counter',
      '# HELP hindsight_insights_llm_tokens_total Tokens reported by the chat model, every attempt included.',
      '# TYPE hindsight_insights_llm_tokens_total counter',
      '# HELP hindsight_insights_generation_seconds Time to generate insights content (retries and fallback included).',
      '# TYPE hindsight_insights_generation_seconds histogram',
    ]);
  });

  it('counts generations, failures and tokens per provider, and times generations in a cumulative histogram', () => {
    const metrics = new InsightsGenerationMetrics();
    metrics.recordGeneration('openai', 'ok', 0.8);
    metrics.recordGeneration('openai', 'ok', 3);
    metrics.recordGeneration('openai', 'fallback', 30.5);
    metrics.recordFailure('openai', 'timeout');
    metrics.recordTokens('openai', { inputTokens: 1000, outputTokens: 200 });
    metrics.recordTokens('openai', { inputTokens: 500, outputTokens: 50 });

    const lines = metrics.prometheusLines();

    expect(lines).toEqual(
      expect.arrayContaining([
        'hindsight_insights_generations_total{provider="openai",outcome="ok"} 2',
        'hindsight_insights_generations_total{provider="openai",outcome="fallback"} 1',
        'hindsight_insights_llm_failures_total{provider="openai",reason="timeout"} 1',
        'hindsight_insights_llm_tokens_total{provider="openai",type="input"} 1500',
        'hindsight_insights_llm_tokens_total{provider="openai",type="output"} 250',
        'hindsight_insights_generation_seconds_bucket{provider="openai",le="0.5"} 0',
        'hindsight_insights_generation_seconds_bucket{provider="openai",le="1"} 1',
        'hindsight_insights_generation_seconds_bucket{provider="openai",le="5"} 2',
        'hindsight_insights_generation_seconds_bucket{provider="openai",le="60"} 3',
        'hindsight_insights_generation_seconds_bucket{provider="openai",le="+Inf"} 3',
        'hindsight_insights_generation_seconds_sum{provider="openai"} 34.3',
        'hindsight_insights_generation_seconds_count{provider="openai"} 3',
      ]),
    );
  });

  it('keeps a label value from breaking the exposition format', () => {
    const metrics = new InsightsGenerationMetrics();
    metrics.recordGeneration('a"b\nc', 'ok', 0.1);
    expect(metrics.prometheusLines()).toContain('hindsight_insights_generations_total{provider="a_b_c",outcome="ok"} 1');
  });
});
