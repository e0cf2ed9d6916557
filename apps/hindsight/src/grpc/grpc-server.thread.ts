import type { Worker } from 'node:worker_threads';
import type { Logger } from '@app/observability';
import { threadEntryFile } from '@app/projections';
import { ThreadSupervisor } from '@app/thread-channel';
import { raceDeadline } from './query-deadline';
import type { GrpcThread, GrpcThreadData } from './grpc-thread.protocol';

/** How long a `/metrics` scrape waits for the gRPC thread's figures (a restarting thread has none). */
const METRICS_TIMEOUT_MS = 1_000;
/** Beyond the calls' own drain time, what the thread may take to stop its reader thread. */
const STOP_MARGIN_MS = 5_000;

export interface GrpcServerThreadOptions {
  /** Where the thread's entry file (`grpc-thread.js`) is; the bundle's own directory by default. */
  readonly threadDirectory?: string;
  /** Delay before a thread that died is started again. */
  readonly restartMilliseconds?: number;
}

/**
 * serve's gRPC server in a thread of its own (grpc-thread.main.ts), supervised: a thread that dies is
 * started again on the same port after a delay (calls meanwhile are refused by the connection, and the
 * voice agent's channel reconnects). Its figures reach `/metrics` through `metricsLines`.
 */
export class GrpcServerThread {
  private readonly threads: ThreadSupervisor<{ grpc: GrpcThread }>;
  private boundPort?: number;

  constructor(
    data: GrpcThreadData,
    private readonly logger: Logger,
    options: GrpcServerThreadOptions = {},
  ) {
    this.threads = new ThreadSupervisor<{ grpc: GrpcThread }>({
      label: 'gRPC server',
      logger,
      stopOrder: ['grpc'],
      stopTimeoutMilliseconds: data.shutdownTimeoutMs + STOP_MARGIN_MS,
      restartMilliseconds: options.restartMilliseconds,
      // A restart listens where the first start did (port 0 picked one): the voice agent's channel reconnects there.
      launch: () => ({
        grpc: { script: threadEntryFile('grpc', options.threadDirectory), workerData: { ...data, port: this.boundPort ?? data.port } },
      }),
    });
  }

  /** The thread, while it runs (tests terminate it to play a crash). */
  get thread(): Worker | undefined {
    return this.threads.thread('grpc');
  }

  /** The bound port (useful with port 0). */
  get port(): number | undefined {
    return this.boundPort;
  }

  /** Resolves once the thread listens, warmed up, and reports SERVING. */
  async start(): Promise<void> {
    try {
      await this.threads.start();
    } catch (error) {
      // No restarts of a server that never started; its own error ("gRPC cannot listen on …") says why.
      await this.threads.terminate();
      throw (error as Error).cause instanceof Error ? (error as Error).cause : error;
    }
    const channel = this.threads.channel('grpc');
    if (!channel) throw new Error('the gRPC thread stopped as it started');
    this.boundPort = (await channel.request('address', undefined)).port;
  }

  async metricsLines(): Promise<string[]> {
    const channel = this.threads.channel('grpc');
    if (!channel || !this.threads.isReady('grpc')) return [];
    const lines = await raceDeadline(() => channel.request('metrics', undefined), METRICS_TIMEOUT_MS);
    if (lines.kind === 'settled') return lines.value;
    this.logger.warn({ outcome: lines.kind }, 'the gRPC thread gave no figures for /metrics');
    return [];
  }

  /** Lets calls in flight finish (reporting NOT_SERVING first), then stops the thread. */
  async stop(): Promise<void> {
    await this.threads.stop();
  }
}
