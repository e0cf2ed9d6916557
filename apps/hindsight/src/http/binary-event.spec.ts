import { binaryToStructured } from './binary-event';

describe('binaryToStructured', () => {
  it('takes the attributes from the ce-* headers (percent-decoded) and the body as data, verbatim', () => {
    const text = binaryToStructured(
      {
        'content-type': 'application/json',
        'ce-specversion': '1.0',
        'ce-id': 'evt-1',
        'ce-source': 'urn:pbx:Lyon%20%C3%A9',
        'ce-type': 'session.ended',
        'ce-time': '2026-03-01T09:04:00Z',
        'ce-tenant': 'acme',
        'ce-data': 'ignored',
        'ce-datacontenttype': 'text/plain',
        'x-other': 'ignored',
      },
      '{ "workspaceId": "ws-1" }',
    );
    expect(text.endsWith(',"data":{ "workspaceId": "ws-1" }}')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      specversion: '1.0',
      id: 'evt-1',
      source: 'urn:pbx:Lyon é',
      type: 'session.ended',
      time: '2026-03-01T09:04:00Z',
      tenant: 'acme',
      datacontenttype: 'application/json',
      data: { workspaceId: 'ws-1' },
    });
  });

  it('keeps a value that is not valid percent-encoding as sent', () => {
    expect(JSON.parse(binaryToStructured({ 'ce-id': '100%' }, '{}'))).toMatchObject({ id: '100%' });
  });
});
