import { readFileSync } from 'node:fs';
import { createServer } from 'node:http2';
import type { MethodDefinition } from '@grpc/grpc-js';
import type { HistoryResponse } from '@app/history';
import { createLogger } from '@app/observability';
import { HISTORY_SERVICE_NAME, loadHistoryProto, resolveProtoDirectory, startGrpcServer } from '../../hindsight/src/grpc';
import { toGetHistoryResponse } from '../../hindsight/src/grpc/history-response.mapper';
import { grpcFrame } from './grpc-load';

/** The gRPC server code of `serve` answering one recorded response: the floor row of bench history. */
export async function serveRecordedAnswer(answerFile: string): Promise<void> {
  const recorded = JSON.parse(readFileSync(answerFile, 'utf8')) as HistoryResponse;
  const server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    historyQuery: { getHistory: () => Promise.resolve(recorded) },
    deadlineMs: 150,
    logger: createLogger('silent'),
  });
  process.once('SIGTERM', () => void server.stop(1000));
  console.log(JSON.stringify({ ready: true, grpc: `127.0.0.1:${server.port}` }));
}

/**
 * Node's HTTP/2 alone, no gRPC library: each call's request is read, and the recorded response,
 * encoded once, is sent back with its gRPC framing and trailers. Under this row no Node server can go
 * on this machine, whatever its query or gRPC code.
 */
export function serveRecordedAnswerOverHttp2(answerFile: string): void {
  const recorded = JSON.parse(readFileSync(answerFile, 'utf8')) as HistoryResponse;
  const method = loadHistoryProto(resolveProtoDirectory()).historyService.GetHistory as MethodDefinition<object, object>;
  const framed = grpcFrame(method.responseSerialize(toGetHistoryResponse(recorded)));
  const path = `/${HISTORY_SERVICE_NAME}/GetHistory`;
  const server = createServer();
  server.on('stream', (stream, headers) => {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      if (headers[':path'] !== path) {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12' }, { endStream: true });
        return;
      }
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(framed);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(JSON.stringify({ ready: true, grpc: `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` }));
  });
  process.once('SIGTERM', () => server.close());
}
