import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '../../..');

export interface RunningServe {
  readonly baseUrl: string;
  readonly stop: () => Promise<void>;
}

/**
 * A real `bin/hindsight serve` on the bench's store, signing with `secret`, logging errors only (its info lines
 * and warm-up warnings would interleave with the tables); `environment` adds settings, `cpuProfDirectory`
 * writes its CPU profiles there.
 */
export async function startServe(
  storeUrl: string,
  secret: string,
  options: { readonly environment?: NodeJS.ProcessEnv; readonly cpuProfDirectory?: string } = {},
): Promise<RunningServe> {
  const { cpuProfDirectory } = options;
  const server: ChildProcess = spawn(join(ROOT, 'bin/hindsight'), ['serve', '--store', storeUrl, '--grpc-port', '0', '--http-port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      HINDSIGHT_JWT_SECRET: secret,
      HINDSIGHT_LOG_LEVEL: 'error',
      ...options.environment,
      ...(cpuProfDirectory
        ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${resolve(cpuProfDirectory)}`.trim() }
        : {}),
    },
  });
  const exited = once(server, 'exit');
  const baseUrl = await readyHttpUrl(server, exited);
  // Not read past the ready line, but it must not fill the pipe and block serve.
  server.stdout?.resume();
  return {
    baseUrl,
    stop: async () => {
      server.kill('SIGTERM');
      await exited;
      if (cpuProfDirectory) console.log(`serve's CPU profiles: ${resolve(cpuProfDirectory)}`);
    },
  };
}

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
