import type { IncomingMessage } from 'node:http';
import { type CanActivate, type ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { agentEndpointAccess, scopeAccess } from '../access.rules';
import { AuthError } from '../auth.errors';
import { AUTH_SETTINGS, type AuthSettings } from '../auth.settings';
import { bearerChallenge, bearerToken } from '../bearer-token.rule';
import type { Principal, Scope } from '../principal';
import { TOKEN_VERIFIER, type TokenVerifier } from '../token-verifier.port';
import { setRequestPrincipal } from './request-principal';

/** Metadata key of what a route requires (set by `@AgentEndpoint()` / `@ServiceEndpoint()`). */
export const AUTH_REQUIREMENT = 'hindsight:auth-requirement';

export type AuthRequirement =
  /** An agent token of the workspace named by the route parameter `workspaceParam`. */
  | { readonly kind: 'agent'; readonly workspaceParam: string }
  /** A service token granted `scope` (only when a key is configured; see AuthSettings). */
  | { readonly kind: 'service'; readonly scope: Scope };

/**
 * Authenticates the routes marked `@AgentEndpoint()` or `@ServiceEndpoint()` and checks the workspace or
 * scope they need; a refusal is an `AuthError`, which the app's filter answers as problem details (401
 * with `WWW-Authenticate: Bearer`, 403). The verified principal is kept on the request for
 * `@CurrentAgent()` / `@CurrentPrincipal()`.
 *
 * An app composed without `AuthModule` (the HTTP tests) has no settings: service routes are then open,
 * as `serve` is on loopback without a key, and agent routes fail closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Optional() @Inject(AUTH_SETTINGS) private readonly settings?: AuthSettings,
    @Optional() @Inject(TOKEN_VERIFIER) private readonly verifier?: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (requirement === undefined) return true;
    if (requirement.kind === 'service' && !(this.settings?.serviceTokensRequired ?? false)) return true;
    const request = context.switchToHttp().getRequest<IncomingMessage & { params?: Record<string, string> }>();
    const principal = await this.authenticate(request.headers.authorization);
    const decision =
      requirement.kind === 'service'
        ? scopeAccess(principal, requirement.scope)
        : agentEndpointAccess(principal, workspaceOf(request, requirement.workspaceParam));
    if (!decision.allowed) {
      throw new AuthError(decision.code, decision.reason, {
        challenge:
          decision.code === 'SCOPE_REQUIRED' && requirement.kind === 'service'
            ? bearerChallenge('insufficient_scope', requirement.scope)
            : undefined,
      });
    }
    setRequestPrincipal(request, principal);
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Principal> {
    if (this.verifier === undefined) throw new Error('AuthGuard needs TOKEN_VERIFIER: import AuthModule.forRoot()');
    const bearer = bearerToken(header);
    if (!bearer.ok)
      throw new AuthError('UNAUTHENTICATED', bearer.reason, { challenge: bearerChallenge(header ? 'invalid_request' : 'missing') });
    try {
      return await this.verifier.verify(bearer.token);
    } catch (error) {
      if (error instanceof AuthError && error.code === 'UNAUTHENTICATED') {
        throw new AuthError(error.code, error.message, { cause: error, challenge: bearerChallenge('invalid_token') });
      }
      throw error;
    }
  }
}

function workspaceOf(request: { params?: Record<string, string> }, parameter: string): string {
  const workspaceId = request.params?.[parameter];
  // A route marked @AgentEndpoint() without its workspace parameter is a wiring bug: never "any workspace".
  if (workspaceId === undefined) throw new Error(`@AgentEndpoint(): the route has no :${parameter} parameter`);
  return workspaceId;
}
