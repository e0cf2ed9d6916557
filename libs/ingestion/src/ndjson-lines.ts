export type NdjsonLine =
  | { readonly lineNumber: number; readonly text: string }
  /** A line longer than the limit: its content is dropped as it streams by, never held in memory. */
  | { readonly lineNumber: number; readonly oversizedBytes: number };

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines without ever holding more than one line (capped at `maxLineBytes`)
 * plus one chunk in memory, so a 10 GB file streams in constant memory. Blank lines are skipped.
 */
export async function* ndjsonLines(source: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let oversized = false;
  let lineNumber = 0;

  function* finishLine(tail: Buffer): Generator<NdjsonLine> {
    lineNumber += 1;
    const bytes = pendingBytes + tail.length;
    if (oversized || bytes > maxLineBytes) {
      yield { lineNumber, oversizedBytes: bytes };
    } else {
      const text = (pending.length === 0 ? tail : Buffer.concat([...pending, tail])).toString('utf8').trim();
      if (text.length > 0) yield { lineNumber, text };
    }
    pending = [];
    pendingBytes = 0;
    oversized = false;
  }

  for await (const piece of source) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      yield* finishLine(chunk.subarray(start, newline));
      start = newline + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0) continue;
    pendingBytes += rest.length;
    if (oversized || pendingBytes > maxLineBytes) {
      oversized = true;
      pending = [];
    } else {
      // Copy: the stream may reuse the chunk's memory.
      pending.push(Buffer.from(rest));
    }
  }
  if (pendingBytes > 0 || oversized) yield* finishLine(Buffer.alloc(0));
}
