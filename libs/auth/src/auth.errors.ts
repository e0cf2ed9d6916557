/** Why a request was not let through; the HTTP filter and the gRPC service map each code to their status. */
export type AuthErrorCode =
  /** No token, or one that does not verify (401, gRPC UNAUTHENTICATED). */
  | 'UNAUTHENTICATED'
  /** A valid token without the scope the operation needs (403, PERMISSION_DENIED). */
  | 'SCOPE_REQUIRED'
  /** A valid token of, or restricted to, another workspace (403, PERMISSION_DENIED). */
  | 'WORKSPACE_FORBIDDEN'
  /** A service token where a person must act: the agent desktop's endpoints (403). */
  | 'AGENT_TOKEN_REQUIRED'
  /** The keys could not be fetched (the JWKS is out of reach): not the caller's fault (503; gRPC fails open). */
  | 'AUTH_UNAVAILABLE';

export class AuthError extends Error {
  /** The `WWW-Authenticate` value an HTTP answer carries (RFC 6750 §3), when there is one to send. */
  readonly challenge?: string;

  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options: ErrorOptions & { readonly challenge?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuthError';
    if (options.challenge !== undefined) this.challenge = options.challenge;
  }
}
