import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { createLogger } from '@app/observability';
import type { HistoryQuery, HistoryRequest } from '@app/history';
import { resolveProtoDirectory, startGrpcServer } from '../../hindsight/src/grpc';
import { type LatencyFigures, measureLatency } from './latency';

type GetHistory = (request: unknown, options: { deadline: Date }, callback: (error: ServiceError | null, response: unknown) => void) => void;
type HistoryClient = { GetHistory: GetHistory; close(): void };

function historyClient(port: number): HistoryClient {
  const definition = loadSync('hindsight/v1/history.proto', { includeDirs: [resolveProtoDirectory()], keepCase: true, longs: Number, enums: String, defaults: true });
  const loaded = loadPackageDefinition(definition) as unknown as {
    hindsight: { v1: { ConversationHistory: new (address: string, credentials: unknown) => HistoryClient } };
  };
  return new loaded.hindsight.v1.ConversationHistory(`127.0.0.1:${port}`, credentials.createInsecure());
}

const toWire = (request: HistoryRequest) => ({
  workspace_id: request.workspaceId,
  inbox_id: request.inboxId,
  phone: request.phone,
  at: request.at ? { seconds: Math.floor(Date.parse(request.at) / 1000), nanos: 0 } : undefined,
});

/** The load generator, run in its own process (as the voice agent would be): `bench grpc-load`. */
export async function grpcLoad(port: number, requestsFile: string, concurrency: number): Promise<LatencyFigures> {
  const { readFileSync } = await import('node:fs');
  const requests = JSON.parse(readFileSync(requestsFile, 'utf8')) as HistoryRequest[];
  const client = historyClient(port);
  const call = (request: HistoryRequest) =>
    new Promise((resolve, reject) =>
      client.GetHistory(toWire(request), { deadline: new Date(Date.now() + 5000) }, (error, response) => (error ? reject(error) : resolve(response))),
    );
  try {
    for (const request of requests.slice(0, 500)) await call(request);
    return await measureLatency(requests.length, concurrency, (index) => call(requests[index]));
  } finally {
    client.close();
  }
}

/** The real gRPC server on loopback in this process; the client load runs in a child process. */
export const grpcTransport = {
  name: 'gRPC on loopback (client in another process)',
  async start(query: HistoryQuery, requests: readonly HistoryRequest[]) {
    const server = await startGrpcServer({ host: '127.0.0.1', port: 0, historyQuery: query, deadlineMs: 150, logger: createLogger('silent') });
    const requestsFile = join(tmpdir(), `hindsight-grpc-load-${process.pid}.json`);
    writeFileSync(requestsFile, JSON.stringify(requests));
    return {
      measure: async (concurrency: number): Promise<LatencyFigures> => {
        const { stdout } = await promisify(execFile)(process.execPath, [process.argv[1], 'grpc-load', '--port', String(server.port), '--requests', requestsFile, '--concurrency', String(concurrency)]);
        return JSON.parse(stdout.trim().split('\n').at(-1)!) as LatencyFigures;
      },
      stop: () => server.stop(1000),
    };
  },
};
