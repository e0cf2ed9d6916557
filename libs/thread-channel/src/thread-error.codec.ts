import type { EncodedError } from './thread-message';

/** Rebuilds a domain error class from its encoded form, so `instanceof` holds on the receiving side. */
export type ErrorDecoder = (encoded: EncodedError) => Error;

/** Decoders by error `name` (`EventStoreError` → `new EventStoreError(code, message)`). */
export type ErrorDecoders = Readonly<Record<string, ErrorDecoder>>;

/** Name, message and domain code of anything thrown; never its stack or other fields (they may hold data). */
export function encodeError(error: unknown): EncodedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

/** The error the other side threw: its own class when a decoder knows it, else an Error with its name and code. */
export function decodeError(encoded: EncodedError, decoders: ErrorDecoders = {}): Error {
  const decoder = Object.hasOwn(decoders, encoded.name) ? decoders[encoded.name] : undefined;
  if (decoder) return decoder(encoded);
  const error = new Error(encoded.message);
  error.name = encoded.name;
  return encoded.code === undefined ? error : Object.assign(error, { code: encoded.code });
}
