import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * Starts the real Kafka broker (jars from Maven Central) when Java and Maven are here; the Kafka suites
 * skip otherwise, except under CI=true where a broker that cannot start fails the run.
 */
function prepareKafka(): void {
  const script = join(__dirname, '..', '..', 'scripts', 'kafka', 'kafka.sh');
  const tools = ['java', 'mvn'].every((tool) => spawnSync('bash', ['-c', `command -v ${tool}`]).status === 0);
  if (!process.env.HINDSIGHT_TEST_KAFKA_BROKERS && tools) {
    const started = spawnSync('bash', [script, 'start'], { encoding: 'utf8', timeout: 240_000 });
    process.env.HINDSIGHT_KAFKA_AVAILABLE = started.status === 0 ? '1' : '0';
    if (started.status !== 0) {
      const message = `the Kafka broker did not start:\n${started.stderr}`;
      if (process.env.CI === 'true') throw new Error(message);
      console.warn(`\n${message}\nKafka suites are skipped (they fail under CI=true).`);
    }
    return;
  }
  process.env.HINDSIGHT_KAFKA_AVAILABLE = process.env.HINDSIGHT_TEST_KAFKA_BROKERS ? '1' : '0';
  if (!tools && !process.env.HINDSIGHT_TEST_KAFKA_BROKERS) {
    if (process.env.CI === 'true') throw new Error('Java and Maven are needed to run the Kafka broker under CI');
    console.warn('\nJava or Maven missing: Kafka suites are skipped (they fail under CI=true).');
  }
}

/**
 * The agent desktop's browser suite needs Debian's Chromium and the built page; it skips without them, except
 * under CI=true (.ci/run installs chromium), where either missing fails the run.
 */
function prepareChromium(): void {
  const executable = process.env.HINDSIGHT_CHROMIUM ?? '/usr/bin/chromium';
  const built = existsSync(join(__dirname, '..', '..', 'dist', 'apps', 'desktop', 'index.html'));
  const missing = [
    ...(existsSync(executable) ? [] : [`${executable} is missing (apt-get install chromium)`]),
    ...(built ? [] : ['the agent desktop is not built (npm run build)']),
  ];
  process.env.HINDSIGHT_CHROMIUM_AVAILABLE = missing.length === 0 ? '1' : '0';
  if (missing.length === 0) return;
  if (process.env.CI === 'true') throw new Error(`the browser suite cannot run under CI: ${missing.join('; ')}`);
  console.warn(`\n${missing.join('; ')}: the browser suite is skipped (it fails under CI=true).`);
}

export default async function globalSetup(): Promise<void> {
  await preparePostgres();
  prepareKafka();
  prepareChromium();
}
