import type { IndexEntry } from './document-projection';
import { assertStorable } from './storable-values.rule';

const entry = (overrides: Partial<IndexEntry> = {}): IndexEntry => ({
  index: 'activity-by-contact',
  workspaceId: 'ws-1',
  identifier: '+33612345678',
  scope: 'inbox-1',
  sortKey: '2026-03-01T09:00:00.000Z',
  ...overrides,
});

describe('assertStorable', () => {
  it.each<[string, string, IndexEntry[], RegExp | undefined]>([
    ['a plain key and entries', 'ws-1/call-1', [entry()], undefined],
    ['no entries', 'ws-1/call-1', [], undefined],
    ['accents and emoji', 'ws-1/Élodie 👋', [entry({ identifier: 'élodie@example.com' })], undefined],
    ['a NUL in the key', 'ws-1/call\u00001', [entry()], /document key must not contain the NUL/],
    ['a NUL in an identifier', 'ws-1/call-1', [entry(), entry({ identifier: 'c\u0000' })], /identifier must not contain the NUL/],
    ['a lone surrogate in a scope', 'ws-1/call-1', [entry({ scope: 'inbox\ud800' })], /scope must be well-formed Unicode/],
    ['a NUL in a workspace', 'ws-1/call-1', [entry({ workspaceId: '\u0000' })], /workspaceId must not contain the NUL/],
  ])('%s', (_case, key, entries, expected) => {
    if (expected === undefined) expect(() => assertStorable(key, entries)).not.toThrow();
    else expect(() => assertStorable(key, entries)).toThrow(expected);
  });
});
