import { fixedClock } from '@app/clock';
import type { HistoryQuery } from '@app/history';
import { createLogger } from '@app/observability';
import { type GrpcServerOptions, type RunningGrpcServer, startGrpcServer } from '../../../apps/hindsight/src/grpc';
import { HistoryClient } from './grpc-clients';

/** "Now" on the test servers: the window of a request without `at` ends here. */
export const NOW = '2026-03-01T10:15:30.250Z';

export interface TestServer {
  readonly server: RunningGrpcServer;
  readonly client: HistoryClient;
  close(): Promise<void>;
}

/** The real server on an ephemeral loopback port, with a client connected to it. */
export async function startTestServer(historyQuery: HistoryQuery, options: Partial<GrpcServerOptions> = {}): Promise<TestServer> {
  const server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    historyQuery,
    deadlineMs: 150,
    logger: createLogger('silent'),
    clock: fixedClock(NOW),
    ...options,
  });
  const client = new HistoryClient(server.port);
  return {
    server,
    client,
    close: async () => {
      client.close();
      await server.stop(1000);
    },
  };
}
