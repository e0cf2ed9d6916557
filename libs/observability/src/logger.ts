import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr (stdout carries command output). Callers log identifiers and counts,
 * never message bodies or transcripts; `redact` is a safety net for the field names that carry them.
 */
export function createLogger(level: string, name = 'hindsight'): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: ['body', '*.body', 'text', '*.text', 'transcript', '*.transcript', 'segments', '*.segments', 'payload'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
