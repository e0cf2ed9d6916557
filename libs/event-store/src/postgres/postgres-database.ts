import { createHash } from 'node:crypto';
import { Pool, type PoolClient, type PoolConfig, type QueryResult } from 'pg';
import { EventStoreError, isContentRefusal } from '../event-store.errors';

/**
 * A pool and the ways every PostgreSQL adapter talks to it (a query, a prepared query, a transaction), with driver
 * failures turned into `STORE_UNAVAILABLE` (or `EVENT_NOT_STORABLE` when the values were refused) so
 * transports can map them. Errors that already carry a
 * domain meaning (an `Error` with a `code` the caller chose to keep) pass through unchanged.
 */
export class PostgresDatabase {
  private readonly pool: Pool;
  private readonly statementNames = new Map<string, string>();

  constructor(
    connectionString: string,
    private readonly label: string,
    config: Omit<PoolConfig, 'connectionString'> = {},
    private readonly keep: (error: unknown) => boolean = () => false,
  ) {
    this.pool = new Pool({ connectionString, max: 4, connectionTimeoutMillis: 5_000, ...config });
    // An idle client losing its connection must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  async query<T extends object>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query<T>(sql, parameters)).rows;
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /**
   * A query prepared once per connection and reused by name (the name is a hash of its text, so two texts
   * never share one): the read path's statements skip PostgreSQL's parse and plan, about half of its
   * time for an indexed read.
   */
  async prepared<T extends object>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query<T>({ name: this.statementName(sql), text: sql, values: parameters })).rows;
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /** The same, on a transaction's client (its failures are the transaction's to report). */
  preparedIn<T extends object>(client: PoolClient, sql: string, parameters: unknown[] = []): Promise<QueryResult<T>> {
    return client.query<T>({ name: this.statementName(sql), text: sql, values: parameters });
  }

  private statementName(sql: string): string {
    let name = this.statementNames.get(sql);
    if (name === undefined) {
      name = `hindsight_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
      this.statementNames.set(sql, name);
    }
    return name;
  }

  /** `advisoryLock`: a transaction-scoped advisory lock taken in the same round trip as BEGIN. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>, options: { readonly advisoryLock?: number } = {}): Promise<T> {
    const { advisoryLock } = options;
    if (advisoryLock !== undefined && !Number.isSafeInteger(advisoryLock)) throw new TypeError(`advisory lock key ${advisoryLock}`);
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.unavailable(error);
    }
    try {
      // Two statements in one simple query: one wait on the network instead of two (an append of one event
      // is a few of them, and the append lock is held across all but the first).
      await client.query(advisoryLock === undefined ? 'BEGIN' : `BEGIN; SELECT pg_advisory_xact_lock(${advisoryLock})`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.unavailable(error);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  unavailable(error: unknown): unknown {
    if (error instanceof EventStoreError || this.keep(error)) return error;
    if (isContentRefusal(error))
      return new EventStoreError('EVENT_NOT_STORABLE', `${this.label} cannot store this content: ${(error as Error).message}`, {
        cause: error,
      });
    return new EventStoreError('STORE_UNAVAILABLE', `${this.label}: ${(error as Error).message}`, { cause: error });
  }
}
