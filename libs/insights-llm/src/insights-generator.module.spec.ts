import { Test } from '@nestjs/testing';
import { ConfigModule, loadConfig } from '@app/config';
import { INSIGHTS_GENERATOR, type InsightsGenerator } from '@app/insights';
import { InsightsGenerationMetrics } from './insights-generation.metrics';
import { MeteredInsightsGenerator } from './metered-insights.generator';
import { InsightsGeneratorModule } from './insights-generator.module';
import { LangChainInsightsGenerator } from './langchain-insights.generator';
import { generationInput, GOOD_ANSWER, StubBuiltinGenerator } from './testing/insights-input.fixtures';
import { ScriptedChatModel } from './testing/scripted-chat.model';

async function moduleFor(environment: Record<string, string>, options: Parameters<typeof InsightsGeneratorModule.forRoot>[0] = {}) {
  const config = loadConfig({ HINDSIGHT_LOG_LEVEL: 'silent', ...environment });
  const testing = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), InsightsGeneratorModule.forRoot(options)],
  }).compile();
  return { generator: testing.get<InsightsGenerator>(INSIGHTS_GENERATOR), metrics: testing.get(InsightsGenerationMetrics) };
}

describe('InsightsGeneratorModule', () => {
  it('provides the built-in summariser by default, counted in the metrics', async () => {
    const { generator, metrics } = await moduleFor({});

    const generation = await generator.generate(generationInput());

    expect(generator).toBeInstanceOf(MeteredInsightsGenerator);
    expect(generation.generator.kind).toBe('builtin');
    expect(generation.content.summary.length).toBeGreaterThan(0);
    expect(metrics.generationCount('builtin', 'ok')).toBe(1);
  });

  it.each([
    [{ HINDSIGHT_LLM_PROVIDER: 'openai', HINDSIGHT_LLM_MODEL: 'qwen2.5', HINDSIGHT_LLM_BASE_URL: 'http://127.0.0.1:9/v1' }],
    [{ HINDSIGHT_LLM_PROVIDER: 'ollama', HINDSIGHT_LLM_MODEL: 'llama3.2' }],
    [{ HINDSIGHT_LLM_PROVIDER: 'anthropic', HINDSIGHT_LLM_MODEL: 'claude-haiku-4-5', HINDSIGHT_LLM_API_KEY: 'k' }],
  ])('provides a LangChain generator for %j (nothing is called at start-up)', async (environment) => {
    const { generator } = await moduleFor(environment);
    expect(generator).toBeInstanceOf(LangChainInsightsGenerator);
  });

  it('wires the configured model, the fallback and the metrics together', async () => {
    const builtin = new StubBuiltinGenerator();
    const { generator, metrics } = await moduleFor(
      { HINDSIGHT_LLM_PROVIDER: 'ollama', HINDSIGHT_LLM_MODEL: 'llama3.2', HINDSIGHT_LLM_FALLBACK: 'builtin' },
      { builtin, chatModel: new ScriptedChatModel(['not json', 'still not json', GOOD_ANSWER]) },
    );

    expect((await generator.generate(generationInput())).generator).toEqual({ kind: 'builtin' });
    expect(builtin.calls).toBe(1);
    expect((await generator.generate(generationInput())).generator).toMatchObject({ kind: 'llm', provider: 'ollama', model: 'llama3.2' });
    expect(metrics.generationCount('ollama', 'fallback')).toBe(1);
    expect(metrics.generationCount('ollama', 'ok')).toBe(1);
  });

  it('loads neither LangChain nor a provider SDK when the built-in is configured (they take seconds to load)', async () => {
    await jest.isolateModulesAsync(async () => {
      for (const heavy of [
        '@langchain/core/messages',
        '@langchain/core/prompts',
        '@langchain/openai',
        '@langchain/anthropic',
        '@langchain/ollama',
      ])
        jest.doMock(heavy, () => {
          throw new Error(`${heavy} was loaded`);
        });
      const { InsightsGeneratorModule: isolated } = await import('./index');
      const { ConfigModule: isolatedConfig, loadConfig: isolatedLoad } = await import('@app/config');
      const { INSIGHTS_GENERATOR: isolatedToken } = await import('@app/insights');
      const testing = await Test.createTestingModule({ imports: [isolatedConfig.forRoot(isolatedLoad({})), isolated.forRoot()] }).compile();
      const generation = await testing.get<InsightsGenerator>(isolatedToken).generate(generationInput());
      expect(generation.generator.kind).toBe('builtin');
    });
  });
});
