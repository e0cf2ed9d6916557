import { workerData } from 'node:worker_threads';
import { CachingTokenVerifier, DEFAULT_TOKEN_CACHE, JoseTokenVerifier, keepTokenKeysFresh } from '@app/auth';
import { systemClock } from '@app/clock';
import { createLogger, EventLoopMonitor } from '@app/observability';
import { HistoryReaderThreadQuery } from '@app/projections';
import { channelToMain, serveSupervisedThread } from '@app/thread-channel';
import { GrpcCallAuthenticator } from './grpc-call.authenticator';
import { startGrpcServer } from './grpc-server';
import type { GrpcThread, GrpcThreadData } from './grpc-thread.protocol';
import { HistoryCallMetrics } from './history-call.metrics';

/**
 * serve's gRPC thread: the voice agent's calls on an event loop of their own. On the main thread they
 * waited behind HTTP ingest (each POST decoded, validated and answered there): a call arrived in a turn
 * busy with dozens of requests and its answer waited for another. Here the loop does nothing else, and
 * the history reader thread it starts answers its queries.
 */
async function runGrpcThread(): Promise<void> {
  const data = workerData as GrpcThreadData;
  const logger = createLogger(data.logLevel, 'hindsight-grpc');
  const historyQuery = new HistoryReaderThreadQuery({
    store: data.store,
    postgresConnections: data.historyReadConnections,
    clock: systemClock,
    logger: createLogger(data.logLevel, 'history-reader'),
    // The bundle's directory: this entry is bundled next to the reader thread's.
    threadDirectory: __dirname,
  });
  await historyQuery.start();
  let stopKeyRefresh = () => undefined as void;
  let authenticator: GrpcCallAuthenticator | undefined;
  if (data.tokenKeys !== undefined) {
    const verifier = new JoseTokenVerifier(data.tokenKeys, systemClock);
    stopKeyRefresh = await keepTokenKeysFresh(data.tokenKeys, verifier, logger);
    authenticator = new GrpcCallAuthenticator(new CachingTokenVerifier(verifier, DEFAULT_TOKEN_CACHE, systemClock));
  }
  const eventLoop = new EventLoopMonitor().start();
  const metrics = new HistoryCallMetrics(eventLoop);
  const server = await startGrpcServer({
    host: data.host,
    port: data.port,
    historyQuery,
    deadlineMs: data.deadlineMs,
    logger,
    clock: systemClock,
    ...(data.protoDirectory === undefined ? {} : { protoDirectory: data.protoDirectory }),
    warmUp: data.warmUp,
    ...(authenticator === undefined ? {} : { authenticator }),
    admissionControl: data.admissionControl,
    metrics,
    eventLoop,
  });
  const main = channelToMain<GrpcThread>();
  main.answer({ address: () => ({ port: server.port }), metrics: () => metrics.prometheusLines() });
  serveSupervisedThread(main, async () => {
    await server.stop(data.shutdownTimeoutMs);
    stopKeyRefresh();
    eventLoop.stop();
    await historyQuery.close();
  });
}

// A server that cannot start (port taken, store unreachable) ends the thread with that error: its supervisor reports the start as failed.
runGrpcThread().catch((error: unknown) =>
  setImmediate(() => {
    throw error;
  }),
);
