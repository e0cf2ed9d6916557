const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * The raw text of each element of a JSON array, so each event of a batch reaches `parseEvent` as the
 * exact text that was sent (its size limit then counts the event's real bytes).
 * `text` MUST already be known to be valid JSON whose top-level value is an array: this is a splitter,
 * not a validator (it only tracks strings and nesting depth).
 */
export function splitJsonArray(text: string): string[] {
  const elements: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index += 1;
      else if (code === QUOTE) inString = false;
      continue;
    }
    if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      depth += 1;
      if (depth === 1) start = index + 1;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      if (depth === 1) {
        const last = text.slice(start, index).trim();
        // Only the empty array has nothing before its closing bracket.
        if (last !== '') elements.push(last);
      }
      depth -= 1;
    } else if (code === COMMA && depth === 1) {
      elements.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  return elements;
}
