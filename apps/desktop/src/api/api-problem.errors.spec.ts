import { ApiProblem, isProblem, problemFrom } from './api-problem.errors';

describe('problemFrom', () => {
  it.each<[string, number, unknown, { status: number; code: string; detail: string }]>([
    [
      'a problem body',
      403,
      { code: 'LICENCE_REQUIRED', detail: 'needs a licence', title: 'Forbidden' },
      { status: 403, code: 'LICENCE_REQUIRED', detail: 'needs a licence' },
    ],
    [
      'no detail: the title',
      503,
      { code: 'STORE_UNAVAILABLE', title: 'Service Unavailable' },
      { status: 503, code: 'STORE_UNAVAILABLE', detail: 'Service Unavailable' },
    ],
    ['no code: HTTP_ and the status', 502, { detail: 'bad gateway' }, { status: 502, code: 'HTTP_502', detail: 'bad gateway' }],
    ['a code that is not a string', 400, { code: 42, detail: 7 }, { status: 400, code: 'HTTP_400', detail: '' }],
    ["a proxy's HTML page, unread as JSON", 502, undefined, { status: 502, code: 'HTTP_502', detail: '' }],
    ['null', 500, null, { status: 500, code: 'HTTP_500', detail: '' }],
    ['a string', 500, 'oops', { status: 500, code: 'HTTP_500', detail: '' }],
  ])('%s', (_case, status, body, expected) => {
    const problem = problemFrom(status, body);
    expect(problem).toBeInstanceOf(ApiProblem);
    expect({ status: problem.status, code: problem.code, detail: problem.detail }).toEqual(expected);
  });
});

describe('ApiProblem', () => {
  it('is an Error that names its status, code and detail', () => {
    const problem = new ApiProblem(404, 'NO_INSIGHTS', 'none yet');
    expect(problem).toBeInstanceOf(Error);
    expect([problem.name, problem.message]).toEqual(['ApiProblem', '404 NO_INSIGHTS: none yet']);
  });
});

describe('isProblem', () => {
  const problem = new ApiProblem(403, 'LICENCE_REQUIRED', '');
  it.each<[string, unknown, string | undefined, boolean]>([
    ['any problem', problem, undefined, true],
    ['a problem with that code', problem, 'LICENCE_REQUIRED', true],
    ['a problem with another code', problem, 'INSIGHTS_DISABLED', false],
    ['an Error that is not a problem', new Error('LICENCE_REQUIRED'), undefined, false],
    ['a look-alike object', { status: 403, code: 'LICENCE_REQUIRED', detail: '' }, 'LICENCE_REQUIRED', false],
    ['nothing', undefined, undefined, false],
  ])('%s', (_case, error, code, expected) => {
    expect(isProblem(error, code)).toBe(expected);
  });
});
