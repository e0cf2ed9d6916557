import { ConfigError } from './config.error';
import { loadConfig } from './hindsight.config';

describe('loadConfig', () => {
  it('has defaults that work with nothing set', () => {
    expect(loadConfig({})).toMatchObject({
      store: 'sqlite:./data/hindsight.db',
      logLevel: 'info',
      ingestBatchSize: 5000,
      projectionBatchSize: 10_000,
      projectionLingerMs: 20,
      sqliteSynchronous: 'FULL',
      kafkaConsumers: 2,
      grpcWarmUpCalls: 2000,
      historyAdmission: 'on',
      historyReadConnections: 4,
      desktopDirectory: '',
    });
  });

  it('reads the environment, and flags override it', () => {
    const environment = { HINDSIGHT_STORE: 'postgres://db/h', HINDSIGHT_INGEST_BATCH_SIZE: '250' };
    expect(loadConfig(environment)).toMatchObject({ store: 'postgres://db/h', ingestBatchSize: 250 });
    expect(loadConfig(environment, { store: 'sqlite:/tmp/x.db' }).store).toBe('sqlite:/tmp/x.db');
    expect(loadConfig({ HINDSIGHT_DESKTOP_DIR: '/srv/desktop' }).desktopDirectory).toBe('/srv/desktop');
    expect(loadConfig({ HINDSIGHT_PROJECTION_LINGER_MS: '0' }).projectionLingerMs).toBe(0);
    expect(loadConfig({ HINDSIGHT_HISTORY_READ_CONNECTIONS: '2' }).historyReadConnections).toBe(2);
  });

  it.each([
    [{ HINDSIGHT_STORE: 'mysql://x' }, /HINDSIGHT_STORE \(store\): store must be sqlite:PATH or postgres/],
    [{ HINDSIGHT_INGEST_BATCH_SIZE: 'lots' }, /HINDSIGHT_INGEST_BATCH_SIZE/],
    [{ HINDSIGHT_INGEST_BATCH_SIZE: '0' }, /HINDSIGHT_INGEST_BATCH_SIZE .*must not be less than 1/],
    [{ HINDSIGHT_LOG_LEVEL: 'loud' }, /HINDSIGHT_LOG_LEVEL/],
    [{ HINDSIGHT_PROJECTION_BATCH_SIZE: '100001' }, /HINDSIGHT_PROJECTION_BATCH_SIZE .*must not be greater than 100000/],
    [{ HINDSIGHT_PROJECTION_LINGER_MS: '1001' }, /HINDSIGHT_PROJECTION_LINGER_MS .*must not be greater than 1000/],
    [{ HINDSIGHT_PROJECTION_LINGER_MS: '-1' }, /HINDSIGHT_PROJECTION_LINGER_MS .*must not be less than 0/],
    [{ HINDSIGHT_KAFKA_CONSUMERS: '0' }, /HINDSIGHT_KAFKA_CONSUMERS .*must not be less than 1/],
    [{ HINDSIGHT_KAFKA_CONSUMERS: 'two' }, /HINDSIGHT_KAFKA_CONSUMERS/],
    [{ HINDSIGHT_HISTORY_ADMISSION: 'maybe' }, /HINDSIGHT_HISTORY_ADMISSION/],
    [{ HINDSIGHT_GRPC_WARMUP_CALLS: '-1' }, /HINDSIGHT_GRPC_WARMUP_CALLS .*must not be less than 0/],
    [{ HINDSIGHT_HISTORY_READ_CONNECTIONS: '0' }, /HINDSIGHT_HISTORY_READ_CONNECTIONS .*must not be less than 1/],
    [{ HINDSIGHT_HISTORY_READ_CONNECTIONS: '65' }, /HINDSIGHT_HISTORY_READ_CONNECTIONS .*must not be greater than 64/],
    [{ HINDSIGHT_GRPC_WARMUP_CALLS: '100001' }, /HINDSIGHT_GRPC_WARMUP_CALLS .*must not be greater than 100000/],
  ])('names the setting that is invalid: %j', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(message);
  });

  it.each([
    [{ HINDSIGHT_HTTP_PORT: 'abc' }, 'HINDSIGHT_HTTP_PORT (httpPort): httpPort must be an integer number'],
    [
      { HINDSIGHT_HISTORY_DEADLINE_MS: '150ms' },
      'HINDSIGHT_HISTORY_DEADLINE_MS (historyDeadlineMs): historyDeadlineMs must be an integer number',
    ],
    [
      { HINDSIGHT_HISTORY_DEADLINE_MS: '1.5' },
      'HINDSIGHT_HISTORY_DEADLINE_MS (historyDeadlineMs): historyDeadlineMs must be an integer number',
    ],
    [{ HINDSIGHT_GRPC_PORT: '-5' }, 'HINDSIGHT_GRPC_PORT (grpcPort): grpcPort must not be less than 0'],
  ])('reports one cause per invalid number, not every numeric rule it breaks: %j', (environment, problem) => {
    expect(() => loadConfig(environment)).toThrow(expect.objectContaining({ problems: [problem] }));
  });
});
