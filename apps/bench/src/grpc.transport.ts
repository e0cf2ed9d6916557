import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLogger } from '@app/observability';
import type { HistoryQuery, HistoryRequest } from '@app/history';
import { startGrpcServer } from '../../hindsight/src/grpc';
import type { LatencyFigures } from './latency';

/** The real gRPC server on loopback in this process; the client load runs in a child process. */
export const grpcTransport = {
  name: 'gRPC on loopback (client in another process)',
  start: (query: HistoryQuery, requests: readonly HistoryRequest[]) => serve(query, requests),
};

/**
 * The same server and client with the read model taken out: every call gets one recorded answer at
 * once. What is left is the cost of gRPC over HTTP/2 in Node on this machine, the floor under the row above.
 */
export const grpcFloorTransport = {
  name: 'gRPC floor: same server, a recorded answer (no read model)',
  async start(query: HistoryQuery, requests: readonly HistoryRequest[]) {
    const recorded = await query.getHistory(requests[0]);
    return serve({ getHistory: async () => recorded }, requests);
  },
};

async function serve(query: HistoryQuery, requests: readonly HistoryRequest[]) {
  const server = await startGrpcServer({ host: '127.0.0.1', port: 0, historyQuery: query, deadlineMs: 150, logger: createLogger('silent') });
  const requestsFile = join(tmpdir(), `hindsight-grpc-load-${process.pid}.json`);
  writeFileSync(requestsFile, JSON.stringify(requests));
  return {
    measure: async (concurrency: number): Promise<LatencyFigures> => {
      const { stdout } = await promisify(execFile)(process.execPath, [process.argv[1], 'grpc-load', '--port', String(server.port), '--requests', requestsFile, '--concurrency', String(concurrency)]);
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as LatencyFigures;
    },
    stop: async () => {
      rmSync(requestsFile, { force: true });
      await server.stop(1000);
    },
  };
}
