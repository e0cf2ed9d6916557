import { dirname, join } from 'node:path';
import {
  type Client,
  type ClientDuplexStream,
  credentials,
  type GrpcObject,
  loadPackageDefinition,
  Metadata,
  type ServiceClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { REPOSITORY } from '../../support/cli';

/**
 * Clients as an outside caller (the voice agent, grpcurl) builds them: from the proto files, with
 * proto field names (snake_case) and proto3 defaults filled in, independent of the server's options.
 */
const CLIENT_LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true } as const;

export interface Timestamp {
  readonly seconds: string | number;
  readonly nanos: number;
}

export interface GetHistoryRequest {
  readonly workspace_id?: string;
  readonly inbox_id?: string;
  readonly contact_id?: string;
  readonly phone?: string;
  readonly at?: Partial<Timestamp>;
}

/** GetHistoryResponse as the client sees it (defaults filled in). */
export interface GetHistoryResponse {
  readonly available: boolean;
  readonly unavailable_reason: string;
  readonly window_start: Timestamp;
  readonly window_end: Timestamp;
  readonly activities: Array<{
    readonly id: string;
    readonly kind: string;
    readonly direction: string;
    readonly channel: string;
    readonly occurred_at: Timestamp;
    readonly duration_seconds?: number;
    readonly status: string;
    readonly summary: string;
    readonly transcript_excerpt: string;
    readonly body: string;
    readonly handled_by: { readonly kind: string; readonly id: string; readonly name: string } | null;
    readonly wrapup_code: string;
    readonly wrapup_label: string;
    readonly next_steps: string[];
    readonly jobs: Array<{
      readonly job_id: string;
      readonly name: string;
      readonly outcome: string;
      readonly collected: Record<string, string>;
    }>;
  }>;
  readonly last_summary: { readonly activity_id: string; readonly summary: string; readonly occurred_at: Timestamp } | null;
  readonly open_items: Array<{ readonly activity_id: string; readonly text: string; readonly occurred_at: Timestamp }>;
  readonly known_facts: Array<{
    readonly field: string;
    readonly value: string;
    readonly activity_id: string;
    readonly collected_at: Timestamp;
  }>;
}

function serviceClient(protoFile: string, includeDir: string, serviceName: string, port: number): Client {
  const grpcObject = loadPackageDefinition(loadSync(protoFile, { ...CLIENT_LOADER_OPTIONS, includeDirs: [includeDir] }));
  const constructor = serviceName
    .split('.')
    .reduce<unknown>((scope, name) => (scope as GrpcObject)[name], grpcObject) as ServiceClientConstructor;
  return new constructor(`127.0.0.1:${port}`, credentials.createInsecure());
}

type UnaryMethod = (
  request: unknown,
  metadata: Metadata,
  options: { deadline?: Date },
  callback: (error: ServiceError | null, response: unknown) => void,
) => void;

/** Metadata entries of a call, e.g. `{ authorization: 'Bearer …' }`; an array sends the key several times. */
export type CallMetadata = Record<string, string | readonly string[]>;

function unary<Response>(client: Client, method: string, request: unknown, deadline?: Date, entries: CallMetadata = {}): Promise<Response> {
  const metadata = new Metadata();
  for (const [key, values] of Object.entries(entries)) for (const value of [values].flat()) metadata.add(key, value);
  return new Promise((resolve, reject) => {
    const call = (client as unknown as Record<string, UnaryMethod>)[method].bind(client);
    call(request, metadata, deadline === undefined ? {} : { deadline }, (error, response) =>
      error ? reject(error) : resolve(response as Response),
    );
  });
}

export class HistoryClient {
  private readonly client: Client;

  constructor(port: number) {
    this.client = serviceClient('hindsight/v1/history.proto', join(REPOSITORY, 'proto'), 'hindsight.v1.ConversationHistory', port);
  }

  getHistory(request: GetHistoryRequest, deadline?: Date, metadata?: CallMetadata): Promise<GetHistoryResponse> {
    return unary(this.client, 'GetHistory', request, deadline, metadata);
  }

  close(): void {
    this.client.close();
  }
}

/** grpc.health.v1.Health, from the proto shipped with grpc-health-check. */
export function healthClient(port: number): Client {
  return serviceClient('health/v1/health.proto', join(dirname(healthProtoPath), '..', '..'), 'grpc.health.v1.Health', port);
}

export function checkHealth(client: Client, service: string): Promise<{ status: string }> {
  return unary(client, 'Check', { service });
}

/** grpc.reflection.<version>.ServerReflection, from the protos shipped with @grpc/reflection. */
export function reflectionClient(version: 'v1' | 'v1alpha', port: number): Client {
  const protoRoot = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');
  return serviceClient(`grpc/reflection/${version}/reflection.proto`, protoRoot, `grpc.reflection.${version}.ServerReflection`, port);
}

export interface ReflectionResponse {
  readonly list_services_response?: { readonly service: Array<{ readonly name: string }> } | null;
  readonly file_descriptor_response?: { readonly file_descriptor_proto: Buffer[] } | null;
  readonly error_response?: { readonly error_code: number; readonly error_message: string } | null;
}

/** One request on the ServerReflectionInfo stream, its one answer. */
export function reflect(client: Client, request: Record<string, string>): Promise<ReflectionResponse> {
  return new Promise((resolve, reject) => {
    const stream = (
      client as unknown as { ServerReflectionInfo(): ClientDuplexStream<Record<string, string>, ReflectionResponse> }
    ).ServerReflectionInfo();
    stream.once('data', (response: ReflectionResponse) => {
      stream.end();
      resolve(response);
    });
    stream.once('error', reject);
    stream.write(request);
  });
}

/** A Timestamp as the UTC ISO 8601 instant with milliseconds the domain uses. */
export function isoFromTimestamp(timestamp: Timestamp): string {
  return new Date(Number(timestamp.seconds) * 1000 + Math.floor(timestamp.nanos / 1_000_000)).toISOString();
}

/** An ISO instant as a Timestamp, as a client sends it. */
export function timestampFromIso(instant: string): Timestamp {
  const milliseconds = Date.parse(instant);
  const seconds = Math.floor(milliseconds / 1000);
  return { seconds, nanos: (milliseconds - seconds * 1000) * 1_000_000 };
}
