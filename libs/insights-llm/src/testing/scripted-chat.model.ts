import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { assembleStructuredOutputPipeline, createContentParser } from '@langchain/core/language_models/structured_output';
import type { AIMessage, BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { FakeListChatModel } from '@langchain/core/utils/testing';

export interface ScriptedChatModelOptions {
  /** Tokens each answer reports (`usage_metadata`), as a provider would. */
  readonly usage?: { readonly input_tokens: number; readonly output_tokens: number };
  /** Milliseconds before each answer (timeouts). */
  readonly sleep?: number;
  /** The first this-many calls fail like a refused connection. */
  readonly failures?: number;
}

/**
 * LangChain's scripted fake (`FakeListChatModel`: its answers in turn), made to behave like the real
 * providers on the path the generator uses: structured output through the JSON-schema method (the
 * answer's text parsed and checked with the zod schema, `includeRaw` honoured, as ChatOpenAI and
 * ChatOllama do), token usage on each answer, and a record of every prompt it received.
 */
export class ScriptedChatModel extends FakeListChatModel {
  readonly prompts: BaseMessage[][] = [];
  private failuresLeft: number;

  constructor(
    responses: string[],
    private readonly scripted: ScriptedChatModelOptions = {},
  ) {
    super({ responses });
    this.failuresLeft = scripted.failures ?? 0;
  }

  override async _generate(
    messages: BaseMessage[],
    options?: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    this.prompts.push(messages);
    if (this.scripted.sleep) await sleep(this.scripted.sleep, options?.signal);
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    }
    const result = await super._generate(messages, options, runManager);
    const usage = this.scripted.usage ?? { input_tokens: 100, output_tokens: 20 };
    for (const generation of result.generations)
      (generation.message as AIMessage).usage_metadata = { ...usage, total_tokens: usage.input_tokens + usage.output_tokens };
    return result;
  }

  // The fake's own version ignores includeRaw and throws on text that is not JSON; real providers do neither.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one signature standing for both overloads of the base method
  override withStructuredOutput(schema: any, config?: any): any {
    return assembleStructuredOutputPipeline(this, createContentParser(schema), config?.includeRaw);
  }
}

/** Like a request in flight: ends early, and leaves no timer behind, when the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason as Error)), { once: true });
  });
}
