import { ndjsonLines, type NdjsonLine } from './ndjson-lines';

async function* chunks(...pieces: Array<string | Buffer>): AsyncGenerator<Buffer> {
  for (const piece of pieces) yield Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
}

async function lines(source: AsyncIterable<Buffer>, max = 100): Promise<NdjsonLine[]> {
  const all: NdjsonLine[] = [];
  for await (const line of ndjsonLines(source, max)) all.push(line);
  return all;
}

describe('ndjsonLines', () => {
  it.each<[string, Array<string | Buffer>, NdjsonLine[]]>([
    [
      'one line per newline',
      ['a\nb\n'],
      [
        { lineNumber: 1, text: 'a' },
        { lineNumber: 2, text: 'b' },
      ],
    ],
    [
      'a last line without newline',
      ['a\nb'],
      [
        { lineNumber: 1, text: 'a' },
        { lineNumber: 2, text: 'b' },
      ],
    ],
    [
      'lines split across chunks',
      ['{"a"', ':1}\n{"b":', '2}\n'],
      [
        { lineNumber: 1, text: '{"a":1}' },
        { lineNumber: 2, text: '{"b":2}' },
      ],
    ],
    [
      'CRLF line endings',
      ['a\r\nb\r\n'],
      [
        { lineNumber: 1, text: 'a' },
        { lineNumber: 2, text: 'b' },
      ],
    ],
    [
      'blank lines skipped but counted',
      ['a\n\n  \nb\n'],
      [
        { lineNumber: 1, text: 'a' },
        { lineNumber: 4, text: 'b' },
      ],
    ],
    [
      'a multi-byte character split across chunks',
      [Buffer.from('é\n').subarray(0, 1), Buffer.from('é\n').subarray(1)],
      [{ lineNumber: 1, text: 'é' }],
    ],
    ['an empty input', [], []],
  ])('yields %s', async (_case, pieces, expected) => {
    expect(await lines(chunks(...pieces))).toEqual(expected);
  });

  it('reports an oversized line by its size and keeps going', async () => {
    const result = await lines(chunks('ok\n', 'x'.repeat(60), 'x'.repeat(60), 'x'.repeat(60), '\nnext\n'));
    expect(result).toEqual([
      { lineNumber: 1, text: 'ok' },
      { lineNumber: 2, oversizedBytes: 180 },
      { lineNumber: 3, text: 'next' },
    ]);
  });

  it('does not hold an endless line in memory', async () => {
    async function* endless(): AsyncGenerator<Buffer> {
      const chunk = Buffer.alloc(1024 * 1024, 0x78);
      for (let index = 0; index < 512; index += 1) yield chunk;
      yield Buffer.from('\n{"after":true}\n');
    }
    const before = process.memoryUsage().arrayBuffers;
    const result = await lines(endless(), 4 * 1024 * 1024);
    expect(result).toEqual([
      { lineNumber: 1, oversizedBytes: 512 * 1024 * 1024 },
      { lineNumber: 2, text: '{"after":true}' },
    ]);
    // 512 MiB went through; far less than that was ever retained.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });
});
