import { credentials, makeClientConstructor, Metadata, type Client, type ServiceDefinition, type ServiceError } from '@grpc/grpc-js';
import type { HistoryRequest } from '@app/history';
import type { GetHistoryRequestWire } from './history-wire.types';
import { grpcAddress } from './grpc-address';
import { toGetHistoryRequestWire } from './history-request.mapper';

export interface GrpcWarmUpOptions {
  /** Where the server listens; a wildcard address (0.0.0.0, ::) is reached on loopback. */
  readonly host: string;
  readonly port: number;
  readonly historyService: ServiceDefinition;
  readonly requests: readonly HistoryRequest[];
  /** The warm-up stops at this budget even if requests are left: a slow store must not hold the start. */
  readonly budgetMs: number;
  /** The `authorization` metadata of each call, when the server authenticates them. */
  readonly authorization?: string;
}

export interface GrpcWarmUpResult {
  readonly calls: number;
  /** Calls that ended in an error status (fail-open answers are not errors). */
  readonly failed: number;
  readonly elapsedMs: number;
}

/** Calls in flight during the warm-up: enough to exercise concurrent paths, few enough to stay cheap. */
const WARM_UP_CONCURRENCY = 8;

/**
 * Runs real GetHistory calls through the server, over its own port, before it reports ready. A
 * freshly started server answers its first thousand calls several times slower (code not yet
 * optimised by V8, read caches empty): at 1,000 calls/s, callers then waited 240-350 ms, past the
 * fail-open deadline. The warm-up pays that before the first real caller does.
 */
export async function warmUpOverGrpc(options: GrpcWarmUpOptions): Promise<GrpcWarmUpResult> {
  const started = performance.now();
  const HistoryClient = makeClientConstructor(options.historyService, 'ConversationHistory');
  const client = new HistoryClient(grpcAddress(loopbackHost(options.host), options.port), credentials.createInsecure()) as Client &
    Record<string, unknown>;
  let next = 0;
  let calls = 0;
  let failed = 0;
  const metadata = new Metadata();
  if (options.authorization !== undefined) metadata.set('authorization', options.authorization);
  const call = (request: HistoryRequest) =>
    new Promise<void>((resolve) => {
      const getHistory = client.GetHistory as (
        wire: GetHistoryRequestWire,
        metadata: Metadata,
        options: { deadline: Date },
        callback: (error: ServiceError | null) => void,
      ) => void;
      getHistory.call(
        client,
        toGetHistoryRequestWire(request),
        metadata,
        { deadline: new Date(Date.now() + options.budgetMs) },
        (error) => {
          calls += 1;
          if (error) failed += 1;
          resolve();
        },
      );
    });
  const worker = async () => {
    while (next < options.requests.length && performance.now() - started < options.budgetMs) await call(options.requests[next++]);
  };
  try {
    await Promise.all(Array.from({ length: WARM_UP_CONCURRENCY }, worker));
  } finally {
    client.close();
  }
  return { calls, failed, elapsedMs: Math.round(performance.now() - started) };
}

/** A wildcard listening address is reached on loopback. */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  return host === '::' || host === '[::]' ? '::1' : host;
}
