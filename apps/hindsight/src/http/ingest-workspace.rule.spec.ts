import type { Principal } from '@app/auth';
import { type ParseResult, validateEvent } from '@app/events';
import { cloudEvent, VALID_DATA } from '@app/events/testing/event.fixtures';
import { writableBy } from './ingest-workspace.rule';

const eventOf = (workspaceId: string): ParseResult =>
  validateEvent(cloudEvent('message.received', { ...VALID_DATA['message.received'], workspaceId }, { id: `m-${workspaceId}` }));
const invalid: ParseResult = { ok: false, id: 'bad', errors: [{ field: 'data.body', message: 'must be a string' }] };

const everyWorkspace: Principal = { kind: 'service', service: 'pbx', scopes: ['events:write'] };
const acmeOnly: Principal = { kind: 'service', service: 'pbx', scopes: ['events:write'], workspaceId: 'acme' };

describe('writableBy', () => {
  it.each([
    ['no writer (no key, loopback)', undefined, 'other'],
    ['a token of every workspace', everyWorkspace, 'other'],
    ['a token restricted to acme, an acme event', acmeOnly, 'acme'],
  ])('%s: the event is stored as parsed (%s)', (_name, writer, workspaceId) => {
    const parsed = eventOf(workspaceId);
    expect(parsed.ok).toBe(true);
    expect(writableBy(writer, parsed)).toEqual({ result: parsed });
  });

  it('a token restricted to acme, an event of another workspace: rejected on data.workspaceId, with the reason', () => {
    expect(writableBy(acmeOnly, eventOf('other'))).toEqual({
      result: {
        ok: false,
        id: 'm-other',
        type: 'message.received',
        errors: [{ field: 'data.workspaceId', message: 'the token is for workspace "acme", not "other"' }],
      },
      denial: 'the token is for workspace "acme", not "other"',
    });
  });

  it('an event the parser rejected stays rejected for its own reasons', () => {
    expect(writableBy(acmeOnly, invalid)).toEqual({ result: invalid });
  });
});
