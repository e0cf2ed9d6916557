import type { Writable } from 'node:stream';
import { unauthenticatedHostProblem } from '@app/auth';
import { describeStoreUrl, hasConfiguredKey, type HindsightConfig } from '@app/config';
import { GrpcServerLifecycle } from '../grpc';
import { createHttpApp, listenHttp } from '../http';
import { ServeModule } from './serve.module';
import { couldNotStart } from './start-failure';
import { stopOnSignals } from './stop-on-signals';

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
  const exposed = unauthenticatedHostProblem(config.host, hasConfiguredKey(config.auth));
  if (exposed !== undefined) throw couldNotStart('serve', new Error(exposed), config.store);
  const app = await createHttpApp(ServeModule.register(config)).catch((error: unknown) => {
    throw couldNotStart('serve', error, config.store);
  });
  const stop = stopOnSignals(() => app.close());
  const http = await listenHttp(app, config.httpPort, config.host).catch(async (error: unknown) => {
    // Everything else has started (threads, gRPC): stop it, or the process would live on without serving.
    await app.close().catch(() => undefined);
    throw couldNotStart('serve', error, config.store);
  });
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
