/**
 * patches/kafkajs+2.2.4.patch, applied by `patch-package` after every install: kafkajs 2.2.4 (its last
 * release) re-armed a timer after every answer even with nothing pending and no throttle, with a negative
 * delay that Node turns into 1 ms: a 1 ms loop per broker connection for the client's life (kafkajs#1704),
 * and a TimeoutNegativeWarning on Node 24 (kafkajs#1751). This checks the installed kafkajs is the patched one.
 */
// The internal module the patch changes: not in kafkajs's typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: Record<string, unknown>) => {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
};

const silentLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('kafkajs RequestQueue, as patched', () => {
  it.each([
    { situation: 'nothing pending, not throttled', pending: 0, throttledForMs: undefined, scheduled: false },
    { situation: 'a request pending, not throttled', pending: 1, throttledForMs: undefined, scheduled: true },
    { situation: 'nothing pending, throttled by the broker', pending: 0, throttledForMs: 5_000, scheduled: true },
    { situation: 'a request pending, throttled by the broker', pending: 1, throttledForMs: 5_000, scheduled: true },
  ])('$situation: a check is scheduled: $scheduled', ({ pending, throttledForMs, scheduled }) => {
    const queue = new RequestQueue({
      maxInFlightRequests: 1,
      requestTimeout: 1_000,
      enforceRequestTimeout: true,
      clientId: 'test',
      broker: 'localhost:9092',
      logger: silentLogger,
    });
    queue.pending = Array.from({ length: pending }, () => ({}));
    if (throttledForMs !== undefined) queue.throttledUntil = Date.now() + throttledForMs;
    try {
      queue.scheduleCheckPendingRequests();
      expect(queue.throttleCheckTimeoutId !== null).toBe(scheduled);
    } finally {
      if (queue.throttleCheckTimeoutId !== null) clearTimeout(queue.throttleCheckTimeoutId);
    }
  });
});
