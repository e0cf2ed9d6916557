import type { Principal } from './principal';

export type PrincipalResult = { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly reason: string };

export interface ClaimsOptions {
  /** The development key speaks for agents only: a service token signed with it is refused. */
  readonly agentsOnly?: boolean;
}

/** Identifiers of our own systems are short; anything longer is not a token we issue. */
const MAX_IDENTIFIER_LENGTH = 256;

const identifier = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '' && value.length <= MAX_IDENTIFIER_LENGTH;

/**
 * Who the (already verified) claims speak for. A token with a `scope` claim is a service token
 * (`sub` the service, `scope` space-separated, `ws` optional: absent, every workspace); a token without
 * one is an agent token (`sub` the userId, `ws` required). The presence of `scope` decides, not its
 * content: an empty scope is a service allowed nothing, never an agent.
 */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>, options: ClaimsOptions = {}): PrincipalResult {
  const { sub, ws, scope } = claims;
  if (!identifier(sub)) return { ok: false, reason: 'the token has no subject (sub)' };
  if (ws !== undefined && !identifier(ws)) return { ok: false, reason: 'the token has an invalid workspace (ws)' };
  if (scope === undefined) {
    if (ws === undefined) return { ok: false, reason: 'the token has neither a workspace (ws, agent tokens) nor a scope (service tokens)' };
    return { ok: true, principal: { kind: 'agent', userId: sub, workspaceId: ws } };
  }
  if (typeof scope !== 'string') return { ok: false, reason: 'the token has an invalid scope (a space-separated string)' };
  if (options.agentsOnly) return { ok: false, reason: 'the development key signs agent tokens only; service tokens need a configured key' };
  const scopes = [...new Set(scope.split(' ').filter((granted) => granted !== ''))];
  return { ok: true, principal: { kind: 'service', service: sub, scopes, ...(ws === undefined ? {} : { workspaceId: ws }) } };
}
