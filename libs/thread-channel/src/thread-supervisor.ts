import { basename } from 'node:path';
import { type TransferListItem, Worker } from 'node:worker_threads';
import type { Logger } from '@app/observability';
import { ThreadChannel, type ThreadChannelOptions } from './thread-channel';
import type { Protocol, ThreadProtocol } from './thread-message';

/** How to start one thread of a group. */
export interface ThreadLaunch {
  /** The thread's own entry file (a built `*-thread.js`, see webpack.thread-entries.js). */
  readonly script: string;
  readonly workerData?: unknown;
  readonly transferList?: readonly TransferListItem[];
  /** Options of the main thread's end of its channel. */
  readonly channel?: ThreadChannelOptions;
}

/** The threads of a group, by name, each with its protocol. */
export type ThreadGroup = Record<string, ThreadProtocol<Protocol, Protocol>>;

/** The main thread's end of a thread's channel. */
export type ChannelToThread<P extends ThreadProtocol<Protocol, Protocol>> = ThreadChannel<P['toThread'], P['fromThread']>;

export type ChannelsToThreads<Threads extends ThreadGroup> = { readonly [Name in keyof Threads]: ChannelToThread<Threads[Name]> };

export interface ThreadSupervisorOptions<Threads extends ThreadGroup> {
  /** What the group is, in logs ("write side", "history reader"). */
  readonly label: string;
  /** Launch settings of a fresh group (called at every start: each start gets fresh ports). */
  readonly launch: () => { readonly [Name in keyof Threads]: ThreadLaunch };
  /** Called with the new channels before the threads run: register notice listeners here. */
  readonly onStart?: (channels: ChannelsToThreads<Threads>) => void;
  /** The order in which `stop` asks the threads to finish (a thread whose work goes through another stops first). */
  readonly stopOrder: ReadonlyArray<keyof Threads & string>;
  readonly logger: Logger;
  /** Delay before a group that lost a thread is started again. */
  readonly restartMilliseconds?: number;
  /** How long `stop` waits for a thread's work in flight before terminating it. */
  readonly stopTimeoutMilliseconds?: number;
}

interface RunningThread {
  readonly worker: Worker;
  readonly channel: ThreadChannel<Protocol, Protocol>;
  readonly exited: Promise<void>;
  ready: boolean;
}

/**
 * Runs a group of threads that need each other and restarts the whole group, after a delay, when one of
 * them exits unasked: requests waiting on a thread that died fail at once as unavailable (their callers
 * retry), and nothing waits for the restart. `stop` asks each thread to finish its work in flight, in
 * order, then terminates any that does not within its time.
 */
export class ThreadSupervisor<Threads extends ThreadGroup> {
  private readonly running = new Map<keyof Threads & string, RunningThread>();
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly options: ThreadSupervisorOptions<Threads>) {}

  /** Starts the group; resolves once every thread said it is ready, rejects if one exits before. */
  start(): Promise<void> {
    if (this.starting) return this.starting;
    this.stopping = false;
    const launches = this.options.launch();
    const names = Object.keys(launches) as Array<keyof Threads & string>;
    const channels = {} as Record<string, ThreadChannel<Protocol, Protocol>>;
    const readiness: Array<Promise<void>> = [];
    for (const name of names) {
      const launch = launches[name];
      const worker = new Worker(launch.script, {
        workerData: launch.workerData,
        transferList: launch.transferList as TransferListItem[],
        name: threadName(launch.script),
      });
      const channel = new ThreadChannel<Protocol, Protocol>(worker, launch.channel);
      const exited = new Promise<void>((resolve) => worker.once('exit', (code: number) => resolve(this.exited(name, code))));
      const thread: RunningThread = { worker, channel, exited, ready: false };
      this.running.set(name, thread);
      channels[name] = channel;
      // What made it fail, for the start's error: "exited before it was ready" alone would hide it.
      let failure: Error | undefined;
      worker.on('error', (error) => {
        failure ??= error;
        if (thread.ready) this.options.logger.error({ err: error, thread: name }, `${this.options.label} thread failed`);
      });
      readiness.push(
        Promise.race([
          new Promise<void>((resolve) =>
            channel.on('ready', () => {
              thread.ready = true;
              resolve();
            }),
          ),
          exited.then(() => {
            const reason = `the ${name} thread exited before it was ready${failure ? `: ${failure.message}` : ''}`;
            throw Object.assign(new Error(reason, { cause: failure }), { code: 'THREAD_UNAVAILABLE' });
          }),
        ]),
      );
    }
    this.options.onStart?.(channels as ChannelsToThreads<Threads>);
    const started = Promise.all(readiness).then(() => undefined);
    this.starting = started;
    // A group that never became ready is restarted by `exited`; this promise is its caller's to observe.
    started.catch(() => undefined);
    return started;
  }

  /** The main thread's end of `name`'s channel, or undefined while that thread is not running. */
  channel<Name extends keyof Threads & string>(name: Name): ChannelToThread<Threads[Name]> | undefined {
    return this.running.get(name)?.channel as ChannelToThread<Threads[Name]> | undefined;
  }

  /** True once `name` has said it is ready, until it exits. */
  isReady(name: keyof Threads & string): boolean {
    return this.running.get(name)?.ready ?? false;
  }

  /** The thread itself (tests terminate it to play a crash). */
  thread(name: keyof Threads & string): Worker | undefined {
    return this.running.get(name)?.worker;
  }

  /** Asks each thread to finish, in `stopOrder` then any other, and waits for it to exit; no restart after. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const order = [...new Set([...this.options.stopOrder, ...this.running.keys()])];
    for (const name of order) {
      const thread = this.running.get(name);
      if (!thread) continue;
      thread.channel.request('stop', undefined, { control: true }).catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        thread.exited.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.options.stopTimeoutMilliseconds ?? 30_000))),
      ]).finally(() => clearTimeout(timer));
      if (timedOut) {
        this.options.logger.warn({ thread: name }, `${this.options.label} thread did not stop in time; terminating it`);
        await thread.worker.terminate();
        await thread.exited;
      }
    }
  }

  /** Stops every thread now, without waiting for its work; no restart after. */
  async terminate(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const threads = [...this.running.values()];
    await Promise.all(threads.map(async (thread) => (await thread.worker.terminate(), await thread.exited)));
  }

  private exited(name: keyof Threads & string, code: number): void {
    const thread = this.running.get(name);
    this.running.delete(name);
    // Callers cannot wait for a restart: they fail over (Kafka redelivers, HTTP answers 503, gRPC fails open).
    thread?.channel.close(`the ${name} thread stopped before answering`);
    if (this.stopping) {
      if (this.running.size === 0) this.starting = undefined;
      return;
    }
    this.options.logger.error({ code, thread: name }, `${this.options.label} thread exited; restarting the ${this.options.label}`);
    // The others go too: the threads of a group need each other.
    for (const other of this.running.values()) void other.worker.terminate();
    if (this.running.size > 0) return;
    this.starting = undefined;
    this.restartTimer = setTimeout(() => {
      this.start().catch((error: unknown) =>
        this.options.logger.error({ err: error }, `${this.options.label} did not restart; trying again`),
      );
    }, this.options.restartMilliseconds ?? 1000);
  }
}

/**
 * The thread's name, from its entry file (`history-reader-thread.js` → `history-reader`): Node gives it to
 * the operating system's thread too, so `top -H`, `ps -L` and /proc show which thread spends the CPU.
 */
export function threadName(script: string): string {
  return basename(script, '.js').replace(/-thread$/, '');
}
