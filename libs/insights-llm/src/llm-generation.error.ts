import { InsightsGenerationError } from '@app/insights';
import type { LlmFailureReason } from './insights-generation.metrics';

/** What a chat model could not do, and why (`LLM_FAILED`); `usage` is what its attempts cost all the same. */
export class LlmGenerationError extends InsightsGenerationError {
  constructor(
    message: string,
    readonly reason: LlmFailureReason,
    readonly usage?: { readonly inputTokens: number; readonly outputTokens: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LlmGenerationError';
  }
}
