import type { AuthErrorCode } from './auth.errors';
import type { Principal, Scope } from './principal';

export type AccessDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly code: Extract<AuthErrorCode, 'SCOPE_REQUIRED' | 'WORKSPACE_FORBIDDEN' | 'AGENT_TOKEN_REQUIRED'>;
      readonly reason: string;
    };

const ALLOWED: AccessDecision = { allowed: true };

/** A service token granted `scope`; an agent token never is (people use the agent desktop, not the service APIs). */
export function scopeAccess(principal: Principal, scope: Scope): AccessDecision {
  if (principal.kind === 'service' && principal.scopes.includes(scope)) return ALLOWED;
  return {
    allowed: false,
    code: 'SCOPE_REQUIRED',
    reason:
      principal.kind === 'agent'
        ? `this needs a service token with the scope ${scope}; an agent token has none`
        : `this needs a service token with the scope ${scope}; the token's scope is "${principal.scopes.join(' ')}"`,
  };
}

/** An agent acts in its own workspace; a service in the one it is restricted to, or in any when it is not. */
export function workspaceAccess(principal: Principal, workspaceId: string): AccessDecision {
  if (principal.workspaceId === undefined || principal.workspaceId === workspaceId) return ALLOWED;
  return {
    allowed: false,
    code: 'WORKSPACE_FORBIDDEN',
    reason: `the token is for workspace "${principal.workspaceId}", not "${workspaceId}"`,
  };
}

/** `POST /v1/events` as a whole: then each event is checked against its own workspace (`workspaceAccess`). */
export function ingestAccess(principal: Principal): AccessDecision {
  return scopeAccess(principal, 'events:write');
}

/** gRPC `GetHistory` for the request's workspace. */
export function historyAccess(principal: Principal, workspaceId: string): AccessDecision {
  const scoped = scopeAccess(principal, 'history:read');
  return scoped.allowed ? workspaceAccess(principal, workspaceId) : scoped;
}

/**
 * The agent desktop's endpoints (`/v1/workspaces/:ws/…`): an agent of that workspace. Licences and what
 * the agent may see are the endpoints' own rules (they need the read models).
 */
export function agentEndpointAccess(principal: Principal, workspaceId: string): AccessDecision {
  if (principal.kind !== 'agent') {
    return {
      allowed: false,
      code: 'AGENT_TOKEN_REQUIRED',
      reason: 'this endpoint serves agents: send an agent token (sub and ws, no scope)',
    };
  }
  return workspaceAccess(principal, workspaceId);
}
