import { parentPort } from 'node:worker_threads';
import { ThreadChannel, type ThreadPort } from './thread-channel';
import type { Protocol, ThreadProtocol } from './thread-message';

/** Inside a supervised thread: its end of the channel to the main thread. */
export type ChannelToMain<P extends ThreadProtocol<Protocol, Protocol>> = ThreadChannel<P['fromThread'], P['toThread']>;

/** The thread's end of its channel to the main thread (only in a worker thread). */
export function channelToMain<P extends ThreadProtocol<Protocol, Protocol>>(): ChannelToMain<P> {
  if (!parentPort) throw new Error('this file is a thread entry: the main thread starts it (ThreadSupervisor)');
  return new ThreadChannel(parentPort);
}

/**
 * Says the thread is ready, and answers the supervisor's `stop`: `finish` completes the work in flight,
 * then every port closes, which lets the thread exit by itself.
 */
export function serveSupervisedThread<P extends ThreadProtocol<Protocol, Protocol>>(
  main: ChannelToMain<P>,
  finish: () => Promise<void>,
  otherPorts: readonly ThreadPort[] = [],
): void {
  const answers = main as unknown as ThreadChannel<Protocol, ThreadProtocol['toThread']>;
  answers.answer({
    stop: async () => {
      try {
        await finish();
      } finally {
        // After the reply is posted (it is posted when this settles): a closed port sends nothing more.
        // Closed even when finishing failed, so the thread exits rather than waiting to be terminated.
        setImmediate(() => {
          main.close('the thread has stopped');
          for (const port of otherPorts) port.close?.();
        });
      }
    },
  });
  (main as unknown as ThreadChannel<ThreadProtocol['fromThread'], Protocol>).notify('ready', undefined);
}
