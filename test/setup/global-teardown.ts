import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Stops the broker the setup started and wipes its data, so every run starts from an empty cluster. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.HINDSIGHT_KAFKA_AVAILABLE === '1' && !process.env.HINDSIGHT_TEST_KAFKA_BROKERS) {
    spawnSync('bash', [join(__dirname, '..', '..', 'scripts', 'kafka', 'kafka.sh'), 'stop', '--clean'], {
      stdio: 'ignore',
      timeout: 60_000,
    });
  }
}
