/** What a service token may be granted: ingest, and the voice agent's history. */
export const SCOPES = ['events:write', 'history:read'] as const;
export type Scope = (typeof SCOPES)[number];

/** A human agent of one workspace (agent desktop): `sub` is the userId, `ws` the workspace. */
export interface AgentPrincipal {
  readonly kind: 'agent';
  readonly userId: string;
  readonly workspaceId: string;
}

/**
 * A system (a telephony platform, the voice agent): `sub` names it, `scope` says what it may do, and
 * `ws`, when present, restricts it to one workspace; absent, it acts for every workspace.
 */
export interface ServicePrincipal {
  readonly kind: 'service';
  readonly service: string;
  /** As granted, known or not: the rules only ever look for the ones they need. */
  readonly scopes: readonly string[];
  readonly workspaceId?: string;
}

/** Who a verified token speaks for. */
export type Principal = AgentPrincipal | ServicePrincipal;

/** What `@CurrentAgent()` gives a handler. */
export interface CurrentAgentIdentity {
  readonly userId: string;
  readonly workspaceId: string;
}
