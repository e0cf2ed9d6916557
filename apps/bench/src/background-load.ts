import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import type { IngestFigures } from './history-ingest-load';

const ROOT = resolve(__dirname, '../../..');

/** Something running beside a measurement, stopped once it is over. */
export interface Background<T> {
  readonly stop: () => Promise<T>;
}

/**
 * `count` processes that only spin (`for(;;){}`), each taking a core away from serve and the load
 * generator, as other work on the voice agent's host would.
 */
export function startCpuHogs(count: number): Background<void> {
  const hogs = Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  return {
    stop: async () => {
      await Promise.all(hogs.map((hog) => stopChild(hog, 'SIGKILL')));
    },
  };
}

export interface IngestBackgroundOptions {
  readonly httpUrl: string;
  readonly perSecond: number;
  readonly contacts: number;
  readonly end: Date;
  /** Requests in flight at most. */
  readonly inFlight: number;
}

/** `bin/bench history-ingest` against serve's HTTP port, until stopped; its figures once it is. */
export function startIngest(options: IngestBackgroundOptions): Background<IngestFigures> {
  const child = spawn(
    join(ROOT, 'bin/bench'),
    [
      'history-ingest',
      '--url',
      options.httpUrl,
      '--rate',
      String(options.perSecond),
      '--contacts',
      String(options.contacts),
      '--end',
      options.end.toISOString(),
      '--in-flight',
      String(options.inFlight),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return {
    stop: async () => {
      const code = await stopChild(child, 'SIGTERM');
      const last = output.trim().split('\n').at(-1) ?? '';
      if (!last.startsWith('{')) throw new Error(`the ingest load exited (code ${String(code)}) without its figures`);
      return JSON.parse(last) as IngestFigures;
    },
  };
}

/** Signals a child (unless it has exited) and waits for its exit code. */
async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit') as Promise<[number | null]>;
  child.kill(signal);
  return (await exited)[0];
}
