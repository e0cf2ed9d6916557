/**
 * What one side of a thread boundary may ask the other (`requests`: answered by id, each with its own
 * result or error) and tell it (`notices`: one-way, no answer).
 */
export interface Protocol {
  readonly requests: Record<string, { readonly payload: unknown; readonly result: unknown }>;
  readonly notices: Record<string, unknown>;
}

/** Nothing to ask or to tell. */
export interface NoMessages {
  readonly requests: Record<never, never>;
  readonly notices: Record<never, never>;
}

/** An error as it crosses a thread boundary (structured clone keeps neither class nor extra fields reliably). */
export interface EncodedError {
  readonly name: string;
  readonly message: string;
  /** The domain error code (`STORE_UNAVAILABLE`, …), kept so that the other side maps it as it would locally. */
  readonly code?: string;
}

/** The frames on the port. */
export type ThreadMessage =
  | { readonly kind: 'request'; readonly id: number; readonly method: string; readonly payload: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'failure'; readonly id: number; readonly error: EncodedError }
  | { readonly kind: 'notice'; readonly name: string; readonly payload: unknown };

/** What every supervised thread understands: `stop` (finish the work in flight, then exit). */
export interface SupervisedThreadRequests {
  readonly requests: { readonly stop: { readonly payload: undefined; readonly result: void } };
  readonly notices: Record<never, never>;
}

/** What every supervised thread says: `ready` once it has opened what it needs and answers. */
export interface SupervisedThreadNotices {
  readonly requests: Record<never, never>;
  readonly notices: { readonly ready: undefined };
}

/** Adds what the supervisor needs to a thread's own protocol, in each direction. */
export interface ThreadProtocol<ToThread extends Protocol = NoMessages, FromThread extends Protocol = NoMessages> {
  readonly toThread: {
    readonly requests: ToThread['requests'] & SupervisedThreadRequests['requests'];
    readonly notices: ToThread['notices'];
  };
  readonly fromThread: {
    readonly requests: FromThread['requests'];
    readonly notices: FromThread['notices'] & SupervisedThreadNotices['notices'];
  };
}
