import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { createLogger } from '@app/observability';
import type { HistoryQuery, HistoryRequest } from '@app/history';
import { resolveProtoDirectory, startGrpcServer } from '../../hindsight/src/grpc';

type GetHistory = (request: unknown, options: { deadline: Date }, callback: (error: ServiceError | null, response: unknown) => void) => void;

/** The real gRPC server on loopback and a real @grpc/grpc-js client: what the voice agent sees. */
export const grpcTransport = {
  name: 'gRPC on loopback',
  async start(query: HistoryQuery) {
    const server = await startGrpcServer({ host: '127.0.0.1', port: 0, historyQuery: query, deadlineMs: 150, logger: createLogger('silent') });
    const definition = loadSync('hindsight/v1/history.proto', { includeDirs: [resolveProtoDirectory()], keepCase: true, longs: Number, enums: String, defaults: true });
    const Client = (loadPackageDefinition(definition) as unknown as { hindsight: { v1: { ConversationHistory: new (address: string, credentials: unknown) => { GetHistory: GetHistory; close(): void } } } }).hindsight.v1.ConversationHistory;
    const client = new Client(`127.0.0.1:${server.port}`, credentials.createInsecure());
    return {
      call: (request: HistoryRequest) =>
        new Promise((resolve, reject) => {
          const wire = { workspace_id: request.workspaceId, inbox_id: request.inboxId, phone: request.phone, at: request.at ? { seconds: Math.floor(Date.parse(request.at) / 1000), nanos: 0 } : undefined };
          client.GetHistory(wire, { deadline: new Date(Date.now() + 5000) }, (error, response) => (error ? reject(error) : resolve(response)));
        }),
      stop: async () => {
        client.close();
        await server.stop(1000);
      },
    };
  },
};
