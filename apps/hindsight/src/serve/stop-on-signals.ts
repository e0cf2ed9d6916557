/**
 * SIGTERM/SIGINT close the application once, then exit (0, or 1 if closing failed). Our own handlers
 * rather than Nest's shutdown hooks, which re-raise the signal after closing; and an explicit exit,
 * because a client library may keep a reconnect timer alive after a broker restart.
 */
export function stopOnSignals(close: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= close());
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(
      signal,
      () =>
        void stop().then(
          () => process.exit(),
          () => process.exit(1),
        ),
    );
  return stop;
}
