import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The HTTP URL a started `serve` prints on its ready line; fails if it exits or closes its output first. */
export async function readyHttpUrl(server: ChildProcess, exited: Promise<unknown[]>): Promise<string> {
  const lines = createInterface({ input: server.stdout! });
  const failed = exited.then(([code]) => {
    throw new Error(`serve exited (code ${String(code)}) before it was ready`);
  });
  const ready = (async () => {
    for await (const line of lines) {
      if (!line.startsWith('{')) continue;
      const parsed = JSON.parse(line) as { ready?: boolean; http?: string };
      if (parsed.ready && parsed.http) return parsed.http;
    }
    throw new Error('serve closed its output before it was ready');
  })();
  return Promise.race([ready, failed]);
}
