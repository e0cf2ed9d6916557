import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsUrl,
  Max,
  Min,
  ValidateIf,
  type ValidationArguments,
  type ValidationError,
  validateSync,
} from 'class-validator';
import { toFieldErrors } from '@app/validation';

export const LLM_PROVIDERS = ['builtin', 'openai', 'ollama', 'anthropic'] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

export const LLM_FALLBACKS = ['none', 'builtin'] as const;
export type LlmFallback = (typeof LLM_FALLBACKS)[number];

/** Where each provider is when no base URL is set: explicit, so no SDK falls back on OPENAI_BASE_URL & co. */
export const LLM_DEFAULT_BASE_URLS: Record<Exclude<LlmProvider, 'builtin'>, string> = {
  openai: 'https://api.openai.com/v1',
  ollama: 'http://127.0.0.1:11434',
  anthropic: 'https://api.anthropic.com',
};

// An unknown provider is reported alone, not with the settings it would need.
const usesModel = (config: LlmConfig) => Object.hasOwn(LLM_DEFAULT_BASE_URLS, config.provider);
// OpenAI's own API needs a key; a local OpenAI-compatible server (a base URL) usually does not.
const needsApiKey = (config: LlmConfig) => config.provider === 'anthropic' || (config.provider === 'openai' && !config.baseUrl);
const requiredFor = ({ object }: ValidationArguments) => `is required when HINDSIGHT_LLM_PROVIDER is ${(object as LlmConfig).provider}`;

/** How contact insights are generated (`HINDSIGHT_LLM_*`): the built-in summariser, or a chat model through LangChain. */
export class LlmConfig {
  @IsIn(LLM_PROVIDERS)
  provider: LlmProvider = 'builtin';

  @ValidateIf(usesModel)
  @IsNotEmpty({ message: requiredFor })
  model?: string;

  /** An OpenAI-compatible server (vLLM, LM Studio, llama.cpp, Ollama's /v1), Ollama's own API, or an Anthropic proxy. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'baseUrl must be an http(s) URL' })
  baseUrl?: string;

  @ValidateIf(needsApiKey)
  @IsNotEmpty({
    message: (args: ValidationArguments) =>
      (args.object as LlmConfig).provider === 'openai' ? `${requiredFor(args)} without HINDSIGHT_LLM_BASE_URL` : requiredFor(args),
  })
  apiKey?: string;

  /** The whole generation (both attempts and the client's retries) never takes longer. */
  @IsInt()
  @Min(1000)
  @Max(600_000)
  timeoutMs: number = 30_000;

  /** Retries of a failed request (connection error, 5xx, 429) by the provider's client; malformed output is retried once apart. */
  @IsInt()
  @Min(0)
  @Max(10)
  maxRetries: number = 1;

  @IsIn(LLM_FALLBACKS)
  fallback: LlmFallback = 'none';

  // The key never reaches a log or an error: whoever prints the configuration gets it redacted.
  toJSON(): object {
    return { ...this, apiKey: this.apiKey === undefined ? undefined : '***' };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return this.toJSON();
  }
}

/** Environment variable behind each setting. */
export const LLM_CONFIG_ENVIRONMENT: Record<keyof Omit<LlmConfig, 'toJSON'>, string> = {
  provider: 'HINDSIGHT_LLM_PROVIDER',
  model: 'HINDSIGHT_LLM_MODEL',
  baseUrl: 'HINDSIGHT_LLM_BASE_URL',
  apiKey: 'HINDSIGHT_LLM_API_KEY',
  timeoutMs: 'HINDSIGHT_LLM_TIMEOUT_MS',
  maxRetries: 'HINDSIGHT_LLM_MAX_RETRIES',
  fallback: 'HINDSIGHT_LLM_FALLBACK',
};

const NUMERIC = new Set(['timeoutMs', 'maxRetries']);
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Text where a number is expected breaks every numeric rule (integer, minimum, maximum): say it once. */
function oneCauseForNonNumbers(error: ValidationError): ValidationError {
  if (typeof error.value === 'string' && error.constraints?.isInt !== undefined) error.constraints = { isInt: error.constraints.isInt };
  return error;
}

// LangChain sends every prompt (here: transcripts) to LangSmith when one of these is "true".
const TRACING_VARIABLES = ['LANGSMITH_TRACING_V2', 'LANGCHAIN_TRACING_V2', 'LANGSMITH_TRACING', 'LANGCHAIN_TRACING'];

/** The LLM settings from the environment, and what is wrong with them (each problem names its variable). */
export function readLlmConfig(environment: NodeJS.ProcessEnv): { config: LlmConfig; problems: string[] } {
  const raw: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(LLM_CONFIG_ENVIRONMENT)) {
    const value = environment[variable];
    if (value === undefined || value === '') continue;
    raw[key] = NUMERIC.has(key) && NUMBER.test(value) ? Number(value) : value;
  }
  const config = plainToInstance(LlmConfig, raw);
  const problems: string[] = [];
  const named = new Set<string>();
  for (const { field, message } of toFieldErrors(validateSync(config).map(oneCauseForNonNumbers))) {
    if (named.has(field)) continue;
    named.add(field);
    problems.push(`${LLM_CONFIG_ENVIRONMENT[field as keyof typeof LLM_CONFIG_ENVIRONMENT] ?? field} (${field}): ${field} ${message}`);
  }
  const tracing = TRACING_VARIABLES.find((variable) => environment[variable] === 'true');
  if (tracing && config.provider !== 'builtin')
    problems.push(
      `${tracing}: LangSmith tracing would send transcripts to LangSmith; unset it to use HINDSIGHT_LLM_PROVIDER=${config.provider}`,
    );
  return { config, problems };
}
