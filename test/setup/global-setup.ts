import { execSync } from 'node:child_process';
import { canReachPostgres, POSTGRES_ADMIN_URL } from '../support/postgres';

/** Makes sure the local PostgreSQL server runs; under CI=true a missing server fails the run loudly. */
async function preparePostgres(): Promise<void> {
  if (!(await canReachPostgres())) {
    try {
      execSync('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -1) main start', { stdio: 'ignore' });
    } catch {
      // Not a Debian cluster, or no permission: reported below.
    }
  }
  const available = await canReachPostgres();
  process.env.HINDSIGHT_POSTGRES_AVAILABLE = available ? '1' : '0';
  if (available) return;
  const message = `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}`;
  if (process.env.CI === 'true') throw new Error(`${message}: the PostgreSQL suites cannot run under CI`);
  console.warn(`\n${message}: PostgreSQL suites are skipped (they fail under CI=true).`);
}

export default async function globalSetup(): Promise<void> {
  await preparePostgres();
}
