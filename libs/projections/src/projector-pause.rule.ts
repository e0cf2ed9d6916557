import { PROJECTOR_WAKE_WINDOW_MS } from './write-side/projector-wake.throttle';

/** The linger of a running projector unless told otherwise: the writer's wake throttle already lets an event wait as much. */
export const DEFAULT_LINGER_MILLISECONDS = PROJECTOR_WAKE_WINDOW_MS;

export type ProjectorPause =
  | { readonly kind: 'continue' }
  | { readonly kind: 'linger'; readonly milliseconds: number }
  | { readonly kind: 'idle'; readonly milliseconds: number };

export interface ProjectorPauseTiming {
  readonly batchSize: number;
  readonly lingerMilliseconds: number;
  readonly idleMilliseconds: number;
}

/**
 * What a running projector does after a batch: go on at once, linger, or idle until woken.
 *
 * A batch that was full leaves a backlog: the next one starts at once (catching up, rebuilds, a Kafka
 * backlog). A batch that emptied the log but folded something lingers a fixed time before reading again,
 * whatever wakes it meanwhile: with appends of one event each (HTTP single events) the projector
 * otherwise chased the log's head in batches of a few events, each one a read, a fold and a commit of
 * nine statements on PostgreSQL (5.1 events per batch at 1,000 events/s offered), on the cores the
 * appends and the history calls need. The linger is what an event waits more before it is queryable
 * (20 ms by default, what the writer's wake throttle already allows). A batch that found nothing
 * waits for a wake, or the idle delay for appends made by another process.
 *
 * `applied`: events folded by the batch that just ran; `woken`: whether an append was announced during it.
 */
export function projectorPause(applied: number, woken: boolean, timing: ProjectorPauseTiming): ProjectorPause {
  if (applied >= timing.batchSize) return { kind: 'continue' };
  if (applied > 0)
    return timing.lingerMilliseconds > 0 ? { kind: 'linger', milliseconds: timing.lingerMilliseconds } : { kind: 'continue' };
  if (woken) return { kind: 'continue' };
  return { kind: 'idle', milliseconds: timing.idleMilliseconds };
}
