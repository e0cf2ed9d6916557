import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, postgresAvailable } from './postgres';

export interface TestStore {
  readonly engine: 'sqlite' | 'postgres';
  readonly url: string;
  cleanup(): Promise<void>;
}

/** A fresh, empty store of each engine that can run here (PostgreSQL only when reachable). */
export const TEST_ENGINES = (): Array<'sqlite' | 'postgres'> => (postgresAvailable() ? ['sqlite', 'postgres'] : ['sqlite']);

export async function createTestStore(engine: 'sqlite' | 'postgres'): Promise<TestStore> {
  if (engine === 'postgres') {
    const database = await createTestDatabase();
    return { engine, url: database.url, cleanup: () => database.drop() };
  }
  const directory = mkdtempSync(join(tmpdir(), 'hindsight-test-'));
  return {
    engine,
    url: `sqlite:${join(directory, 'hindsight.db')}`,
    cleanup: async () => rmSync(directory, { recursive: true, force: true }),
  };
}
