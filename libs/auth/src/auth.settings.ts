/** DI token of the auth settings. */
export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

export interface AuthSettings {
  /**
   * A key is configured: every ingest request and gRPC call needs a service token. Without one they are
   * served unauthenticated, which `serve` allows on a loopback host only (checked before it starts).
   * The agent desktop's endpoints need a token either way.
   */
  readonly serviceTokensRequired: boolean;
}
