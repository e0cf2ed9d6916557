import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, HumanMessage } from '@langchain/core/messages';
import type { Runnable } from '@langchain/core/runnables';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import { type GeneratedContent, type Generation, type GenerationInput, type InsightsGenerator, provenanceErrors } from '@app/insights';
import type { Logger } from '@app/observability';
import type { InsightsGenerationMetrics } from './insights-generation.metrics';
import { LlmGenerationError } from './llm-generation.error';
import { describeIssues, insightsOutputSchema, toGeneratedContent } from './insights-output.schema';
import { INSIGHTS_PROMPT, promptValues } from './insights.prompt';

export interface LangChainInsightsGeneratorOptions {
  /** Any LangChain chat model: ChatOpenAI, ChatOllama, ChatAnthropic, or a fake in tests. */
  readonly model: BaseChatModel;
  /** Names the model in `generator` and the metrics: `openai`, `ollama`, `anthropic`. */
  readonly provider: string;
  readonly modelName: string;
  /** The whole generation (both attempts and the client's own retries) is aborted after this. */
  readonly timeoutMs: number;
  /** Answers instead when the model fails (`HINDSIGHT_LLM_FALLBACK=builtin`); without one the error propagates. */
  readonly fallback?: InsightsGenerator;
  readonly metrics?: InsightsGenerationMetrics;
  /** Gets identifiers, counts and reasons only: never a prompt, a transcript or an answer. */
  readonly logger?: Logger;
}

type Usage = NonNullable<LlmGenerationError['usage']>;

/** One answer of the model, checked: valid content, or the problems to send back. */
interface Attempt {
  readonly content?: GeneratedContent;
  readonly problems: readonly string[];
  /** The answer as text, to show the model on the retry. */
  readonly answer: string;
  readonly usage?: Usage;
}

// A model's answer shown back to it on the retry is clipped: the problems matter, not the whole answer.
const MAX_ANSWER_ECHO = 8000;

/**
 * Contact insights from a LangChain chat model: the interactions as delimited data in a prompt
 * template, the answer through the model's structured output (JSON schema or tool call), checked with
 * zod and the provenance rule; one retry that tells the model what was wrong; then an
 * `LlmGenerationError`, or the fallback's result when there is one.
 */
export class LangChainInsightsGenerator implements InsightsGenerator {
  constructor(private readonly options: LangChainInsightsGeneratorOptions) {}

  async generate(input: GenerationInput, { signal }: { readonly signal?: AbortSignal } = {}): Promise<Generation> {
    const { provider, modelName, metrics } = this.options;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const { content, usage, attempts } = await this.generateWithModel(input, signal);
      metrics?.recordGeneration(provider, attempts === 1 ? 'ok' : 'malformed_retried', seconds());
      return { content, generator: { kind: 'llm', provider, model: modelName, ...(usage && { usage }) } };
    } catch (caught) {
      const error =
        caught instanceof LlmGenerationError
          ? caught
          : new LlmGenerationError(`${provider} model ${modelName} failed: ${errorSummary(caught)}`, 'error', undefined, { cause: caught });
      metrics?.recordFailure(provider, error.reason);
      this.options.logger?.warn(
        {
          provider,
          model: modelName,
          reason: error.reason,
          error: errorSummary(error.cause ?? error),
          fallback: Boolean(this.options.fallback),
        },
        'insights: the chat model failed',
      );
      // A caller that went away wants nothing, not even the built-in's answer.
      if (!this.options.fallback || error.reason === 'cancelled') {
        metrics?.recordGeneration(provider, error.reason === 'timeout' ? 'timeout' : 'failed', seconds());
        throw error;
      }
      try {
        const generation = await this.options.fallback.generate(input, { signal });
        metrics?.recordGeneration(provider, 'fallback', seconds());
        this.options.logger?.info(
          { provider, model: modelName, reason: error.reason },
          'insights: the built-in summariser answered instead',
        );
        return generation;
      } catch (fallbackError) {
        metrics?.recordGeneration(provider, 'failed', seconds());
        throw fallbackError;
      }
    }
  }

  private async generateWithModel(
    input: GenerationInput,
    callerSignal: AbortSignal | undefined,
  ): Promise<{ content: GeneratedContent; usage?: Usage; attempts: number }> {
    const { provider, modelName, timeoutMs, metrics } = this.options;
    const ids = input.interactions.map(({ interactionId }) => interactionId);
    if (ids.length === 0) throw new LlmGenerationError('no interactions to generate insights from', 'error');
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
    const values = promptValues(input);
    const schema = insightsOutputSchema(ids);
    // The model gets the JSON schema, not the zod schema: LangChain and the provider SDKs then only
    // parse its answer (ChatOpenAI's SDK would throw on a zod violation, losing the answer and its
    // tokens, and spend a transport retry on it); zod checks the answer here, with messages to send back.
    const structured = this.options.model.withStructuredOutput(toJsonSchema(schema), { name: 'contact_insights', includeRaw: true });
    const inputIds = new Set(ids);
    let usage: Usage | undefined;
    let problems: readonly string[] = [];
    const messages = await INSIGHTS_PROMPT.formatMessages(values);
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      let result: Attempt;
      try {
        result = await this.attempt(structured, messages, schema, inputIds, signal);
      } catch (error) {
        if (usage) metrics?.recordTokens(provider, usage);
        const timedOut = deadline.aborted || (!callerSignal?.aborted && isTimeout(error));
        if (timedOut)
          throw new LlmGenerationError(`${provider} model ${modelName} did not answer within ${timeoutMs} ms`, 'timeout', usage, {
            cause: error,
          });
        if (callerSignal?.aborted) throw new LlmGenerationError('insights generation was cancelled', 'cancelled', usage, { cause: error });
        throw new LlmGenerationError(`${provider} model ${modelName} failed: ${errorSummary(error)}`, 'error', usage, { cause: error });
      }
      usage = addUsage(usage, result.usage);
      if (result.content) {
        if (usage) metrics?.recordTokens(provider, usage);
        return { content: result.content, usage, attempts: attempt };
      }
      problems = result.problems;
      this.options.logger?.info(
        { provider, model: modelName, attempt, problems: problems.length },
        'insights: the chat model gave malformed output',
      );
      // The retry sees its rejected answer (when there is one to show) and every problem, then answers again from the same data.
      if (result.answer.trim() !== '') messages.push(new AIMessage(clip(result.answer, MAX_ANSWER_ECHO)));
      messages.push(new HumanMessage(correction(problems, values)));
    }
    if (usage) metrics?.recordTokens(provider, usage);
    throw new LlmGenerationError(
      `${provider} model ${modelName} gave malformed insights twice: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`,
      'malformed',
      usage,
    );
  }

  private async attempt(
    structured: Runnable<BaseMessage[], unknown>,
    messages: readonly BaseMessage[],
    schema: ReturnType<typeof insightsOutputSchema>,
    inputIds: ReadonlySet<string>,
    signal: AbortSignal,
  ): Promise<Attempt> {
    let result: unknown;
    try {
      result = await structured.invoke([...messages], { signal });
    } catch (error) {
      // The OpenAI SDK parses a json_schema answer itself and throws on text that is not JSON.
      if (!signal.aborted && error instanceof SyntaxError) return { problems: ['the answer is not valid JSON'], answer: '' };
      throw error;
    }
    // `includeRaw` gives { raw, parsed } (parsed is null when LangChain's own parsing failed); a model
    // that ignores it gives the parsed object alone.
    const raw = isRawResult(result) ? result.raw : undefined;
    const parsed = isRawResult(result) ? result.parsed : result;
    const answer = raw ? answerOf(raw) : { value: parsed, text: safeStringify(parsed) };
    const usage = raw ? usageOf(raw) : undefined;
    const value = parsed ?? answer.value;
    if (value === undefined) return { problems: ['the answer is not a JSON object'], answer: answer.text, usage };
    const checked = schema.safeParse(value);
    if (!checked.success) return { problems: describeIssues(checked.error), answer: answer.text, usage };
    const content = toGeneratedContent(checked.data);
    const problems = provenanceErrors(content, inputIds);
    return problems.length > 0 ? { problems, answer: answer.text, usage } : { content, problems, answer: answer.text, usage };
  }
}

function correction(problems: readonly string[], values: Record<string, string>): string {
  return [
    'Your answer was rejected:',
    ...problems.slice(0, 20).map((problem) => `- ${problem}`),
    `Answer again with the complete JSON object, following every rule: write in ${values.languageName}, and cite only these interaction ids: ${values.interactionIds}.`,
  ].join('\n');
}

function isRawResult(result: unknown): result is { raw: BaseMessage; parsed: unknown } {
  return typeof result === 'object' && result !== null && 'raw' in result && 'parsed' in result;
}

/** What the model answered: a tool call's arguments, or JSON in its text (fenced or not). */
function answerOf(raw: BaseMessage): { value?: unknown; text: string } {
  const message = raw as AIMessage;
  const toolCall = message.tool_calls?.[0];
  if (toolCall) return { value: toolCall.args, text: safeStringify(toolCall.args) };
  const invalid = message.invalid_tool_calls?.[0];
  if (invalid) return { text: invalid.args ?? '' };
  const text = raw.text;
  const json = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(text)?.[1] ?? text;
  try {
    return { value: JSON.parse(json), text };
  } catch {
    return { text };
  }
}

function usageOf(raw: BaseMessage): Usage | undefined {
  const metadata = (raw as AIMessage).usage_metadata;
  return metadata ? { inputTokens: metadata.input_tokens ?? 0, outputTokens: metadata.output_tokens ?? 0 } : undefined;
}

function addUsage(total: Usage | undefined, more: Usage | undefined): Usage | undefined {
  if (!more) return total;
  if (!total) return more;
  return { inputTokens: total.inputTokens + more.inputTokens, outputTokens: total.outputTokens + more.outputTokens };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && /timeout|timed out/i.test(`${error.name} ${error.message}`);
}

/** An error's name and the start of its message: enough to diagnose, too short to carry a prompt. */
function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const status = (error as { status?: unknown }).status;
  return `${error.name}${typeof status === 'number' ? ` ${status}` : ''}: ${clip(error.message, 200)}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
