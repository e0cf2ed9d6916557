import { readFileSync } from 'node:fs';
import { connect } from 'node:http2';
import type { MethodDefinition } from '@grpc/grpc-js';
import type { HistoryRequest } from '@app/history';
import { HISTORY_SERVICE_NAME, loadHistoryProto, resolveProtoDirectory } from '../../hindsight/src/grpc';
import { toGetHistoryRequestWire } from '../../hindsight/src/grpc/history-request.mapper';
import { type LatencyFigures, type Load, measureLatency, measureOpenLoop } from './latency';

const PATH = `/${HISTORY_SERVICE_NAME}/GetHistory`;
const HEADERS = { ':method': 'POST', ':path': PATH, 'content-type': 'application/grpc', te: 'trailers' };

/** How long an open-loop run lasts (at most: it also stops when the requests run out). */
const OPEN_LOOP_SECONDS = 6;

/** A gRPC message on the wire: compressed flag, big-endian length, bytes. */
export function grpcFrame(message: Buffer): Buffer {
  const framed = Buffer.alloc(5 + message.length);
  framed.writeUInt32BE(message.length, 1);
  message.copy(framed, 5);
  return framed;
}

/**
 * The load generator of `bench history`, in its own process (as the voice agent would be). It speaks
 * gRPC over plain HTTP/2 with requests encoded beforehand, like h2load or ghz: a grpc-js client costs
 * as much CPU as the server, and on two shared cores it would measure itself. Every answer is
 * checked: HTTP 200, grpc-status 0 and a response that decodes.
 */
export async function grpcLoad(port: number, requestsFile: string, load: Load): Promise<LatencyFigures> {
  const requests = JSON.parse(readFileSync(requestsFile, 'utf8')) as HistoryRequest[];
  const method = loadHistoryProto(resolveProtoDirectory()).historyService.GetHistory as MethodDefinition<object, { available?: boolean }>;
  const frames = requests.map((request) => grpcFrame(method.requestSerialize(toGetHistoryRequestWire(request))));
  const session = connect(`http://127.0.0.1:${port}`);
  await new Promise<void>((resolve, reject) => session.once('connect', () => resolve()).once('error', reject));
  let unavailable = 0;
  const call = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const stream = session.request(HEADERS);
      const chunks: Buffer[] = [];
      let status: unknown;
      let grpcStatus: unknown;
      stream.on('response', (headers) => (status = headers[':status']));
      stream.on('trailers', (trailers) => (grpcStatus = trailers['grpc-status']));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => {
        if (status !== 200 || grpcStatus !== '0')
          return reject(new Error(`call ${index}: HTTP ${String(status)}, grpc-status ${String(grpcStatus)}`));
        const body = Buffer.concat(chunks);
        if (!method.responseDeserialize(body.subarray(5, 5 + body.readUInt32BE(1))).available) unavailable += 1;
        resolve();
      });
      stream.end(frames[index % frames.length]);
    });
  try {
    // Warm-up: connection, JIT, the server's caches.
    await measureLatency(Math.min(frames.length, 2000), 'concurrency' in load ? load.concurrency : 8, call);
    const figures =
      'concurrency' in load
        ? await measureLatency(frames.length, load.concurrency, call)
        : await measureOpenLoop(Math.min(frames.length, load.perSecond * OPEN_LOOP_SECONDS), load.perSecond, call);
    if (unavailable > 0) throw new Error(`${unavailable} answers were fail-open (available = false): the figures would not be the query's`);
    return figures;
  } finally {
    session.close();
  }
}
