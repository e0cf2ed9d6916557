import { problemOf, problemOfStatus, rawProblemResponse } from './problem-details';

describe('problem details', () => {
  it.each([
    ['INVALID_JSON', 400, 'Bad Request'],
    ['NOT_FOUND', 404, 'Not Found'],
    ['METHOD_NOT_ALLOWED', 405, 'Method Not Allowed'],
    ['TOO_MANY_EVENTS', 413, 'Payload Too Large'],
    ['UNSUPPORTED_MEDIA_TYPE', 415, 'Unsupported Media Type'],
    ['EVENT_NOT_STORABLE', 422, 'Unprocessable Entity'],
    ['HEADERS_TOO_LARGE', 431, 'Request Header Fields Too Large'],
    ['INTERNAL_ERROR', 500, 'Internal Server Error'],
    ['STORE_UNAVAILABLE', 503, 'Service Unavailable'],
    ['UNAUTHENTICATED', 401, 'Unauthorized'],
    ['SCOPE_REQUIRED', 403, 'Forbidden'],
    ['WORKSPACE_FORBIDDEN', 403, 'Forbidden'],
    ['AGENT_TOKEN_REQUIRED', 403, 'Forbidden'],
    ['AUTH_UNAVAILABLE', 503, 'Service Unavailable'],
  ] as const)('%s is a %i, titled with its reason phrase (type about:blank)', (code, status, title) => {
    expect(problemOf(code, 'why')).toEqual({ type: 'about:blank', title, status, detail: 'why', code });
  });

  it('a framework status without a code of ours takes its reason phrase as the code', () => {
    expect(problemOfStatus(409, 'already there')).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'already there',
      code: 'CONFLICT',
    });
  });

  it('a raw 401 says how to authenticate', () => {
    const [head] = rawProblemResponse(problemOf('UNAUTHENTICATED', 'no token')).split('\r\n\r\n');
    expect(head.split('\r\n')).toContain('WWW-Authenticate: Bearer realm="hindsight"');
  });

  it('a raw 503 asks to retry later, like the answer of a route; the length counts bytes', () => {
    const raw = rawProblemResponse(problemOf('STORE_UNAVAILABLE', 'réessayez'));
    const [head, body] = raw.split('\r\n\r\n');

    expect(head.split('\r\n')).toContain('Retry-After: 5');
    expect(head.split('\r\n')).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    expect(Buffer.byteLength(body)).toBeGreaterThan(body.length);
  });
});
