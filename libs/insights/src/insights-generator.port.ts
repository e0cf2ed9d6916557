import type { GenerationInput, Generation } from './insights.types';

/** DI token of the insights generator port. */
export const INSIGHTS_GENERATOR = Symbol('INSIGHTS_GENERATOR');

/**
 * Writes topics, summary statements and a next step from a contact's interactions, each citing the
 * interactions it came from. Implementations: the built-in extractive summariser, and LangChain chat
 * models. A generator that cannot produce valid, well-sourced content throws `InsightsGenerationError`.
 */
export interface InsightsGenerator {
  generate(input: GenerationInput, options?: { readonly signal?: AbortSignal }): Promise<Generation>;
}

export class InsightsGenerationError extends Error {
  readonly code = 'LLM_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InsightsGenerationError';
  }
}
