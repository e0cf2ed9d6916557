import { loadConfig } from '@app/config';
import { InsightsGenerationMetrics } from './insights-generation.metrics';
import { createInsightsGenerator } from './insights-generator.factory';
import { DATA_CLOSE, DATA_OPEN } from './insights.prompt';
import { generationInput, GOOD_ANSWER, StubBuiltinGenerator } from './testing/insights-input.fixtures';
import { OpenAiCompatibleStub } from './testing/openai-compatible.stub';

/** The real ChatOpenAI client, built from the configuration as `serve` builds it, against a loopback server. */
describe('HINDSIGHT_LLM_PROVIDER=openai against a loopback OpenAI-compatible server', () => {
  const stub = new OpenAiCompatibleStub();
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await stub.start();
  });
  afterAll(() => stub.stop());
  beforeEach(() => stub.requests.splice(0));

  function generator(settings: Record<string, string> = {}, fallback?: StubBuiltinGenerator) {
    const config = loadConfig({
      HINDSIGHT_LLM_PROVIDER: 'openai',
      HINDSIGHT_LLM_MODEL: 'local-model',
      HINDSIGHT_LLM_BASE_URL: baseUrl,
      HINDSIGHT_LLM_API_KEY: 'test-key',
      ...(fallback && { HINDSIGHT_LLM_FALLBACK: 'builtin' }),
      ...settings,
    });
    const metrics = new InsightsGenerationMetrics();
    return { generator: createInsightsGenerator(config.llm, { builtin: fallback ?? new StubBuiltinGenerator(), metrics }), metrics };
  }

  it('sends the prompt to the base URL with the API key, asks for the JSON schema, and reports the token usage', async () => {
    stub.answer({ content: GOOD_ANSWER, usage: { prompt_tokens: 1234, completion_tokens: 87 } });
    const { generator: openai, metrics } = generator();

    const generation = await openai.generate(generationInput());

    expect(generation.generator).toEqual({
      kind: 'llm',
      provider: 'openai',
      model: 'local-model',
      usage: { inputTokens: 1234, outputTokens: 87 },
    });
    expect(generation.content.summary[1]).toEqual({ text: 'Il a demandé à être rappelé au sujet de son abonnement.', sources: ['vm-3'] });
    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/v1/chat/completions', headers: { authorization: 'Bearer test-key' } });
    expect(request.body).toMatchObject({ model: 'local-model', temperature: 0, response_format: { type: 'json_schema' } });
    expect(request.body.response_format.json_schema.name).toBe('contact_insights');
    // The schema the server can constrain decoding with: sources are this contact's ids, nothing else.
    expect(JSON.stringify(request.body.response_format.json_schema.schema)).toContain('"enum":["call-1","sms-2","vm-3"]');
    expect(request.body.messages.map(({ role }) => role)).toEqual(['system', 'user']);
    expect(request.body.messages[1].content).toContain(`${DATA_OPEN}\n{"id":"call-1"`);
    expect(request.body.messages[1].content).toContain(DATA_CLOSE);
    expect(metrics.prometheusLines()).toEqual(
      expect.arrayContaining([
        'hindsight_insights_generations_total{provider="openai",outcome="ok"} 1',
        'hindsight_insights_llm_tokens_total{provider="openai",type="input"} 1234',
        'hindsight_insights_llm_tokens_total{provider="openai",type="output"} 87',
      ]),
    );
  });

  it('retries a 503 once (HINDSIGHT_LLM_MAX_RETRIES=1) and succeeds', async () => {
    stub.answer({ status: 503, error: 'overloaded' }, { content: GOOD_ANSWER });
    const { generator: openai } = generator();

    const generation = await openai.generate(generationInput());

    expect(generation.generator.kind).toBe('llm');
    expect(stub.requests).toHaveLength(2);
  });

  it('gives up after HINDSIGHT_LLM_MAX_RETRIES retries, not the client default of 6', async () => {
    stub.answer({ status: 503, error: 'overloaded' });
    const { generator: openai, metrics } = generator({ HINDSIGHT_LLM_MAX_RETRIES: '0' });

    await expect(openai.generate(generationInput())).rejects.toMatchObject({
      code: 'LLM_FAILED',
      reason: 'error',
      message: /^openai model local-model failed: .*503/,
    });
    expect(stub.requests).toHaveLength(1);
    expect(metrics.generationCount('openai', 'failed')).toBe(1);
  });

  it('times out after HINDSIGHT_LLM_TIMEOUT_MS, whatever the retries, and falls back when asked', async () => {
    stub.answer({ content: GOOD_ANSWER, delayMs: 10_000 });
    const { generator: openai, metrics } = generator({ HINDSIGHT_LLM_TIMEOUT_MS: '1000', HINDSIGHT_LLM_MAX_RETRIES: '3' });
    const started = Date.now();

    await expect(openai.generate(generationInput())).rejects.toMatchObject({
      code: 'LLM_FAILED',
      reason: 'timeout',
      message: 'openai model local-model did not answer within 1000 ms',
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(metrics.generationCount('openai', 'timeout')).toBe(1);

    const fallback = new StubBuiltinGenerator();
    const withFallback = generator({ HINDSIGHT_LLM_TIMEOUT_MS: '1000' }, fallback);
    expect((await withFallback.generator.generate(generationInput())).generator).toEqual({ kind: 'builtin' });
    expect(withFallback.metrics.generationCount('openai', 'fallback')).toBe(1);
  });

  it('retries a schema violation (an invented source) once, with the rejected answer, and sums both answers’ tokens', async () => {
    const invented = JSON.stringify({ topics: [], summary: [{ text: 'Facture en double', sources: ['call-999'] }], nextStep: null });
    stub.answer(
      { content: invented, usage: { prompt_tokens: 100, completion_tokens: 30 } },
      { content: GOOD_ANSWER, usage: { prompt_tokens: 150, completion_tokens: 60 } },
    );
    const { generator: openai, metrics } = generator();

    const generation = await openai.generate(generationInput());

    expect(generation.generator.usage).toEqual({ inputTokens: 250, outputTokens: 90 });
    expect(stub.requests).toHaveLength(2);
    const retry = stub.requests[1].body.messages;
    expect(retry.map(({ role }) => role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(retry[2].content).toBe(invented);
    expect(retry[3].content).toMatch(/summary\[0\]\.sources\[0\]: Invalid option/);
    expect(metrics.generationCount('openai', 'malformed_retried')).toBe(1);
  });

  it('retries an answer that is not JSON once, saying so', async () => {
    stub.answer({ content: 'Voici le résumé : facture en double.' }, { content: GOOD_ANSWER });
    // No client retry: the SDK reports text that is not JSON as an error, which the client would retry blindly.
    const { generator: openai, metrics } = generator({ HINDSIGHT_LLM_MAX_RETRIES: '0' });

    const generation = await openai.generate(generationInput());

    expect(generation.generator.kind).toBe('llm');
    expect(stub.requests).toHaveLength(2);
    const retry = stub.requests[1].body.messages;
    expect(retry.map(({ role }) => role)).toEqual(['system', 'user', 'user']);
    expect(retry[2].content).toMatch(/^Your answer was rejected:\n- the answer is not valid JSON\n/);
    expect(metrics.generationCount('openai', 'malformed_retried')).toBe(1);
  });

  it('never sends a key from the environment (OPENAI_API_KEY) to the configured server', async () => {
    stub.answer({ content: GOOD_ANSWER });
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-from-the-environment';
    try {
      const config = loadConfig({ HINDSIGHT_LLM_PROVIDER: 'openai', HINDSIGHT_LLM_MODEL: 'local-model', HINDSIGHT_LLM_BASE_URL: baseUrl });
      await createInsightsGenerator(config.llm, { builtin: new StubBuiltinGenerator() }).generate(generationInput());
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
    expect(stub.requests[0].headers.authorization).toBe('Bearer not-needed');
  });
});
