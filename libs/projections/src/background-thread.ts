import { isHistoryReaderThread, runHistoryReaderThread } from './history-reader/history-reader.thread';
import { isWriteSideThread, runWriteSideThread } from './write-side/write-side.thread';

/**
 * `serve` starts its worker threads (write side, history reader) from its own bundle: in such a thread
 * this is what to run instead of the CLI; undefined on the main thread.
 */
export function backgroundThreadTask(): (() => Promise<void>) | undefined {
  if (isWriteSideThread()) return runWriteSideThread;
  if (isHistoryReaderThread()) return runHistoryReaderThread;
  return undefined;
}
