import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { REPOSITORY } from '../../support/cli';
import type { GetHistoryRequest } from './grpc-clients';

/** One answer of a burst: whether it carried the history, and when it arrived (ms since the epoch, sub-ms). */
export interface TimedAnswer {
  readonly available: boolean;
  readonly arrivedAt: number;
}

// Plain JavaScript: a worker runs files as they are, and this one must not share the test thread's event loop.
const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const grpc = require(workerData.grpcJs);
const { loadSync } = require(workerData.protoLoader);
const definition = loadSync('hindsight/v1/history.proto', { includeDirs: [workerData.protoDirectory], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
const Client = grpc.loadPackageDefinition(definition).hindsight.v1.ConversationHistory;
const client = new Client('127.0.0.1:' + workerData.port, grpc.credentials.createInsecure());
const now = () => performance.timeOrigin + performance.now();
parentPort.on('message', ({ count, request }) => {
  if (count === 0) return client.close(), parentPort.close();
  const calls = Array.from({ length: count }, () => new Promise((resolve, reject) =>
    client.GetHistory(request, { deadline: Date.now() + 5000 }, (error, answer) =>
      error ? reject(error) : resolve({ available: answer.available, arrivedAt: now() }))));
  Promise.all(calls).then((answers) => parentPort.postMessage({ answers }), (error) => parentPort.postMessage({ error: error.message }));
});
`;

/**
 * A gRPC client on a thread of its own, so that its calls are sent and answered (and timed) while the
 * test's thread is held: what a voice agent sees of a server whose other work holds a thread.
 */
export class BurstClientThread {
  private readonly worker: Worker;

  constructor(port: number) {
    this.worker = new Worker(CLIENT_SOURCE, {
      eval: true,
      workerData: {
        port,
        grpcJs: require.resolve('@grpc/grpc-js'),
        protoLoader: require.resolve('@grpc/proto-loader'),
        protoDirectory: join(REPOSITORY, 'proto'),
      },
    });
  }

  /** Sends `count` calls at once; resolves with their answers once all have arrived. */
  burst(count: number, request: GetHistoryRequest): Promise<TimedAnswer[]> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (message: { answers?: TimedAnswer[]; error?: string }) =>
        message.answers ? resolve(message.answers) : reject(new Error(message.error)),
      );
      this.worker.postMessage({ count, request });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
