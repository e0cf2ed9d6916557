import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOllama } from '@langchain/ollama';
import { ChatOpenAI } from '@langchain/openai';
import { LLM_DEFAULT_BASE_URLS, type LlmConfig, type LlmProvider } from '@app/config';

export type ChatModelProvider = Exclude<LlmProvider, 'builtin'>;

/** What a chat model is made from: a validated `LlmConfig` with a provider other than `builtin`. */
export type ChatModelSettings = Pick<LlmConfig, 'baseUrl' | 'apiKey' | 'timeoutMs' | 'maxRetries'> & {
  readonly provider: ChatModelProvider;
  readonly model: string;
};

// Reasoning models refuse a temperature; the others summarise best without sampling noise.
const REASONING_MODEL = /^(o\d|gpt-[5-9](?!-chat))/;

/**
 * The LangChain chat model a validated configuration names. Base URL and API key are always passed
 * explicitly: with nothing set, the SDKs would read OPENAI_API_KEY, OPENAI_BASE_URL, ANTHROPIC_API_KEY
 * or a LangSmith gateway from the environment, and could send one provider's key to another's server.
 * The client retries failed requests `maxRetries` times (ChatOpenAI's default is 6) and gives up on a
 * request after `timeoutMs`; the generator bounds the whole generation by the same timeout.
 */
export function createChatModel(config: ChatModelSettings): BaseChatModel {
  const baseUrl = config.baseUrl ?? LLM_DEFAULT_BASE_URLS[config.provider];
  const common = { model: config.model, maxRetries: config.maxRetries };
  switch (config.provider) {
    case 'openai':
      return new ChatOpenAI({
        ...common,
        // Local servers (vLLM, llama.cpp, LM Studio, Ollama) take any key; the SDK insists on one.
        apiKey: config.apiKey ?? 'not-needed',
        configuration: { baseURL: baseUrl },
        timeout: config.timeoutMs,
        ...(REASONING_MODEL.test(config.model) ? {} : { temperature: 0 }),
      });
    case 'ollama':
      return new ChatOllama({
        ...common,
        baseUrl,
        temperature: 0,
        ...(config.apiKey && { headers: { authorization: `Bearer ${config.apiKey}` } }),
        // ChatOllama has no timeout setting: each request gets its own deadline.
        fetch: (url, init) => fetch(url, { ...init, signal: withTimeout(init?.signal, config.timeoutMs) }),
      });
    case 'anthropic':
      return new ChatAnthropic({
        ...common,
        apiKey: config.apiKey,
        anthropicApiUrl: baseUrl,
        temperature: 0,
        clientOptions: { timeout: config.timeoutMs },
      });
  }
}

function withTimeout(signal: AbortSignal | null | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}
