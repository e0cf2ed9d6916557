import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPOSITORY = join(__dirname, '..', '..');
export const CLI = join(REPOSITORY, 'bin', 'hindsight');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the real `bin/hindsight` executable (the built app on the pinned Node). */
export function startCli(args: readonly string[], environment: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(CLI, args, {
    cwd: REPOSITORY,
    env: { ...process.env, HINDSIGHT_LOG_LEVEL: 'warn', ...environment },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function finished(child: ChildProcess, input?: string | Buffer): Promise<CliResult> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  if (input !== undefined) child.stdin?.end(input);
  else child.stdin?.end();
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
}

export const runCli = (args: readonly string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> =>
  finished(startCli(args, options.env), options.input);

/** The JSON summary printed as the last stdout line of `hindsight ingest`. */
export function summaryOf(result: CliResult): { accepted: number; duplicates: number; rejected: number } {
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

export const ndjson = (events: readonly unknown[]): string => events.map((event) => JSON.stringify(event)).join('\n') + '\n';

/** Resolves with the JSON "ready" line a long-running command (serve, consume) prints on stdout. */
export function readyLine(child: ChildProcess): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n').find((candidate) => candidate.includes('"ready":true'));
      if (line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`exited before it was ready (code ${code})`)));
  });
}
