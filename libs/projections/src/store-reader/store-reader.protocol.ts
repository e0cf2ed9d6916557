import type { EventStore } from '@app/event-store';
import type { ThreadProtocol } from '@app/thread-channel';
import type { ReadModelStore } from '../read-model-store.port';

/** What the store reader thread starts with. */
export interface StoreReaderThreadData {
  /** The SQLite store URL; the thread opens its own read connection. */
  readonly store: string;
}

/** The event log's reads the thread answers (`readAll` is paged over `read` by the calling side). */
export type EventRead = 'read' | 'readStream' | 'headPosition' | 'footprint';

/** The read models' reads it answers; their writes belong to the writer thread. */
export type ReadModelRead =
  | 'checkpoint'
  | 'checkpointState'
  | 'quarantined'
  | 'refoldsRequested'
  | 'quarantineCounts'
  | 'load'
  | 'documents'
  | 'find'
  | 'findDocuments'
  | 'findDocumentsWithReferences'
  | 'sample';

/** A read's parameters, and the instant (epoch milliseconds) after which its caller no longer waits for it. */
export interface StoreReadPayload<ReadParameters extends readonly unknown[]> {
  readonly parameters: ReadParameters;
  readonly answerBy: number;
}

/** One request per method, named `<store>.<method>`, with the method's own arguments and result. */
type ReadRequests<Store, Methods extends keyof Store, Prefix extends string> = {
  readonly [Method in Methods as `${Prefix}.${Method & string}`]: Store[Method] extends (
    ...parameters: infer ReadParameters
  ) => Promise<infer Result>
    ? { readonly payload: StoreReadPayload<ReadParameters>; readonly result: Result }
    : never;
};

export type StoreReadRequests = ReadRequests<EventStore, EventRead, 'events'> & ReadRequests<ReadModelStore, ReadModelRead, 'readModels'>;

export type StoreRead = keyof StoreReadRequests;

/** The main thread of `serve` asks the store reader thread for the reads it would otherwise make itself. */
export type StoreReaderThread = ThreadProtocol<{ readonly requests: StoreReadRequests; readonly notices: Record<never, never> }>;
