import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Protocol, ThreadProtocol } from './thread-message';
import { ThreadSupervisor, threadName } from './thread-supervisor';

type Echo = ThreadProtocol<{
  readonly requests: { readonly echo: { readonly payload: string; readonly result: string } };
  readonly notices: Record<never, never>;
}>;

/** A thread speaking the channel's frames by hand, as any thread entry must (no bundle needed). */
const ECHO_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.failAtStart) throw new Error('cannot open the store');
parentPort.on('message', (message) => {
  if (message.kind !== 'request') return;
  if (message.method === 'stop') {
    parentPort.postMessage({ kind: 'reply', id: message.id });
    setImmediate(() => parentPort.close());
  } else if (message.method === 'threadName') {
    // What the operating system calls this thread.
    const { readFileSync } = require('node:fs');
    parentPort.postMessage(readFileSync('/proc/thread-self/comm', 'utf8').trim());
  } else if (message.method === 'echo') {
    if (workerData.hang) return;
    parentPort.postMessage({ kind: 'reply', id: message.id, value: workerData.name + ':' + message.payload });
  }
});
parentPort.postMessage({ kind: 'notice', name: 'ready' });
`;

describe('thread supervisor', () => {
  let directory: string;
  let script: string;
  const supervisors: Array<ThreadSupervisor<Record<string, ThreadProtocol<Protocol, Protocol>>>> = [];
  const logger = pino({ level: 'silent' });

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'hindsight-threads-'));
    script = join(directory, 'echo-thread.js');
    writeFileSync(script, ECHO_THREAD);
  });
  afterEach(async () => {
    for (const supervisor of supervisors.splice(0)) await supervisor.terminate();
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const group = (data: Record<string, unknown> = {}, restartMilliseconds = 20) => {
    const supervisor = new ThreadSupervisor<{ first: Echo; second: Echo }>({
      label: 'test',
      logger,
      restartMilliseconds,
      stopTimeoutMilliseconds: 200,
      stopOrder: ['second', 'first'],
      launch: () => ({
        first: { script, workerData: { name: 'first', ...data } },
        second: { script, workerData: { name: 'second', ...data } },
      }),
    });
    supervisors.push(supervisor as never);
    return supervisor;
  };

  it('starts every thread of the group and routes each request to its thread', async () => {
    const supervisor = group();
    await supervisor.start();
    expect(supervisor.isReady('first') && supervisor.isReady('second')).toBe(true);
    await expect(supervisor.channel('first')!.request('echo', 'a')).resolves.toBe('first:a');
    await expect(supervisor.channel('second')!.request('echo', 'b')).resolves.toBe('second:b');
  });

  it('restarts the whole group when one thread dies, failing what waited on it', async () => {
    const supervisor = group({ hang: true });
    await supervisor.start();
    const first = supervisor.thread('first')!;
    const second = supervisor.thread('second')!;
    const waiting = supervisor.channel('first')!.request('echo', 'lost');
    await first.terminate();
    await expect(waiting).rejects.toMatchObject({ code: 'THREAD_UNAVAILABLE' });
    expect(supervisor.channel('first')).toBeUndefined();
    for (let attempt = 0; attempt < 100 && !(supervisor.isReady('first') && supervisor.isReady('second')); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(supervisor.thread('first')).not.toBe(first);
    expect(supervisor.thread('second')).not.toBe(second);
    expect(supervisor.isReady('first') && supervisor.isReady('second')).toBe(true);
  });

  it('rejects start when a thread exits before it is ready', async () => {
    const supervisor = group({ failAtStart: true }, 60_000);
    // The thread's own error is in the start's, and is its cause: "exited before it was ready" alone would hide it.
    const failure = await supervisor.start().catch((error: unknown) => error as Error & { code?: string });
    expect(failure).toMatchObject({ code: 'THREAD_UNAVAILABLE' });
    expect(failure?.message).toMatch(/thread exited before it was ready: cannot open the store$/);
    expect((failure?.cause as Error).message).toBe('cannot open the store');
  });

  it('names each thread after its entry file, for the operating system too (top -H, /proc)', async () => {
    const supervisor = group();
    await supervisor.start();
    const names = await Promise.all(
      ['first', 'second'].map((name) => {
        const worker = supervisor.thread(name as 'first')!;
        return new Promise((resolve) => {
          worker.once('message', resolve);
          worker.postMessage({ kind: 'request', id: 0, method: 'threadName', payload: undefined });
        });
      }),
    );
    expect(names).toEqual(['echo', 'echo']);
  });

  it.each([
    ['/dist/apps/hindsight/history-reader-thread.js', 'history-reader'],
    ['/dist/apps/hindsight/grpc-thread.js', 'grpc'],
    ['echo.js', 'echo'],
  ])('derives the name of %s: %s', (script, name) => {
    expect(threadName(script)).toBe(name);
  });

  it('stops each thread in order and does not restart it', async () => {
    const supervisor = group();
    await supervisor.start();
    await supervisor.stop();
    expect(supervisor.thread('first')).toBeUndefined();
    expect(supervisor.thread('second')).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(supervisor.thread('first')).toBeUndefined();
  });
});
