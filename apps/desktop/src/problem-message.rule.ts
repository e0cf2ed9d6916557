import { ApiProblem } from './api/api-problem.errors';
import type { MessageKey } from './i18n/messages-en.lexicon';
import type { Translator } from './i18n/i18n';

const WORDED: readonly string[] = [
  'STORE_UNAVAILABLE',
  'AUTH_UNAVAILABLE',
  'LLM_FAILED',
  'INSIGHTS_NOT_STORED',
  'CONVERSATION_NOT_VISIBLE',
  'CONVERSATION_NOT_FOUND',
  'INSIGHTS_DISABLED',
  'LICENCE_REQUIRED',
  'USER_NOT_CONFIGURED',
];

/**
 * An error in the page's language, keyed on the problem's code. NO_CALL_TRANSCRIPT shows the API's own message,
 * as the product asks; anything unexpected still says something rather than leaving a blank.
 */
export const problemMessage = ({ t, language }: Pick<Translator, 't' | 'language'>, error: unknown): string => {
  if (!(error instanceof ApiProblem)) return t('app.error');
  if (error.code === 'NO_CALL_TRANSCRIPT') return error.detail;
  if (error.code === 'NETWORK') return t('problem.network');
  if (WORDED.includes(error.code)) {
    const key = (
      error.code.startsWith('INSIGHTS_DISABLED') || error.code === 'LICENCE_REQUIRED' || error.code === 'USER_NOT_CONFIGURED'
        ? `insights.unavailable.${error.code}`
        : `problem.${error.code}`
    ) as MessageKey;
    return t(key);
  }
  // The API's details are English: a French sentence is not followed by one.
  return error.detail && language === 'en'
    ? `${t('problem.other', { status: error.status })} ${error.detail}`
    : t('problem.other', { status: error.status });
};
