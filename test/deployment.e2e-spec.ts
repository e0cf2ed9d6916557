import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPOSITORY } from './support/cli';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string | number>;
  ports?: string[];
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(REPOSITORY, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service>; volumes: Record<string, unknown> };

  it('defines the production-like stack with health checks', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'kafka', 'ingest']));
    for (const name of ['postgres', 'kafka']) expect(compose.services[name].healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('points Hindsight at the PostgreSQL service, with a store URL the CLI accepts', () => {
    const ingest = compose.services.ingest;
    const postgres = compose.services.postgres.environment!;
    expect(ingest.environment?.HINDSIGHT_STORE).toBe(
      `postgres://${postgres.POSTGRES_USER}:${postgres.POSTGRES_PASSWORD}@postgres:5432/${postgres.POSTGRES_DB}`,
    );
    expect(ingest.depends_on?.postgres.condition).toBe('service_healthy');
  });

  it('runs a command and a file that exist in the image', () => {
    const [command, file] = compose.services.ingest.command!;
    expect(command).toBe('ingest');
    expect(existsSync(join(REPOSITORY, file))).toBe(true);
    const dockerfile = readFileSync(join(REPOSITORY, compose.services.ingest.build!, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/ENTRYPOINT \["bin\/hindsight"\]/);
    expect(dockerfile).toMatch(/FROM node:24/);
  });

  it('publishes ports on loopback only', () => {
    for (const service of Object.values(compose.services)) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('runs a KRaft single-node Kafka whose controller is not advertised', () => {
    const kafka = compose.services.kafka.environment!;
    expect(kafka.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(String(kafka.KAFKA_ADVERTISED_LISTENERS)).not.toMatch(/CONTROLLER/);
    expect(kafka.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe(1);
  });
});
