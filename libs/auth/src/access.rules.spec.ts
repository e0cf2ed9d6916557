import { agentEndpointAccess, historyAccess, ingestAccess, scopeAccess, workspaceAccess } from './access.rules';
import type { Principal } from './principal';

const agent: Principal = { kind: 'agent', userId: 'camille', workspaceId: 'acme' };
const writer: Principal = { kind: 'service', service: 'pbx', scopes: ['events:write'] };
const acmeWriter: Principal = { kind: 'service', service: 'pbx', scopes: ['events:write'], workspaceId: 'acme' };
const voice: Principal = { kind: 'service', service: 'voice', scopes: ['history:read'] };
const acmeVoice: Principal = { kind: 'service', service: 'voice', scopes: ['history:read'], workspaceId: 'acme' };
const both: Principal = { kind: 'service', service: 'ops', scopes: ['history:read', 'events:write'] };
const nothing: Principal = { kind: 'service', service: 'idle', scopes: [] };
const lookalike: Principal = { kind: 'service', service: 'x', scopes: ['events:write:all', 'history', 'EVENTS:WRITE'] };

describe('access rules', () => {
  it.each([
    ['a service with events:write', writer, true],
    ['a service restricted to a workspace, with events:write', acmeWriter, true],
    ['a service with both scopes', both, true],
    ['a service with history:read only', voice, 'SCOPE_REQUIRED'],
    ['a service with no scope', nothing, 'SCOPE_REQUIRED'],
    ['a service with look-alike scopes', lookalike, 'SCOPE_REQUIRED'],
    ['an agent', agent, 'SCOPE_REQUIRED'],
  ])('ingest: %s → %s', (_name, principal, expected) => {
    const decision = ingestAccess(principal);
    expect(decision.allowed ? true : decision.code).toBe(expected);
  });

  it.each([
    ['a service of every workspace, any event', writer, 'other', true],
    ['a service restricted to acme, an acme event', acmeWriter, 'acme', true],
    ['a service restricted to acme, an event of another workspace', acmeWriter, 'other', 'WORKSPACE_FORBIDDEN'],
    ['a service restricted to acme, a look-alike workspace', acmeWriter, 'acme ', 'WORKSPACE_FORBIDDEN'],
    ['a service restricted to acme, another case', acmeWriter, 'ACME', 'WORKSPACE_FORBIDDEN'],
    ['an agent, its own workspace', agent, 'acme', true],
    ['an agent, another workspace', agent, 'other', 'WORKSPACE_FORBIDDEN'],
  ])('workspace: %s → %s', (_name, principal, workspaceId, expected) => {
    const decision = workspaceAccess(principal, workspaceId);
    expect(decision.allowed ? true : decision.code).toBe(expected);
  });

  it.each([
    ['the voice agent of every workspace', voice, 'acme', true],
    ['the voice agent restricted to acme, acme', acmeVoice, 'acme', true],
    ['the voice agent restricted to acme, another workspace', acmeVoice, 'other', 'WORKSPACE_FORBIDDEN'],
    ['a service with both scopes', both, 'acme', true],
    ['an ingest-only service', writer, 'acme', 'SCOPE_REQUIRED'],
    ['an ingest-only service restricted to another workspace (scope first)', acmeWriter, 'other', 'SCOPE_REQUIRED'],
    ['an agent of that workspace', agent, 'acme', 'SCOPE_REQUIRED'],
    ['a service with no scope', nothing, 'acme', 'SCOPE_REQUIRED'],
  ])('gRPC GetHistory: %s → %s', (_name, principal, workspaceId, expected) => {
    const decision = historyAccess(principal, workspaceId);
    expect(decision.allowed ? true : decision.code).toBe(expected);
  });

  it.each([
    ['an agent of the path workspace', agent, 'acme', true],
    ['an agent of another workspace', agent, 'other', 'WORKSPACE_FORBIDDEN'],
    ['a service of every workspace', both, 'acme', 'AGENT_TOKEN_REQUIRED'],
    ['a service restricted to the path workspace', acmeVoice, 'acme', 'AGENT_TOKEN_REQUIRED'],
  ])('agent endpoints: %s → %s', (_name, principal, workspaceId, expected) => {
    const decision = agentEndpointAccess(principal, workspaceId);
    expect(decision.allowed ? true : decision.code).toBe(expected);
  });

  it('says which scope is missing and which the token has', () => {
    expect(scopeAccess(voice, 'events:write')).toEqual({
      allowed: false,
      code: 'SCOPE_REQUIRED',
      reason: 'this needs a service token with the scope events:write; the token\'s scope is "history:read"',
    });
    expect(workspaceAccess(acmeWriter, 'other')).toMatchObject({ reason: 'the token is for workspace "acme", not "other"' });
  });
});
