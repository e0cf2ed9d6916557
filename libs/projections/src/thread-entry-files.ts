import { join } from 'node:path';

/**
 * The entry files of the threads, as `nest build` emits them next to each app's main.js
 * (webpack.thread-entries.js). In a bundle `__dirname` is that directory; tests point at dist.
 */
export const THREAD_ENTRY_FILES = {
  writer: 'writer-thread.js',
  projector: 'projector-thread.js',
  historyReader: 'history-reader-thread.js',
  storeReader: 'store-reader-thread.js',
  /** serve's gRPC server (apps/hindsight), bundled with the others. */
  grpc: 'grpc-thread.js',
} as const;

export function threadEntryFile(thread: keyof typeof THREAD_ENTRY_FILES, directory: string = __dirname): string {
  return join(directory, THREAD_ENTRY_FILES[thread]);
}
