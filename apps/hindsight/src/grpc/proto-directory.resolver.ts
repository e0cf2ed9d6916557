import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The history service's proto file, relative to the proto directory (also its name in reflection). */
export const HISTORY_PROTO_FILE = 'hindsight/v1/history.proto';

/**
 * Finds the directory holding `hindsight/v1/history.proto`.
 *
 * An explicit directory wins (an option, for deployments that keep the protos elsewhere). Otherwise
 * walk up from this file's directory, checking `<dir>/proto` at each level: from the sources
 * (`apps/hindsight/src/grpc`, jest and ts) that finds the repository's `proto/`, and from the webpack
 * bundle (`dist/apps/hindsight/main.js`, where Nest's webpack keeps the real `__dirname`) it finds
 * `dist/apps/hindsight/proto` when the protos are copied next to the bundle, else the repository's.
 * Walking up, rather than a fixed `../../..`, is what makes one rule work from both places.
 */
export function resolveProtoDirectory(explicitDirectory?: string, startDirectory: string = __dirname): string {
  if (explicitDirectory !== undefined) {
    const directory = resolve(explicitDirectory);
    if (!existsSync(join(directory, HISTORY_PROTO_FILE))) {
      throw new Error(`proto directory ${directory} has no ${HISTORY_PROTO_FILE}`);
    }
    return directory;
  }
  for (let directory = resolve(startDirectory); ; directory = dirname(directory)) {
    const candidate = join(directory, 'proto');
    if (existsSync(join(candidate, HISTORY_PROTO_FILE))) return candidate;
    if (dirname(directory) === directory) break;
  }
  throw new Error(`cannot find proto/${HISTORY_PROTO_FILE} in ${startDirectory} or any parent directory`);
}
