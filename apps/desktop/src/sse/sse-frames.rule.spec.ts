import { parseSseFrames, type SseEvent } from './sse-frames.rule';

/** Feeds the chunks one after the other, as the reader does, and checks nothing is left over. */
const parseAll = (chunks: readonly string[]): SseEvent[] => {
  let pending = '';
  const events: SseEvent[] = [];
  for (const chunk of chunks) {
    const parsed = parseSseFrames(pending, chunk);
    events.push(...parsed.events);
    pending = parsed.rest;
  }
  expect(pending).toBe('');
  return events;
};

describe('parseSseFrames', () => {
  it.each<[string, string, SseEvent[]]>([
    ['one data line', 'data: a\n\n', [{ event: 'message', data: 'a' }]],
    ['a named event', 'event: session\ndata: {}\n\n', [{ event: 'session', data: '{}' }]],
    ['an id', 'id: 7\nevent: reset\ndata: {}\n\n', [{ event: 'reset', data: '{}', id: '7' }]],
    ['data lines joined with LF', 'data: one\ndata: two\n\n', [{ event: 'message', data: 'one\ntwo' }]],
    ['no space after the colon', 'data:tight\n\n', [{ event: 'message', data: 'tight' }]],
    ['only the first space is dropped', 'data:  two spaces\n\n', [{ event: 'message', data: ' two spaces' }]],
    ['a colon in the value is kept', 'data: {"a":"b:c"}\n\n', [{ event: 'message', data: '{"a":"b:c"}' }]],
    ['a data line with no colon is an empty line of data', 'data\n\n', [{ event: 'message', data: '' }]],
    ['CRLF line ends', 'event: session\r\ndata: a\r\n\r\n', [{ event: 'session', data: 'a' }]],
    [
      'CR line ends',
      'event: session\rdata: a\r\rdata: b\r\r\n',
      [
        { event: 'session', data: 'a' },
        { event: 'message', data: 'b' },
      ],
    ],
    ['mixed line ends', 'data: a\r\ndata: b\rdata: c\n\n', [{ event: 'message', data: 'a\nb\nc' }]],
    ['a comment is ignored', ': ping\ndata: a\n\n', [{ event: 'message', data: 'a' }]],
    ['a comment alone is no event', ': ping\n\n', []],
    ['an event with no data is dropped', 'event: ping\n\n', []],
    ['an id with no data is dropped', 'id: 3\n\n', []],
    ['unknown fields are ignored', 'retry: 1000\nfoo: bar\ndata: a\n\n', [{ event: 'message', data: 'a' }]],
    [
      'the event type does not carry over',
      'event: session\ndata: a\n\ndata: b\n\n',
      [
        { event: 'session', data: 'a' },
        { event: 'message', data: 'b' },
      ],
    ],
    [
      'extra blank lines between events',
      'data: a\n\n\n\ndata: b\n\n',
      [
        { event: 'message', data: 'a' },
        { event: 'message', data: 'b' },
      ],
    ],
  ])('%s', (_case, text, expected) => {
    expect(parseSseFrames('', text)).toEqual({ events: expected, rest: '' });
  });

  it.each<[string, string, string, SseEvent[], string]>([
    ['an incomplete event is carried', '', 'data: a\n\ndata: b', [{ event: 'message', data: 'a' }], 'data: b'],
    ['an event with one line end is not complete yet', '', 'data: a\n', [], 'data: a\n'],
    ['the carried text completes with the next chunk', 'data: b', '\n\n', [{ event: 'message', data: 'b' }], ''],
    ['a trailing CR is held back: it may be half of a CRLF', '', 'data: a\r', [], 'data: a\r'],
    ['a held-back CR followed by LF is one line end', 'data: a\r', '\n\r\n', [{ event: 'message', data: 'a' }], ''],
  ])('%s', (_case, buffered, chunk, events, rest) => {
    expect(parseSseFrames(buffered, chunk)).toEqual({ events, rest });
  });

  it('a CR-only stream: the event its final CR completes is dispatched with the next text', () => {
    const first = parseSseFrames('', 'data: a\r\rdata: b\r\r');
    expect(first.events).toEqual([{ event: 'message', data: 'a' }]);
    const second = parseSseFrames(first.rest, ': ping\r');
    expect(second.events).toEqual([{ event: 'message', data: 'b' }]);
  });

  it('a CRLF split between two chunks is one line end, not two', () => {
    const first = parseSseFrames('', 'data: a\r');
    const second = parseSseFrames(first.rest, '\ndata: b\r\n\r\n');
    expect([...first.events, ...second.events]).toEqual([{ event: 'message', data: 'a\nb' }]);
    expect(second.rest).toBe('');
  });

  describe('gives the same events however the stream is split', () => {
    const streams: [string, string][] = [
      [
        'LF',
        ': ping\n\nid: 1\nevent: session\ndata: {"sessionId":"s-1"}\n\nevent: ping\ndata: {}\n\ndata: one\ndata: two\n\nevent: nothing\n\n',
      ],
      ['CRLF', 'event: session\r\ndata: {"a":1}\r\n\r\n: comment\r\ndata: x\r\ndata: y\r\n\r\nid: 2\r\nevent: reset\r\ndata: {}\r\n\r\n'],
      ['CR', 'event: session\rdata: a\r\r:c\rdata: b\rdata: c\r\revent: last\rdata: z\r\r\n'],
      ['mixed', 'data: a\r\n\ndata: b\n\r\nevent: e\rdata: c\r\n\r\n'],
    ];

    it.each(streams)('%s line ends, in two chunks at every position', (_case, stream) => {
      const whole = parseAll([stream]);
      expect(whole.length).toBeGreaterThan(1);
      for (let split = 0; split <= stream.length; split += 1) {
        expect({ split, events: parseAll([stream.slice(0, split), stream.slice(split)]) }).toEqual({ split, events: whole });
      }
    });

    it.each(streams)('%s line ends, in three chunks at every pair of positions', (_case, stream) => {
      const whole = parseAll([stream]);
      for (let first = 0; first <= stream.length; first += 1) {
        for (let second = first; second <= stream.length; second += 1) {
          const chunks = [stream.slice(0, first), stream.slice(first, second), stream.slice(second)];
          expect({ first, second, events: parseAll(chunks) }).toEqual({ first, second, events: whole });
        }
      }
    });

    it.each(streams)('%s line ends, one character at a time', (_case, stream) => {
      expect(parseAll([...stream])).toEqual(parseAll([stream]));
    });
  });
});
