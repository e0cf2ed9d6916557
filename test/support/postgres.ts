import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The local server; override with HINDSIGHT_TEST_POSTGRES_URL (a URL to its maintenance database). */
export const POSTGRES_ADMIN_URL = process.env.HINDSIGHT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Set by the global setup: PostgreSQL suites skip (outside CI) when the server cannot be reached. */
export const postgresAvailable = (): boolean => process.env.HINDSIGHT_POSTGRES_AVAILABLE === '1';

export const describeWithPostgres = (name: string, suite: () => void): void =>
  (postgresAvailable() ? describe : describe.skip)(name, suite);

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh database on the local server, dropped by `drop()`. */
export async function createTestDatabase(prefix = 'hindsight_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function canReachPostgres(): Promise<boolean> {
  try {
    await admin((client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}
