import { principalFromClaims } from './token-claims.rule';

describe('principalFromClaims', () => {
  it.each([
    ['an agent token', { sub: 'u-1', ws: 'acme' }, { kind: 'agent', userId: 'u-1', workspaceId: 'acme' }],
    [
      'an agent token with other claims',
      { sub: 'u-1', ws: 'acme', name: 'Camille', exp: 1 },
      { kind: 'agent', userId: 'u-1', workspaceId: 'acme' },
    ],
    [
      'a service token of every workspace',
      { sub: 'pbx', scope: 'events:write' },
      { kind: 'service', service: 'pbx', scopes: ['events:write'] },
    ],
    [
      'a service token with two scopes, restricted to a workspace',
      { sub: 'voice', scope: 'history:read  events:write', ws: 'acme' },
      { kind: 'service', service: 'voice', scopes: ['history:read', 'events:write'], workspaceId: 'acme' },
    ],
    ['a service token with an empty scope (allowed nothing)', { sub: 'pbx', scope: '' }, { kind: 'service', service: 'pbx', scopes: [] }],
    ['a service token with an unknown scope', { sub: 'pbx', scope: 'admin' }, { kind: 'service', service: 'pbx', scopes: ['admin'] }],
    [
      'a repeated scope, once',
      { sub: 'pbx', scope: 'events:write events:write' },
      { kind: 'service', service: 'pbx', scopes: ['events:write'] },
    ],
  ])('%s', (_name, claims, principal) => {
    expect(principalFromClaims(claims)).toEqual({ ok: true, principal });
  });

  it.each([
    ['no sub', { ws: 'acme' }, /no subject/],
    ['an empty sub', { sub: '', ws: 'acme' }, /no subject/],
    ['a blank sub', { sub: '  ', ws: 'acme' }, /no subject/],
    ['a numeric sub', { sub: 42, ws: 'acme' }, /no subject/],
    ['an over-long sub', { sub: 'u'.repeat(257), ws: 'acme' }, /no subject/],
    ['neither ws nor scope', { sub: 'u-1' }, /neither a workspace/],
    ['an empty ws', { sub: 'u-1', ws: '' }, /invalid workspace/],
    ['an array ws', { sub: 'u-1', ws: ['acme', 'other'] }, /invalid workspace/],
    ['a null ws', { sub: 'u-1', ws: null }, /invalid workspace/],
    ['an array scope', { sub: 'pbx', scope: ['events:write'] }, /invalid scope/],
    ['a null scope', { sub: 'pbx', scope: null }, /invalid scope/],
  ])('refuses %s', (_name, claims, reason) => {
    const result = principalFromClaims(claims);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it.each([
    [{ sub: 'pbx', scope: 'events:write' }, false],
    [{ sub: 'pbx', scope: 'history:read', ws: 'acme' }, false],
    [{ sub: 'u-1', ws: 'acme' }, true],
  ])('with the development key (agents only), %j is accepted: %s', (claims, accepted) => {
    const result = principalFromClaims(claims, { agentsOnly: true });
    expect(result.ok).toBe(accepted);
    if (!result.ok) expect(result.reason).toMatch(/development key signs agent tokens only/);
  });
});
