import { ChatAnthropic } from '@langchain/anthropic';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';
import { createChatModel } from './chat-model.factory';

const settings = { timeoutMs: 30_000, maxRetries: 1 };

describe('createChatModel', () => {
  it('builds ChatOpenAI with the base URL, the key, the timeout and the retries it is given (not 6)', () => {
    const model = createChatModel({ ...settings, provider: 'openai', model: 'qwen2.5', baseUrl: 'http://127.0.0.1:8000/v1', apiKey: 'k' });
    expect(model).toBeInstanceOf(ChatOpenAI);
    expect(model).toMatchObject({ model: 'qwen2.5', apiKey: 'k', timeout: 30_000, temperature: 0, caller: { maxRetries: 1 } });
    expect((model as ChatOpenAI).clientConfig.baseURL).toBe('http://127.0.0.1:8000/v1');
  });

  it.each([
    ['OpenAI itself when no base URL is set', {}, 'https://api.openai.com/v1'],
    ['the configured base URL', { baseUrl: 'http://lmstudio:1234/v1' }, 'http://lmstudio:1234/v1'],
  ])('points ChatOpenAI at %s, never at OPENAI_BASE_URL', (_case, extra, baseURL) => {
    const saved = process.env.OPENAI_BASE_URL;
    process.env.OPENAI_BASE_URL = 'http://elsewhere.example/v1';
    try {
      const model = createChatModel({ ...settings, provider: 'openai', model: 'gpt-4o-mini', apiKey: 'k', ...extra }) as ChatOpenAI;
      expect(model.clientConfig.baseURL).toBe(baseURL);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_BASE_URL;
      else process.env.OPENAI_BASE_URL = saved;
    }
  });

  it('leaves the temperature of reasoning models alone (they refuse one)', () => {
    expect(createChatModel({ ...settings, provider: 'openai', model: 'o4-mini', apiKey: 'k' })).not.toMatchObject({ temperature: 0 });
    expect(createChatModel({ ...settings, provider: 'openai', model: 'gpt-4o-mini', apiKey: 'k' })).toMatchObject({ temperature: 0 });
  });

  it('builds ChatOllama on the local Ollama by default', () => {
    const model = createChatModel({ ...settings, provider: 'ollama', model: 'llama3.2' });
    expect(model).toBeInstanceOf(ChatOllama);
    expect(model).toMatchObject({ model: 'llama3.2', baseUrl: 'http://127.0.0.1:11434', temperature: 0, caller: { maxRetries: 1 } });
  });

  it('builds ChatAnthropic with the key, Anthropic’s URL and the timeout', () => {
    const model = createChatModel({ ...settings, provider: 'anthropic', model: 'claude-haiku-4-5', apiKey: 'k' });
    expect(model).toBeInstanceOf(ChatAnthropic);
    expect(model).toMatchObject({
      model: 'claude-haiku-4-5',
      apiKey: 'k',
      apiUrl: 'https://api.anthropic.com',
      clientOptions: { timeout: 30_000 },
    });
  });
});
