import { inspect } from 'node:util';
import { ConfigError } from './config.error';
import { loadConfig } from './hindsight.config';

describe('the LLM configuration (HINDSIGHT_LLM_*)', () => {
  it('defaults to the built-in summariser, no fallback, 30 s and one client retry', () => {
    expect(loadConfig({}).llm).toMatchObject({ provider: 'builtin', fallback: 'none', timeoutMs: 30_000, maxRetries: 1 });
    expect(loadConfig({}).llm.model).toBeUndefined();
  });

  it.each([
    [{ HINDSIGHT_LLM_PROVIDER: 'openai', HINDSIGHT_LLM_MODEL: 'gpt-4o-mini', HINDSIGHT_LLM_API_KEY: 'sk-test' }, { provider: 'openai' }],
    // A local OpenAI-compatible server needs a base URL, not a key.
    [
      { HINDSIGHT_LLM_PROVIDER: 'openai', HINDSIGHT_LLM_MODEL: 'qwen2.5', HINDSIGHT_LLM_BASE_URL: 'http://127.0.0.1:8000/v1' },
      { baseUrl: 'http://127.0.0.1:8000/v1', apiKey: undefined },
    ],
    [
      { HINDSIGHT_LLM_PROVIDER: 'openai', HINDSIGHT_LLM_MODEL: 'llama3', HINDSIGHT_LLM_BASE_URL: 'http://vllm:8000/v1' },
      { model: 'llama3' },
    ],
    [
      { HINDSIGHT_LLM_PROVIDER: 'ollama', HINDSIGHT_LLM_MODEL: 'llama3.2' },
      { provider: 'ollama', baseUrl: undefined },
    ],
    [
      { HINDSIGHT_LLM_PROVIDER: 'anthropic', HINDSIGHT_LLM_MODEL: 'claude-haiku-4-5', HINDSIGHT_LLM_API_KEY: 'k' },
      { provider: 'anthropic' },
    ],
    [
      { HINDSIGHT_LLM_PROVIDER: 'ollama', HINDSIGHT_LLM_MODEL: 'm', HINDSIGHT_LLM_TIMEOUT_MS: '5000', HINDSIGHT_LLM_MAX_RETRIES: '0' },
      { timeoutMs: 5000, maxRetries: 0 },
    ],
    [{ HINDSIGHT_LLM_PROVIDER: 'ollama', HINDSIGHT_LLM_MODEL: 'm', HINDSIGHT_LLM_FALLBACK: 'builtin' }, { fallback: 'builtin' }],
    // The built-in ignores the model settings, and LangSmith tracing cannot leak what it never sends.
    [{ HINDSIGHT_LLM_PROVIDER: 'builtin', LANGSMITH_TRACING: 'true' }, { provider: 'builtin' }],
  ])('accepts %j', (environment, expected) => {
    expect(loadConfig(environment).llm).toMatchObject(expected);
  });

  it.each([
    [
      { HINDSIGHT_LLM_PROVIDER: 'gemini' },
      'HINDSIGHT_LLM_PROVIDER (provider): provider must be one of the following values: builtin, openai, ollama, anthropic',
    ],
    [
      { HINDSIGHT_LLM_PROVIDER: 'openai', HINDSIGHT_LLM_API_KEY: 'k' },
      'HINDSIGHT_LLM_MODEL (model): model is required when HINDSIGHT_LLM_PROVIDER is openai',
    ],
    [{ HINDSIGHT_LLM_PROVIDER: 'ollama' }, 'HINDSIGHT_LLM_MODEL (model): model is required when HINDSIGHT_LLM_PROVIDER is ollama'],
    [
      { HINDSIGHT_LLM_PROVIDER: 'openai', HINDSIGHT_LLM_MODEL: 'gpt-4o-mini' },
      'HINDSIGHT_LLM_API_KEY (apiKey): apiKey is required when HINDSIGHT_LLM_PROVIDER is openai without HINDSIGHT_LLM_BASE_URL',
    ],
    [
      { HINDSIGHT_LLM_PROVIDER: 'anthropic', HINDSIGHT_LLM_MODEL: 'claude', HINDSIGHT_LLM_BASE_URL: 'http://proxy:8080' },
      'HINDSIGHT_LLM_API_KEY (apiKey): apiKey is required when HINDSIGHT_LLM_PROVIDER is anthropic',
    ],
    [
      { HINDSIGHT_LLM_PROVIDER: 'openai', HINDSIGHT_LLM_MODEL: 'm', HINDSIGHT_LLM_BASE_URL: 'localhost:8000' },
      'HINDSIGHT_LLM_BASE_URL (baseUrl): baseUrl must be an http(s) URL',
    ],
    [
      { HINDSIGHT_LLM_PROVIDER: 'openai', HINDSIGHT_LLM_MODEL: 'm', HINDSIGHT_LLM_BASE_URL: 'ftp://host/v1' },
      'HINDSIGHT_LLM_BASE_URL (baseUrl): baseUrl must be an http(s) URL',
    ],
    [{ HINDSIGHT_LLM_TIMEOUT_MS: 'soon' }, 'HINDSIGHT_LLM_TIMEOUT_MS (timeoutMs): timeoutMs must be an integer number'],
    [{ HINDSIGHT_LLM_TIMEOUT_MS: '10' }, 'HINDSIGHT_LLM_TIMEOUT_MS (timeoutMs): timeoutMs must not be less than 1000'],
    [{ HINDSIGHT_LLM_MAX_RETRIES: '-1' }, 'HINDSIGHT_LLM_MAX_RETRIES (maxRetries): maxRetries must not be less than 0'],
    [{ HINDSIGHT_LLM_MAX_RETRIES: '11' }, 'HINDSIGHT_LLM_MAX_RETRIES (maxRetries): maxRetries must not be greater than 10'],
    [
      { HINDSIGHT_LLM_FALLBACK: 'openai' },
      'HINDSIGHT_LLM_FALLBACK (fallback): fallback must be one of the following values: none, builtin',
    ],
    [
      { HINDSIGHT_LLM_PROVIDER: 'ollama', HINDSIGHT_LLM_MODEL: 'm', LANGCHAIN_TRACING_V2: 'true' },
      'LANGCHAIN_TRACING_V2: LangSmith tracing would send transcripts to LangSmith; unset it to use HINDSIGHT_LLM_PROVIDER=ollama',
    ],
  ])('refuses %j, naming the variable once', (environment, problem) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(expect.objectContaining({ problems: [problem] }));
  });

  it('reports LLM problems with the other settings in one error', () => {
    expect(() => loadConfig({ HINDSIGHT_HTTP_PORT: 'x', HINDSIGHT_LLM_PROVIDER: 'ollama' })).toThrow(
      expect.objectContaining({ problems: [expect.stringMatching(/^HINDSIGHT_HTTP_PORT/), expect.stringMatching(/^HINDSIGHT_LLM_MODEL/)] }),
    );
  });

  it('never prints the API key, in an error, JSON or inspect', () => {
    const secret = 'sk-very-secret';
    const config = loadConfig({ HINDSIGHT_LLM_PROVIDER: 'openai', HINDSIGHT_LLM_MODEL: 'm', HINDSIGHT_LLM_API_KEY: secret });
    expect(config.llm.apiKey).toBe(secret);
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(inspect(config, { depth: 5 })).not.toContain(secret);
    expect(JSON.stringify(config.llm)).toContain('"apiKey":"***"');
    try {
      loadConfig({ HINDSIGHT_LLM_PROVIDER: 'openai', HINDSIGHT_LLM_API_KEY: secret, HINDSIGHT_LLM_TIMEOUT_MS: '1' });
    } catch (error) {
      expect(String(error)).not.toContain(secret);
    }
    expect.assertions(5);
  });
});
