import { format } from 'node:util';
import { Server, ServerCredentials, setLogger } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { type Clock, systemClock } from '@app/clock';
import type { HistoryQuery, HistoryRequest } from '@app/history';
import type { EventLoopMonitor, Logger } from '@app/observability';
import type { GrpcCallAuthenticator } from './grpc-call.authenticator';
import { HISTORY_SERVICE_NAME, loadHistoryProto } from './history-proto.loader';
import { grpcAddress } from './grpc-address';
import { warmUpOverGrpc } from './grpc-warm-up';
import { HistoryGrpcService } from './history.grpc-service';
import { HistoryAdmission } from './history-admission';
import type { HistoryCallMetrics } from './history-call.metrics';
import { resolveProtoDirectory } from './proto-directory.resolver';

export interface GrpcServerOptions {
  /** Interface to listen on, e.g. 127.0.0.1 (loopback), 0.0.0.0 or ::. */
  readonly host: string;
  /** 0 picks a free port; the bound one is on the returned server. */
  readonly port: number;
  readonly historyQuery: HistoryQuery;
  /** How long a history query may take before the fail-open answer. */
  readonly deadlineMs: number;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Where `hindsight/v1/history.proto` lives; found by walking up from this file when absent. */
  readonly protoDirectory?: string;
  /** Calls run through the server before health reports SERVING (see grpc-warm-up.ts); none when absent. */
  readonly warmUp?: { readonly requests: readonly HistoryRequest[]; readonly budgetMs: number };
  /** GetHistory needs a service token with `history:read` (a key is configured); none: unauthenticated (loopback). */
  readonly authenticator?: GrpcCallAuthenticator;
  /** Admission control and the store breaker (on unless false): calls the reader cannot answer in time are answered at once. */
  readonly admissionControl?: boolean;
  /** Where answers, shed calls and the reader's queue are counted for /metrics. */
  readonly metrics?: HistoryCallMetrics;
  /** The serving thread's monitor: its lag is charged to each call's deadline (the call arrived that much earlier). */
  readonly eventLoop?: EventLoopMonitor;
}

export interface RunningGrpcServer {
  readonly host: string;
  readonly port: number;
  /**
   * Reports NOT_SERVING to health checks and watchers, lets calls in flight finish for up to
   * `timeoutMs`, then cuts the rest. Safe to call more than once.
   */
  stop(timeoutMs?: number): Promise<void>;
}

/** Health reports the server as a whole ("") and the history service by name. */
const HEALTH_SERVICES = ['', HISTORY_SERVICE_NAME];
const DEFAULT_STOP_TIMEOUT_MS = 5000;

/** Starts the gRPC server: ConversationHistory, grpc.health.v1.Health and server reflection (v1 and v1alpha). */
export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  checkOptions(options);
  routeGrpcLogs(options.logger);
  const protoDirectory = resolveProtoDirectory(options.protoDirectory);
  const proto = loadHistoryProto(protoDirectory);
  // Channelz (grpc-js's introspection service) is not served here; its per-call bookkeeping costs ~5%.
  const server = new Server({ 'grpc.enable_channelz': 0 });
  const admission = options.admissionControl === false ? undefined : new HistoryAdmission({ deadlineMs: options.deadlineMs });
  if (admission) options.metrics?.watch(admission);
  const eventLoop = options.eventLoop;
  const history = new HistoryGrpcService({
    historyQuery: options.historyQuery,
    deadlineMs: options.deadlineMs,
    clock: options.clock ?? systemClock,
    logger: options.logger,
    ...(options.authenticator === undefined ? {} : { authenticator: options.authenticator }),
    ...(admission === undefined ? {} : { admission }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    ...(eventLoop === undefined ? {} : { arrivalLagMs: () => eventLoop.lagMs() }),
  });
  server.addService(proto.historyService, history.implementation());
  const health = new HealthImplementation(Object.fromEntries(HEALTH_SERVICES.map((service) => [service, 'NOT_SERVING' as const])));
  health.addToServer(server);
  new ReflectionService(proto.reflectionDefinition).addToServer(server);

  let port: number;
  try {
    port = await bind(server, options.host, options.port);
  } catch (error) {
    server.forceShutdown();
    throw error;
  }
  if (options.warmUp && options.warmUp.requests.length > 0) {
    // Health still says NOT_SERVING: a load balancer or the voice agent's channel waits for the end.
    // The warm-up's pass dies with it: only the server's own calls, only before it reports SERVING.
    const authorization = options.authenticator?.beginWarmUp();
    const warmed = await warmUpOverGrpc({
      host: options.host,
      port,
      historyService: proto.historyService,
      authorization,
      ...options.warmUp,
    }).finally(() => options.authenticator?.endWarmUp());
    options.logger.info(warmed, 'gRPC read path warmed up');
  }
  for (const service of HEALTH_SERVICES) health.setStatus(service, 'SERVING');
  options.logger.info({ host: options.host, port, deadlineMs: options.deadlineMs, protoDirectory }, 'gRPC server listening');

  let stopping: Promise<void> | undefined;
  return {
    host: options.host,
    port,
    stop: (timeoutMs = DEFAULT_STOP_TIMEOUT_MS) => {
      stopping ??= stop(server, health, timeoutMs, options.logger);
      return stopping;
    },
  };
}

function checkOptions(options: GrpcServerOptions): void {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) {
    throw new RangeError(`gRPC port must be an integer from 0 to 65535, got ${options.port}`);
  }
  if (!Number.isInteger(options.deadlineMs) || options.deadlineMs < 1) {
    throw new RangeError(`gRPC deadline must be a positive number of milliseconds, got ${options.deadlineMs}`);
  }
}

function bind(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(grpcAddress(host, port), ServerCredentials.createInsecure(), (error, boundPort) =>
      // grpc-js says "No address added…" and puts the cause after: name the address first.
      error
        ? reject(new Error(`gRPC cannot listen on ${grpcAddress(host, port)}: ${error.message}`, { cause: error }))
        : resolve(boundPort),
    );
  });
}

async function stop(server: Server, health: HealthImplementation, timeoutMs: number, logger: Logger): Promise<void> {
  // Watchers (load balancers, the voice agent's channel) learn first, while connections still work.
  for (const service of HEALTH_SERVICES) health.setStatus(service, 'NOT_SERVING');
  const graceful = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  // After a graceful shutdown this is a no-op; otherwise it cancels what is left (e.g. health Watch streams).
  server.forceShutdown();
  logger.info({ graceful }, 'gRPC server stopped');
}

/**
 * grpc-js writes its own lines on the console ("E No address added…" when a port is taken): they go
 * through pino instead, as JSON lines like every other log, so a failed start prints one plain line.
 * grpc-js has one logger per process.
 */
function routeGrpcLogs(logger: Logger): void {
  const line = (...args: unknown[]) => ({ grpc: format(...args) });
  setLogger({
    error: (...args: unknown[]) => logger.error(line(...args), 'grpc-js'),
    info: (...args: unknown[]) => logger.info(line(...args), 'grpc-js'),
    debug: (...args: unknown[]) => logger.debug(line(...args), 'grpc-js'),
  });
}
