import { dirname, resolve } from 'node:path';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync, type Options, type PackageDefinition } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { HISTORY_PROTO_FILE } from './proto-directory.resolver';
import { fixReflectionDescriptors } from './reflection-descriptors.fixer';

export const HISTORY_SERVICE_NAME = 'hindsight.v1.ConversationHistory';

/**
 * How wire messages look in JavaScript: camelCase fields (the domain's names), 64-bit integers as
 * strings (Timestamp seconds), enums by name, unset fields left out (so "not given" is visible).
 * The wire types in history-wire.types.ts follow these options.
 */
export const HISTORY_LOADER_OPTIONS: Options = { keepCase: false, longs: String, enums: String, defaults: false, oneofs: true };

export interface HistoryProto {
  readonly historyService: ServiceDefinition;
  /** What server reflection describes: the history and health protos, with their proto field names. */
  readonly reflectionDefinition: PackageDefinition;
}

/** Loads the protos at runtime (start-up only). */
export function loadHistoryProto(protoDirectory: string): HistoryProto {
  const serving = loadSync(HISTORY_PROTO_FILE, { ...HISTORY_LOADER_OPTIONS, includeDirs: [protoDirectory] });
  // grpc-health-check ships `<root>/health/v1/health.proto`: its root is an include directory.
  const healthRoot = resolve(dirname(healthProtoPath), '..', '..');
  // keepCase: reflection must describe fields by their proto names (workspace_id), not as JavaScript sees them.
  const described = loadSync([HISTORY_PROTO_FILE, 'health/v1/health.proto'], { keepCase: true, includeDirs: [protoDirectory, healthRoot] });
  return {
    historyService: serving[HISTORY_SERVICE_NAME] as ServiceDefinition,
    reflectionDefinition: fixReflectionDescriptors(described),
  };
}
