import { ApiProblem } from './api/api-problem.errors';
import { translator } from './i18n/i18n';
import { englishMessages } from './i18n/messages-en.lexicon';
import { frenchMessages } from './i18n/messages-fr.lexicon';
import { problemMessage } from './problem-message.rule';

describe('problemMessage', () => {
  const english = translator('en');

  it.each<[string, unknown, string]>([
    [
      'the call transcript is missing: the API says it, verbatim',
      new ApiProblem(422, 'NO_CALL_TRANSCRIPT', 'The call has no transcript yet.'),
      'The call has no transcript yet.',
    ],
    ['a network failure', new ApiProblem(0, 'NETWORK', 'Failed to fetch'), englishMessages['problem.network']],
    ['the store is down', new ApiProblem(503, 'STORE_UNAVAILABLE', 'pg down'), englishMessages['problem.STORE_UNAVAILABLE']],
    ['sign-in is down', new ApiProblem(503, 'AUTH_UNAVAILABLE', ''), englishMessages['problem.AUTH_UNAVAILABLE']],
    ['the generator failed', new ApiProblem(502, 'LLM_FAILED', ''), englishMessages['problem.LLM_FAILED']],
    ['generated, not stored', new ApiProblem(503, 'INSIGHTS_NOT_STORED', ''), englishMessages['problem.INSIGHTS_NOT_STORED']],
    [
      'a conversation not visible',
      new ApiProblem(403, 'CONVERSATION_NOT_VISIBLE', ''),
      englishMessages['problem.CONVERSATION_NOT_VISIBLE'],
    ],
    ['an unknown conversation', new ApiProblem(404, 'CONVERSATION_NOT_FOUND', ''), englishMessages['problem.CONVERSATION_NOT_FOUND']],
    ['insights turned off', new ApiProblem(403, 'INSIGHTS_DISABLED', ''), englishMessages['insights.unavailable.INSIGHTS_DISABLED']],
    ['no licence', new ApiProblem(403, 'LICENCE_REQUIRED', ''), englishMessages['insights.unavailable.LICENCE_REQUIRED']],
    ['not configured', new ApiProblem(403, 'USER_NOT_CONFIGURED', ''), englishMessages['insights.unavailable.USER_NOT_CONFIGURED']],
    [
      'an unexpected code with a detail: status and detail',
      new ApiProblem(500, 'INTERNAL', 'boom'),
      'The server answered an error (500). boom',
    ],
    ['an unexpected code without detail: the status', new ApiProblem(502, 'HTTP_502', ''), 'The server answered an error (502).'],
    ['not a problem at all: still a sentence', new TypeError('x is undefined'), englishMessages['app.error']],
    ['nothing thrown', undefined, englishMessages['app.error']],
  ])('%s', (_case, error, expected) => {
    expect(problemMessage(english, error)).toBe(expected);
  });

  it('speaks French too', () => {
    const french = translator('fr');
    expect([
      problemMessage(french, new ApiProblem(0, 'NETWORK', '')),
      problemMessage(french, new ApiProblem(403, 'LICENCE_REQUIRED', '')),
      problemMessage(french, new ApiProblem(418, 'TEAPOT', '')),
    ]).toEqual([
      frenchMessages['problem.network'],
      frenchMessages['insights.unavailable.LICENCE_REQUIRED'],
      'Le serveur a répondu une erreur (418).',
    ]);
  });
});
