import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@app/config';
import { InsightsGenerationMetrics } from './insights-generation.metrics';
import { createInsightsGenerator } from './insights-generator.factory';
import { generationInput, GOOD_ANSWER, StubBuiltinGenerator } from './testing/insights-input.fixtures';

interface OllamaChatRequest {
  readonly model: string;
  readonly format: unknown;
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content: string }>;
  readonly options?: { readonly temperature?: number };
}

/** The real ChatOllama client against a loopback server speaking Ollama's `/api/chat` (NDJSON stream). */
describe('HINDSIGHT_LLM_PROVIDER=ollama against a loopback Ollama server', () => {
  const requests: Array<{ url: string; body: OllamaChatRequest }> = [];
  let delayMs = 0;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OllamaChatRequest;
        requests.push({ url: request.url ?? '', body });
        const timer = setTimeout(() => {
          response.writeHead(200, { 'content-type': 'application/x-ndjson' });
          const half = Math.floor(GOOD_ANSWER.length / 2);
          for (const part of [GOOD_ANSWER.slice(0, half), GOOD_ANSWER.slice(half)])
            response.write(`${JSON.stringify({ model: body.model, message: { role: 'assistant', content: part }, done: false })}\n`);
          response.end(
            `${JSON.stringify({ model: body.model, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 640, eval_count: 72 })}\n`,
          );
        }, delayMs);
        response.on('close', () => clearTimeout(timer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    requests.splice(0);
    delayMs = 0;
  });

  function generator(settings: Record<string, string> = {}) {
    const config = loadConfig({
      HINDSIGHT_LLM_PROVIDER: 'ollama',
      HINDSIGHT_LLM_MODEL: 'llama3.2',
      HINDSIGHT_LLM_BASE_URL: baseUrl,
      ...settings,
    });
    const metrics = new InsightsGenerationMetrics();
    return { generator: createInsightsGenerator(config.llm, { builtin: new StubBuiltinGenerator(), metrics }), metrics };
  }

  it('sends the JSON schema as the format, and reports the tokens Ollama counted', async () => {
    const { generator: ollama } = generator();

    const generation = await ollama.generate(generationInput());

    expect(generation.generator).toEqual({
      kind: 'llm',
      provider: 'ollama',
      model: 'llama3.2',
      usage: { inputTokens: 640, outputTokens: 72 },
    });
    expect(generation.content.topics).toEqual([{ text: 'Facture de février en double', sources: ['call-1', 'sms-2'] }]);
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe('/api/chat');
    expect(requests[0].body).toMatchObject({ model: 'llama3.2', options: { temperature: 0 } });
    expect(JSON.stringify(requests[0].body.format)).toContain('"enum":["call-1","sms-2","vm-3"]');
    expect(requests[0].body.messages.map(({ role }) => role)).toEqual(['system', 'user']);
  });

  it('times out after HINDSIGHT_LLM_TIMEOUT_MS', async () => {
    delayMs = 10_000;
    const { generator: ollama, metrics } = generator({ HINDSIGHT_LLM_TIMEOUT_MS: '1000' });
    const started = Date.now();

    await expect(ollama.generate(generationInput())).rejects.toMatchObject({ code: 'LLM_FAILED', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(metrics.generationCount('ollama', 'timeout')).toBe(1);
  });
});
