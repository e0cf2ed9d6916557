import { HistoryRequestError, parseHistoryRequest } from './history-request';

describe('parseHistoryRequest', () => {
  it('normalises the phone and the instant', () => {
    expect(parseHistoryRequest({ workspaceId: 'w', inboxId: 'i', phone: '+33 6 12 34 56 78', at: '2026-03-01T10:00:00+01:00' })).toEqual({
      workspaceId: 'w',
      inboxId: 'i',
      phone: '+33612345678',
      at: '2026-03-01T09:00:00.000Z',
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['missing workspace', { inboxId: 'i', phone: '+33612345678' }, 'workspaceId'],
    ['missing inbox', { workspaceId: 'w', contactId: 'c' }, 'inboxId'],
    ['no caller', { workspaceId: 'w', inboxId: 'i' }, 'contactId'],
    ['malformed phone', { workspaceId: 'w', inboxId: 'i', phone: 'hello' }, 'phone'],
    ['both identifiers', { workspaceId: 'w', inboxId: 'i', phone: '+33612345678', contactId: 'c' }, 'contactId'],
    ['bad instant', { workspaceId: 'w', inboxId: 'i', contactId: 'c', at: 'tomorrow' }, 'at'],
  ])('rejects a request with %s, naming the field', (_case, raw, field) => {
    try {
      parseHistoryRequest(raw);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(HistoryRequestError);
      expect((error as HistoryRequestError).errors.map((fieldError) => fieldError.field)).toContain(field);
    }
  });
});
