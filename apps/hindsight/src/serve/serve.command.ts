import type { Writable } from 'node:stream';
import type { HindsightConfig } from '@app/config';
import { describeStoreUrl } from '@app/event-store';
import { GrpcServerLifecycle } from '../grpc';
import { createHttpApp, listenHttp } from '../http';
import { ServeModule } from './serve.module';

export interface RunningServer {
  readonly httpPort: number;
  readonly grpcPort: number;
  stop(): Promise<void>;
}

/**
 * Starts everything and prints the addresses (the "ready" line); SIGTERM/SIGINT stop it gracefully:
 * gRPC drains its calls, HTTP stops accepting, the engine finishes its batch, the stores close.
 */
export async function serve(config: HindsightConfig, stdout: Writable): Promise<RunningServer> {
  const app = await createHttpApp(ServeModule.register(config));
  // Our own handlers rather than Nest's shutdown hooks, which re-raise the signal after closing: a
  // graceful stop should end with exit code 0 once everything is drained and closed.
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= app.close());
  // Exit once closed: a client library may keep a reconnect timer alive after a broker restart.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop().then(() => process.exit(), () => process.exit(1)));
  const http = await listenHttp(app, config.httpPort, config.host);
  const grpcPort = app.get(GrpcServerLifecycle).port!;
  stdout.write(
    `${JSON.stringify({
      ready: true,
      store: describeStoreUrl(config.store),
      http: `http://${config.host}:${http.port}`,
      grpc: `${config.host}:${grpcPort}`,
      ...(config.kafkaBrokers ? { kafka: config.kafkaBrokers } : {}),
    })}\n`,
  );
  return { httpPort: http.port, grpcPort, stop };
}
