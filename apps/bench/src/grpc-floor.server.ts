import { readFileSync } from 'node:fs';
import type { HistoryResponse } from '@app/history';
import { createLogger } from '@app/observability';
import { startGrpcServer } from '../../hindsight/src/grpc';

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
