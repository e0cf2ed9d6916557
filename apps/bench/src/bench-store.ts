import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { parseStoreUrl } from '@app/config';
import { now } from './measure';

/** The store a bench runs on, and how to measure and clean it up. */
export interface BenchStore {
  readonly url: string;
  readonly description: string;
  readonly bytes: () => Promise<number>;
  readonly cleanup: () => Promise<void>;
}

export interface BenchStoreOptions {
  /** `sqlite:PATH`, or a PostgreSQL server URL (the bench uses its own database there); a temporary SQLite file when absent. */
  readonly store?: string;
  readonly keepStore: boolean;
  /** The bench's own database on a PostgreSQL server (each bench has one, so they never share data). */
  readonly database: string;
  /** Name of the temporary directory that holds a default SQLite store. */
  readonly temporaryPrefix: string;
}

export const isPostgres = (url: string): boolean => !url.startsWith('sqlite:');

export const loadAverage = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/**
 * Opens a bench's store: a temporary SQLite file (or `sqlite:PATH`), or its own database on the
 * PostgreSQL server of `--store`, created if missing, dropped at the end unless `--keep-store`.
 */
export async function openBenchStore(options: BenchStoreOptions): Promise<BenchStore> {
  const requested = options.store ?? '';
  if (requested === '' || parseStoreUrl(requested).engine === 'sqlite') {
    const directory = requested === '' ? mkdtempSync(join(tmpdir(), options.temporaryPrefix)) : undefined;
    const path = directory ? join(directory, 'hindsight.db') : parseStoreUrl(requested).target;
    const bytes = async () =>
      ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (existsSync(path + suffix) ? statSync(path + suffix).size : 0), 0);
    return {
      url: `sqlite:${path}`,
      description: `embedded SQLite (${path})`,
      bytes,
      cleanup: async () => {
        if (!directory) return;
        if (options.keepStore) console.log(`store kept: --store sqlite:${path}`);
        else rmSync(directory, { recursive: true, force: true });
      },
    };
  }
  const { database } = options;
  const admin = <T>(work: (client: Client) => Promise<T>) => withClient(requested, work);
  const exists = await admin(
    async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount === 1,
  );
  if (!exists) await admin((client) => client.query(`CREATE DATABASE ${database}`));
  const url = new URL(requested);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    description: `PostgreSQL (database ${database} on ${url.host}, ${await admin(async (client) => (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version)})`,
    bytes: () =>
      admin(async (client) =>
        Number((await client.query<{ size: string }>('SELECT pg_database_size($1) AS size', [database])).rows[0].size),
      ),
    cleanup: async () => {
      if (options.keepStore) console.log(`store kept: --store ${requested} reuses database ${database}`);
      else await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
  };
}

/** Empties a bench's PostgreSQL database (dropped and created again), from the server's maintenance database. */
export async function resetPostgres(url: string): Promise<void> {
  const target = new URL(url);
  const database = target.pathname.slice(1);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  await withClient(maintenance.toString(), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${database}`);
  });
}

/**
 * After the bulk load, before anything is timed: its gigabytes written to disk (else the kernel writes
 * them back during the runs, and every fsync and page read waits behind it), and on PostgreSQL the
 * planner's statistics, as autovacuum would gather them on a production server (the development server
 * runs with autovacuum off).
 */
export async function settle(url: string): Promise<void> {
  const started = now();
  if (!isPostgres(url)) {
    const path = parseStoreUrl(url).target;
    for (const file of [path, `${path}-wal`].filter((each) => existsSync(each))) {
      const descriptor = openSync(file, 'r');
      try {
        fsyncSync(descriptor);
      } finally {
        closeSync(descriptor);
      }
    }
    console.log(`store synced to disk in ${((now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  await withClient(url, async (client) => {
    const autovacuum = (await client.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0].autovacuum;
    await client.query('ANALYZE');
    await client.query('CHECKPOINT');
    console.log(`ANALYZE (autovacuum is ${autovacuum} on this server) and CHECKPOINT in ${((now() - started) / 1000).toFixed(1)} s`);
  });
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
