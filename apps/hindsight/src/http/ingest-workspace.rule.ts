import { type Principal, workspaceAccess } from '@app/auth';
import type { ParseResult } from '@app/events';

export interface WorkspaceChecked {
  readonly result: ParseResult;
  /** Why the writer may not write this event's workspace; the event is then rejected on `data.workspaceId`. */
  readonly denial?: string;
}

/**
 * An ingested event as its writer may store it. A service token restricted to a workspace (`ws`) that
 * sends an event of another workspace gets that event rejected, like an invalid one: its neighbours are
 * stored, and the answer says why per event (a single event is refused whole, 403). No writer (no key
 * configured, loopback) and a token of every workspace write anywhere.
 */
export function writableBy(writer: Principal | undefined, result: ParseResult): WorkspaceChecked {
  if (writer === undefined || !result.ok) return { result };
  const decision = workspaceAccess(writer, result.event.data.workspaceId);
  if (decision.allowed) return { result };
  return {
    result: { ok: false, id: result.event.id, type: result.event.type, errors: [{ field: 'data.workspaceId', message: decision.reason }] },
    denial: decision.reason,
  };
}
