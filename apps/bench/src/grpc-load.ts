import { readFileSync } from 'node:fs';
import { connect } from 'node:http2';
import type { MethodDefinition } from '@grpc/grpc-js';
import type { HistoryRequest } from '@app/history';
import { HISTORY_SERVICE_NAME, loadHistoryProto, resolveProtoDirectory } from '../../hindsight/src/grpc';
import { toGetHistoryRequestWire } from '../../hindsight/src/grpc/history-request.mapper';
import type { GetHistoryResponseWire } from '../../hindsight/src/grpc/history-wire.types';
import { type LatencyFigures, type Load, measureBursts, measureLatency, measureOpenLoop } from './latency';
import { cpuBetween, localPostgresCpu, processCpu } from './process-cpu';
import { metricsDuring, scrapeServeMetrics, type ServeHistoryMetrics } from './serve-metrics';

const PATH = `/${HISTORY_SERVICE_NAME}/GetHistory`;
const HEADERS = { ':method': 'POST', ':path': PATH, 'content-type': 'application/grpc', te: 'trailers' };

/** A gRPC message on the wire: compressed flag, big-endian length, bytes. */
export function grpcFrame(message: Buffer): Buffer {
  const framed = Buffer.alloc(5 + message.length);
  framed.writeUInt32BE(message.length, 1);
  message.copy(framed, 5);
  return framed;
}

export interface GrpcLoadOptions {
  readonly port: number;
  readonly requestsFile: string;
  readonly load: Load;
  /** Open loop: how long the run lasts (requests are reused in turn when there are fewer). */
  readonly seconds: number;
  /** Untimed calls first (connection, JIT, the server's caches); 0 when the first calls are the point (a store just locked). */
  readonly warmup: number;
  /** An answer arriving later than this (the server's deadline plus a margin) counts as late. */
  readonly lateAfterMs: number;
  /** serve's HTTP address: its GetHistory counters are read right before and after the measured calls (figures left out when it does not answer). */
  readonly metricsUrl?: string;
  /** The server's process: its CPU time over the measured calls is read from /proc (left out where there is none). */
  readonly serverPid?: number;
  /** The server's store is this machine's PostgreSQL: its processes' CPU over the measured calls is reported too. */
  readonly databaseCpu?: boolean;
}

/**
 * CPU time per measured call (user + system, µs), of the server's process and of this load generator:
 * what a call costs whatever else the shared cores do, and less noisy than calls/s. On two cores the
 * client's share bounds what any server can reach.
 */
export interface CallCpu {
  readonly serverMicrosPerCall: number;
  readonly serverMainThreadMicrosPerCall: number;
  /** The server's threads by name (grpc, history-reader, V8Worker…). */
  readonly serverThreadsMicrosPerCall: Readonly<Record<string, number>>;
  readonly clientMicrosPerCall: number;
  /** This machine's PostgreSQL processes, when the server's store is there. */
  readonly databaseMicrosPerCall?: number;
}

/** How a call was answered, as the voice agent sees it. */
export type CallAnswer =
  | { readonly kind: 'history' }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'error'; readonly error: string };

/** Latency figures, and what the answers were. */
export interface CallFigures extends LatencyFigures {
  /** Answers `available: true`. */
  readonly available: number;
  /** Answers `available: false`, by `unavailable_reason` (numbers replaced by N). */
  readonly unavailable: Readonly<Record<string, number>>;
  /** Calls answered with an error status, or with no answer at all, by kind. */
  readonly errors: Readonly<Record<string, number>>;
  readonly lateAfterMs: number;
  /** Answers later than `lateAfterMs`, whatever they were. */
  readonly late: number;
  /** Of those, answers with history: the server did not notice it was late. */
  readonly lateAvailable: number;
  /** What serve's /metrics counted over the measured calls (warm-up excluded), when it was asked. */
  readonly server?: ServeHistoryMetrics;
  /** CPU per measured call, when the server's process was given. */
  readonly cpu?: CallCpu;
}

/**
 * The load generator of `bench history`, in its own process (as the voice agent would be). It speaks
 * gRPC over plain HTTP/2 with requests encoded beforehand, like h2load or ghz: a grpc-js client costs
 * as much CPU as the server, and on two shared cores it would measure itself. Every answer is
 * checked (HTTP 200, grpc-status 0, a response that decodes) and counted by kind: a fail-open answer
 * is what the server is for under load, so it is reported, not refused.
 */
export async function grpcLoad(options: GrpcLoadOptions): Promise<CallFigures> {
  const requests = JSON.parse(readFileSync(options.requestsFile, 'utf8')) as HistoryRequest[];
  const method = loadHistoryProto(resolveProtoDirectory()).historyService.GetHistory as MethodDefinition<object, GetHistoryResponseWire>;
  const frames = requests.map((request) => grpcFrame(method.requestSerialize(toGetHistoryRequestWire(request))));
  const session = connect(`http://127.0.0.1:${options.port}`);
  await new Promise<void>((resolve, reject) => session.once('connect', () => resolve()).once('error', reject));
  // A session error also errors its streams, which are counted; without a listener it would end the process.
  session.on('error', () => undefined);
  const call = (index: number) =>
    new Promise<CallAnswer>((resolve) => {
      const stream = session.request(HEADERS);
      const chunks: Buffer[] = [];
      let status: unknown;
      let grpcStatus: unknown;
      let grpcMessage: string | undefined;
      // An error status may come in the headers alone (trailers-only response).
      const read = (headers: Record<string, unknown>) => {
        grpcStatus = headers['grpc-status'] ?? grpcStatus;
        const message = headers['grpc-message'];
        if (typeof message === 'string') grpcMessage = message;
      };
      stream.on('response', (headers) => {
        status = headers[':status'];
        read(headers);
      });
      stream.on('trailers', read);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ kind: 'error', error: `stream error ${error.code ?? error.message}` }),
      );
      stream.on('close', () => resolve({ kind: 'error', error: 'stream closed without an answer' }));
      stream.on('end', () => {
        if (status !== 200) return resolve({ kind: 'error', error: `HTTP ${String(status)}` });
        if (grpcStatus !== '0')
          return resolve({ kind: 'error', error: `grpc-status ${String(grpcStatus)}${grpcMessage ? ` (${grpcMessage})` : ''}` });
        const body = Buffer.concat(chunks);
        try {
          const response = method.responseDeserialize(body.subarray(5, 5 + body.readUInt32BE(1)));
          resolve(response.available ? { kind: 'history' } : { kind: 'unavailable', reason: response.unavailableReason ?? '' });
        } catch {
          resolve({ kind: 'error', error: 'a response that does not decode' });
        }
      });
      stream.end(frames[index % frames.length]);
    });
  try {
    const { load } = options;
    if (options.warmup > 0) await measureLatency(options.warmup, 'concurrency' in load ? load.concurrency : 8, call);
    const tally = new AnswerTally(options.lateAfterMs);
    const scrape = () => (options.metricsUrl === undefined ? undefined : scrapeServeMetrics(options.metricsUrl).catch(() => undefined));
    const before = await scrape();
    // Inside the scrapes: /metrics costs the server CPU too.
    const serverCpuNow = () => (options.serverPid === undefined ? undefined : processCpu(options.serverPid));
    const serverCpuBefore = serverCpuNow();
    const databaseCpuBefore = options.databaseCpu ? localPostgresCpu() : undefined;
    const clientCpuBefore = process.cpuUsage();
    const figures =
      'concurrency' in load
        ? await measureLatency(frames.length, load.concurrency, call, tally.record)
        : 'perSecond' in load
          ? await measureOpenLoop(Math.round(load.perSecond * options.seconds), load.perSecond, call, tally.record)
          : await measureBursts(load.rounds, load.size, call, tally.record);
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const databaseCpuAfter = databaseCpuBefore === undefined ? undefined : localPostgresCpu();
    const serverCpu = cpuBetween(serverCpuBefore, serverCpuNow());
    const after = before && (await scrape());
    const server = before && after && metricsDuring(before, after);
    const perCall = (seconds: number) => (seconds * 1e6) / figures.requests;
    const cpu: CallCpu | undefined = serverCpu && {
      serverMicrosPerCall: perCall(serverCpu.total),
      serverMainThreadMicrosPerCall: perCall(serverCpu.mainThread),
      serverThreadsMicrosPerCall: Object.fromEntries(Object.entries(serverCpu.threads).map(([name, seconds]) => [name, perCall(seconds)])),
      clientMicrosPerCall: perCall((clientCpu.user + clientCpu.system) / 1e6),
      ...(databaseCpuBefore === undefined || databaseCpuAfter === undefined
        ? {}
        : { databaseMicrosPerCall: perCall(databaseCpuAfter - databaseCpuBefore) }),
    };
    return { ...tally.figures(figures), ...(server ? { server } : {}), ...(cpu ? { cpu } : {}) };
  } finally {
    session.close();
  }
}

/** Counts answers by kind, and those later than the threshold. */
class AnswerTally {
  private available = 0;
  private readonly unavailable: Record<string, number> = {};
  private readonly errors: Record<string, number> = {};
  private late = 0;
  private lateAvailable = 0;

  constructor(private readonly lateAfterMs: number) {}

  readonly record = (answer: CallAnswer, milliseconds: number): void => {
    if (answer.kind === 'history') this.available += 1;
    // "deadline exceeded after 143 ms": one line per kind, not per budget left.
    else if (answer.kind === 'unavailable') increment(this.unavailable, answer.reason.replace(/\d+/g, 'N'));
    else increment(this.errors, answer.error);
    if (milliseconds > this.lateAfterMs) {
      this.late += 1;
      if (answer.kind === 'history') this.lateAvailable += 1;
    }
  };

  figures(latency: LatencyFigures): CallFigures {
    const { available, unavailable, errors, lateAfterMs, late, lateAvailable } = this;
    return { ...latency, available, unavailable, errors, lateAfterMs, late, lateAvailable };
  }
}

const increment = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
