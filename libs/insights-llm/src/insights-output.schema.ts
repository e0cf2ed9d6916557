import { z } from 'zod';
import type { GeneratedContent } from '@app/insights';

/** At most this many topics and summary statements: an agent reads them during a call. */
export const MAX_TOPICS = 6;
export const MAX_STATEMENTS = 6;
const MAX_TEXT_LENGTH = 400;

// An HTML tag (`<b>`, `</div>`, `<img src=…>`): the desktop shows plain text, and markup in an answer
// is what an injected "output HTML" would produce.
const MARKUP = /<\/?[a-z][\w-]*(\s[^<>]*)?\/?>/i;

/**
 * The output a chat model must give for one contact. Sources are an enum of this input's interaction
 * ids: servers that constrain decoding to the JSON schema (vLLM, llama.cpp, LM Studio, Ollama) cannot
 * even spell another id, and zod refuses one from those that do not.
 */
export function insightsOutputSchema(interactionIds: readonly string[]) {
  const [first, ...rest] = interactionIds;
  const sourced = z.object({
    text: z
      .string()
      .min(1)
      .max(MAX_TEXT_LENGTH)
      .refine((text) => !MARKUP.test(text), 'must be plain text, without HTML markup'),
    sources: z
      .array(z.enum([first, ...rest]))
      .min(1)
      .max(interactionIds.length)
      .describe('ids of the interactions this text comes from'),
  });
  return z
    .object({
      topics: z.array(sourced).max(MAX_TOPICS).describe('what the conversations were about, as short phrases'),
      summary: z.array(sourced).min(1).max(MAX_STATEMENTS).describe('factual statements, most recent first'),
      nextStep: sourced.nullable().describe('the one action the agent should take next, or null when none is suggested'),
    })
    .describe('Contact insights for a contact-center agent');
}

export type InsightsOutput = z.infer<ReturnType<typeof insightsOutputSchema>>;

/** zod's issues as lines a model (and a log) can act on: `summary[0].sources[1]: Invalid option…`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
    return `${path.replace(/^\./, '') || '(the answer)'}: ${issue.message}`;
  });
}

/** Valid output as the port's content: trimmed texts, each source once. */
export function toGeneratedContent(output: InsightsOutput): GeneratedContent {
  const sourced = ({ text, sources }: { text: string; sources: readonly string[] }) => ({
    text: text.trim(),
    sources: [...new Set(sources)],
  });
  return {
    topics: output.topics.map(sourced),
    summary: output.summary.map(sourced),
    nextStep: output.nextStep ? sourced(output.nextStep) : null,
  };
}
