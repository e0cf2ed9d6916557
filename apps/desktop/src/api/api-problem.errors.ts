/** An RFC 9457 problem the API answered (or a network failure, as status 0): views key their wording on `code`. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${status} ${code}: ${detail}`);
    this.name = 'ApiProblem';
  }
}

/** Reads a problem body; anything else (a proxy's HTML page) still becomes a problem with the HTTP status. */
export const problemFrom = (status: number, body: unknown): ApiProblem => {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; detail?: unknown; title?: unknown };
  const code = typeof problem.code === 'string' ? problem.code : `HTTP_${status}`;
  const detail = typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : '';
  return new ApiProblem(status, code, detail);
};

export const isProblem = (error: unknown, code?: string): error is ApiProblem =>
  error instanceof ApiProblem && (code === undefined || error.code === code);
