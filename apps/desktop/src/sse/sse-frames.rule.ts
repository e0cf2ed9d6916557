/** One server-sent event as the HTML standard's parser dispatches it. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** What is left of the text after the last complete event: fed back with the next chunk. */
export interface SseParse {
  events: SseEvent[];
  rest: string;
}

/**
 * Splits a text/event-stream into events (CR, LF or CRLF line ends; `data` lines joined with LF; comment lines
 * and unknown fields ignored; an event without data is not dispatched). EventSource cannot send an
 * Authorization header, so the desktop reads the stream with fetch and this parser.
 */
export const parseSseFrames = (buffered: string, chunk: string): SseParse => {
  let text = buffered + chunk;
  // A trailing CR may be the first half of a CRLF still in flight: kept for the next chunk.
  const heldBack = text.endsWith('\r') ? '\r' : '';
  if (heldBack) text = text.slice(0, -1);
  const blocks = text.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop()! + heldBack;
  const events: SseEvent[] = [];
  for (const block of blocks) {
    const event = eventOf(block);
    if (event) events.push(event);
  }
  return { events, rest };
};

const eventOf = (block: string): SseEvent | undefined => {
  let type = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  if (data.length === 0) return undefined;
  return { event: type, data: data.join('\n'), ...(id !== undefined ? { id } : {}) };
};
