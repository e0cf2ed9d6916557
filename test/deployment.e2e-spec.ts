import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { unauthenticatedHostProblem } from '@app/auth';
import { hasConfiguredKey, loadConfig } from '@app/config';
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
  const compose = parse(readFileSync(join(REPOSITORY, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };

  it('defines the production-like stack with health checks', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'kafka', 'hindsight', 'ingest']));
    for (const name of ['postgres', 'kafka', 'hindsight']) expect(compose.services[name].healthcheck?.test.length).toBeGreaterThan(0);
  });

  it.each(['hindsight', 'ingest'])('points %s at the PostgreSQL service, with a configuration Hindsight accepts', (name) => {
    const service = compose.services[name];
    const postgres = compose.services.postgres.environment!;
    expect(service.environment?.HINDSIGHT_STORE).toBe(
      `postgres://${postgres.POSTGRES_USER}:${postgres.POSTGRES_PASSWORD}@postgres:5432/${postgres.POSTGRES_DB}`,
    );
    expect(() =>
      loadConfig(Object.fromEntries(Object.entries(service.environment!).map(([key, value]) => [key, String(value)]))),
    ).not.toThrow();
    expect(service.depends_on?.postgres.condition).toBe('service_healthy');
  });

  it('serves on the ports the configuration defaults to, listening beyond loopback inside the container', () => {
    const hindsight = compose.services.hindsight;
    expect(hindsight.command).toEqual(['serve']);
    const defaults = loadConfig({});
    expect(hindsight.ports).toEqual([
      `127.0.0.1:${defaults.httpPort}:${defaults.httpPort}`,
      `127.0.0.1:${defaults.grpcPort}:${defaults.grpcPort}`,
    ]);
    expect(hindsight.environment?.HINDSIGHT_HOST).toBe('0.0.0.0');
  });

  it('configures a key for the servers it exposes beyond loopback (serve would refuse to start without one)', () => {
    const environment = Object.fromEntries(
      Object.entries(compose.services.hindsight.environment!).map(([key, value]) => [key, String(value)]),
    );
    const config = loadConfig(environment);
    expect(hasConfiguredKey(config.auth)).toBe(true);
    expect(unauthenticatedHostProblem(config.host, hasConfiguredKey(config.auth))).toBeUndefined();
    // Compose interpolates the operator's own secret, and refuses to run without one: none is written in the file.
    expect(environment.HINDSIGHT_JWT_SECRET).toMatch(/^\$\{HINDSIGHT_JWT_SECRET:\?/);
  });

  it('runs a command and a file that exist in the image', () => {
    const [command, file] = compose.services.ingest.command!;
    expect(command).toBe('ingest');
    expect(existsSync(join(REPOSITORY, file))).toBe(true);
    const dockerfile = readFileSync(join(REPOSITORY, compose.services.hindsight.build!, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/COPY --from=build \/app\/proto \.\/proto/);
    // The agent desktop's build (dist/apps/desktop) ships with the server's bundle.
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(dockerfile).toMatch(/ENTRYPOINT \["bin\/hindsight"\]/);
    expect(dockerfile).toMatch(/FROM node:24/);
    // The install applies patches/ (postinstall: patch-package): they must be in the image before it.
    expect(dockerfile.indexOf('COPY patches ./patches')).toBeGreaterThan(-1);
    expect(dockerfile.indexOf('COPY patches ./patches')).toBeLessThan(dockerfile.indexOf('RUN npm ci'));
  });

  it('publishes ports on loopback only', () => {
    for (const service of Object.values(compose.services)) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('points Hindsight at the broker the Kafka service advertises', () => {
    const advertised = String(compose.services.kafka.environment!.KAFKA_ADVERTISED_LISTENERS).replace('PLAINTEXT://', '');
    expect(compose.services.hindsight.environment?.HINDSIGHT_KAFKA_BROKERS).toBe(advertised);
    expect(compose.services.hindsight.depends_on?.kafka.condition).toBe('service_healthy');
  });

  it('runs a KRaft single-node Kafka whose controller is not advertised', () => {
    const kafka = compose.services.kafka.environment!;
    expect(kafka.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(String(kafka.KAFKA_ADVERTISED_LISTENERS)).not.toMatch(/CONTROLLER/);
    expect(kafka.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe(1);
  });
});
