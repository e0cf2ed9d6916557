import type { GeneratedContent, SourcedText } from './insights.types';

/**
 * Why generated content is malformed, if it is: every topic, statement and the next step must have
 * text and cite at least one interaction, and only interactions of the input (an id outside them is
 * invented, or another contact's).
 */
export function provenanceErrors(content: GeneratedContent, inputIds: ReadonlySet<string>): string[] {
  const errors: string[] = [];
  const check = (where: string, statement: SourcedText) => {
    if (statement.text.trim() === '') errors.push(`${where} has no text`);
    if (statement.sources.length === 0) errors.push(`${where} cites no interaction`);
    for (const source of statement.sources)
      if (!inputIds.has(source)) errors.push(`${where} cites "${source}", which is not one of the interactions given`);
  };
  content.topics.forEach((topic, index) => check(`topics[${index}]`, topic));
  content.summary.forEach((statement, index) => check(`summary[${index}]`, statement));
  if (content.nextStep) check('nextStep', content.nextStep);
  if (content.summary.length === 0) errors.push('summary is empty');
  return errors;
}
