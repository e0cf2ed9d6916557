import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, type ValidationError, validateSync } from 'class-validator';
import { toFieldErrors } from '@app/validation';
import { AuthConfig, readAuthConfig } from './auth.config';
import { ConfigError } from './config.error';
import { LlmConfig, readLlmConfig } from './llm.config';
import { DEFAULT_STORE_URL, IsStoreUrl } from './store-url';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every setting, validated once at start-up. Defaults make `npm start` work with nothing set. */
export class HindsightConfig {
  /** Event store URL: `sqlite:PATH` (embedded default) or `postgres://…`. */
  @IsStoreUrl({ message: 'store must be sqlite:PATH or postgres://…' })
  store: string = DEFAULT_STORE_URL;

  @IsIn(LOG_LEVELS)
  logLevel: LogLevel = 'info';

  /** Events per append transaction when ingesting. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  ingestBatchSize: number = 5000;

  /**
   * Most events per projection transaction (read-model writes and checkpoint commit together) in
   * `serve`. The projection runs in the write-side threads, so a long batch never holds gRPC calls;
   * it delays appends queued behind it (they then share one commit). Batches are this big only while
   * catching up, which is when fewer, larger commits matter: each one rewrites the index pages it touched.
   */
  @IsInt()
  @Min(1)
  @Max(100_000)
  projectionBatchSize: number = 10_000;

  /**
   * How long `serve`'s projector waits after a batch that caught up before reading again (ms): appends of
   * one event each are then projected in batches of many rather than a few (on PostgreSQL a quarter of the
   * CPU an event costs). What an event may wait more, under load, before it is queryable; 0 reads again at once.
   */
  @IsInt()
  @Min(0)
  @Max(1000)
  projectionLingerMs: number = 20;

  /** Interface the servers listen on; loopback unless a deployment decides otherwise. */
  @Matches(/^[0-9a-fA-F:.]+$|^localhost$/, { message: 'host must be an IP address or localhost' })
  host: string = '127.0.0.1';

  @IsInt()
  @Min(0)
  @Max(65_535)
  grpcPort: number = 50051;

  @IsInt()
  @Min(0)
  @Max(65_535)
  httpPort: number = 3000;

  /** The voice agent never waits longer than this for history; slower answers become `available: false`. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  historyDeadlineMs: number = 150;

  /** GetHistory calls `serve` runs through itself before it reports ready (a fresh server is slow at first); 0 disables. */
  @IsInt()
  @Min(0)
  @Max(100_000)
  grpcWarmUpCalls: number = 2000;

  /**
   * PostgreSQL connections of serve's history reader (GetHistory). Few on purpose: backends beyond the
   * database's cores do not read faster, they contend (spin on buffer locks, switch) and cost CPU per
   * query; calls beyond them wait in the pool, under their deadline and admission control.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  historyReadConnections: number = 4;

  /** Admission control and the store breaker of GetHistory: `off` only to measure without them. */
  @IsIn(['on', 'off'])
  historyAdmission: 'on' | 'off' = 'on';

  /** Kafka brokers (`host:port,…`); empty means no Kafka consumer. */
  @Matches(/^$|^[\w.-]+:\d+(,[\w.-]+:\d+)*$/, { message: 'kafkaBrokers must be host:port[,host:port…]' })
  kafkaBrokers: string = '';

  /** Topics to consume; events are routed by their CloudEvents type, whatever the topic. */
  @Matches(/^[\w.-]+(,[\w.-]+)*$/, { message: 'kafkaTopics must be a comma-separated list of topic names' })
  kafkaTopics: string = 'calls,messages,voicemails,wrap-codes,sessions,contacts,config';

  @Matches(/^[\w.-]+$/, { message: 'kafkaGroupId must be a consumer group name' })
  kafkaGroupId: string = 'hindsight-ingestion';

  @Matches(/^[\w.-]+$/, { message: 'kafkaDeadLetterTopic must be a topic name' })
  kafkaDeadLetterTopic: string = 'hindsight.dlq';

  /**
   * Consumers of the group in this process. kafkajs fetches again only once a fetch's batches are
   * processed: with two, one fetches while the other's batches are validated and appended.
   */
  @IsInt()
  @Min(1)
  @Max(16)
  kafkaConsumers: number = 2;

  /** SQLite durability: FULL syncs every commit; NORMAL may lose the last commits on power loss. */
  @IsIn(['FULL', 'NORMAL'])
  sqliteSynchronous: 'FULL' | 'NORMAL' = 'FULL';

  /**
   * The agent desktop's build (`index.html` and `assets/`) that `serve` serves at `/`. Empty: found by walking
   * up from the app (`dist/apps/desktop`); a directory without `index.html` means "not built", not an error.
   */
  @IsString()
  desktopDirectory: string = '';

  /** Insights generation (`HINDSIGHT_LLM_*`), validated by its own schema in llm.config.ts. */
  llm: LlmConfig = new LlmConfig();

  /** Bearer-token verification (`HINDSIGHT_JWT_*`, `HINDSIGHT_JWKS_URL`, `HINDSIGHT_DATA_DIR`), in auth.config.ts. */
  auth: AuthConfig = new AuthConfig();
}

/** Environment variable behind each setting. */
const CONFIG_ENVIRONMENT: Record<Exclude<keyof HindsightConfig, 'llm' | 'auth'>, string> = {
  store: 'HINDSIGHT_STORE',
  logLevel: 'HINDSIGHT_LOG_LEVEL',
  ingestBatchSize: 'HINDSIGHT_INGEST_BATCH_SIZE',
  sqliteSynchronous: 'HINDSIGHT_SQLITE_SYNCHRONOUS',
  projectionBatchSize: 'HINDSIGHT_PROJECTION_BATCH_SIZE',
  projectionLingerMs: 'HINDSIGHT_PROJECTION_LINGER_MS',
  host: 'HINDSIGHT_HOST',
  grpcPort: 'HINDSIGHT_GRPC_PORT',
  httpPort: 'HINDSIGHT_HTTP_PORT',
  historyDeadlineMs: 'HINDSIGHT_HISTORY_DEADLINE_MS',
  grpcWarmUpCalls: 'HINDSIGHT_GRPC_WARMUP_CALLS',
  historyAdmission: 'HINDSIGHT_HISTORY_ADMISSION',
  historyReadConnections: 'HINDSIGHT_HISTORY_READ_CONNECTIONS',
  kafkaBrokers: 'HINDSIGHT_KAFKA_BROKERS',
  kafkaTopics: 'HINDSIGHT_KAFKA_TOPICS',
  kafkaGroupId: 'HINDSIGHT_KAFKA_GROUP_ID',
  kafkaDeadLetterTopic: 'HINDSIGHT_KAFKA_DEAD_LETTER_TOPIC',
  kafkaConsumers: 'HINDSIGHT_KAFKA_CONSUMERS',
  desktopDirectory: 'HINDSIGHT_DESKTOP_DIR',
};

const NUMERIC = new Set<keyof HindsightConfig>([
  'ingestBatchSize',
  'projectionBatchSize',
  'projectionLingerMs',
  'grpcPort',
  'httpPort',
  'historyDeadlineMs',
  'grpcWarmUpCalls',
  'kafkaConsumers',
  'historyReadConnections',
]);

/** A decimal number; anything else stays text, which fails the numeric rules as "must be an integer". */
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Text where a number is expected breaks every numeric rule (integer, minimum, maximum): say it once. */
function oneCauseForNonNumbers(error: ValidationError): ValidationError {
  if (typeof error.value !== 'string' || error.constraints?.isInt === undefined) return error;
  error.constraints = { isInt: error.constraints.isInt };
  return error;
}

/** Reads the environment, applies explicit overrides (command-line flags) and validates the result. */
export function loadConfig(
  environment: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<keyof HindsightConfig, unknown>> = {},
): HindsightConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(CONFIG_ENVIRONMENT) as Array<[keyof HindsightConfig, string]>) {
    const value = overrides[key] ?? environment[variable];
    if (value === undefined || value === '') continue;
    raw[key] = NUMERIC.has(key) && typeof value === 'string' && NUMBER.test(value) ? Number(value) : value;
  }
  const config = plainToInstance(HindsightConfig, raw);
  const errors = validateSync(config).map(oneCauseForNonNumbers);
  const llm = readLlmConfig(environment);
  const auth = readAuthConfig(environment);
  // Each problem names the variable, then reads as a sentence about the setting: `… (store): store must be …`.
  const problems = toFieldErrors(errors).map(
    ({ field, message }) => `${CONFIG_ENVIRONMENT[field as keyof typeof CONFIG_ENVIRONMENT] ?? field} (${field}): ${field} ${message}`,
  );
  const sections = [...llm.problems, ...auth.problems];
  if (problems.length + sections.length > 0) throw new ConfigError([...problems, ...sections]);
  config.llm = llm.config;
  config.auth = auth.config;
  return config;
}
