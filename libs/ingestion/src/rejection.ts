import type { FieldError } from '@app/validation';

/** Why one input was not stored: reported on stderr, to a rejects file, or to a dead-letter topic. */
export interface Rejection {
  /** 1-based line of the input file (CLI), or index in a request (HTTP). */
  readonly line?: number;
  readonly id?: string;
  readonly type?: string;
  readonly errors: readonly FieldError[];
}
