import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { parseStoreUrl } from '@app/config';
import { isPostgres } from './bench-store';

/** A lock that keeps the history store from answering reads, held until released. */
export interface HeldStoreLock {
  readonly description: string;
  readonly release: () => Promise<void>;
}

export type StoreLockOutcome = { readonly held: HeldStoreLock } | { readonly unavailable: string };

/**
 * SQLite in WAL mode lets readers through every lock a connection can take (BEGIN EXCLUSIVE, even
 * `locking_mode = EXCLUSIVE` is refused while serve has the file open). What a reader cannot do without
 * is a read mark: the POSIX locks on bytes 123-127 of the `-shm` file (WAL_READ_LOCK(0..4) of SQLite's
 * wal.c). Holding them exclusively makes every read transaction wait (SQLite retries for ~10 s before
 * SQLITE_PROTOCOL), as a stuck process holding the file would. Node cannot take fcntl locks, hence python3.
 */
const SQLITE_READ_MARKS_HOLDER = `
import fcntl, os, sys
fd = os.open(sys.argv[1] + '-shm', os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX, 5, 123, os.SEEK_SET)
print('locked', flush=True)
sys.stdin.read()
`;

/** Locks the history store's reads: on SQLite its WAL read marks, on PostgreSQL the read-model index table. */
export async function lockHistoryReads(
  storeUrl: string,
  options: { readonly postgresTables?: readonly string[] } = {},
): Promise<StoreLockOutcome> {
  return isPostgres(storeUrl)
    ? lockPostgresTables(storeUrl, options.postgresTables ?? ['read_model_index'])
    : lockSqliteReadMarks(parseStoreUrl(storeUrl).target);
}

async function lockSqliteReadMarks(path: string): Promise<StoreLockOutcome> {
  const holder = spawn('python3', ['-c', SQLITE_READ_MARKS_HOLDER, path], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(holder, 'exit');
  const spawned = await new Promise<Error | undefined>((resolve) => holder.once('spawn', () => resolve(undefined)).once('error', resolve));
  if (spawned !== undefined)
    return { unavailable: `python3 could not be started (${spawned.message}): the SQLite read marks cannot be held` };
  const lines = createInterface({ input: holder.stdout });
  const timeout = setTimeout(() => holder.kill('SIGKILL'), 10_000);
  try {
    for await (const line of lines) if (line === 'locked') break;
  } finally {
    clearTimeout(timeout);
  }
  if (holder.exitCode !== null || holder.signalCode !== null)
    return { unavailable: `the read-mark holder exited (code ${String(holder.exitCode)}) before it held the locks` };
  return {
    held: {
      description: `SQLite: WAL read marks of ${path}-shm held exclusively by another process (every read transaction waits)`,
      release: async () => {
        holder.stdin.end();
        const killer = setTimeout(() => holder.kill('SIGKILL'), 2_000);
        await exited;
        clearTimeout(killer);
      },
    },
  };
}

/** On PostgreSQL, `tables` (by default the read models' index, which every history read starts with). */
async function lockPostgresTables(url: string, tables: readonly string[]): Promise<StoreLockOutcome> {
  const locked = tables.join(', ');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query("SET LOCAL lock_timeout = '10s'");
    await client.query(`LOCK TABLE ${locked} IN ACCESS EXCLUSIVE MODE`);
  } catch (error) {
    await client.end();
    return { unavailable: `LOCK TABLE ${locked} failed: ${(error as Error).message}` };
  }
  return {
    held: {
      description: `PostgreSQL: LOCK TABLE ${locked} IN ACCESS EXCLUSIVE MODE held from another connection`,
      release: async () => {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.end();
      },
    },
  };
}
