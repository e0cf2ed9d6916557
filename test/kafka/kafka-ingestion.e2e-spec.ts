import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Admin, Producer } from 'kafkajs';
import { type EventStore, openEventStore, type StoredEvent } from '@app/event-store';
import { syntheticEvents, type RawCloudEvent } from '@app/events/testing/synthetic-events';
import { VALID_DATA } from '@app/events/testing/event.fixtures';
import { finished, readyLine, REPOSITORY, startCli } from '../support/cli';
import { describeWithKafka, KAFKA_BROKERS, testKafka } from '../support/kafka';
import { createTestStore, type TestStore } from '../support/stores';
import { HistoryClient } from '../grpc/support/grpc-clients';

/** Bounds a step so a hang fails with the step's name instead of the test's timeout. */
async function within<T>(milliseconds: number, label: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${label}: no result after ${milliseconds} ms`)), milliseconds)),
  );
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function storedEvents(store: EventStore): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const event of store.readAll({ pageSize: 5000 })) all.push(event);
  return all;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await pause(100);
  }
}

const events = (count: number, prefix: string, options = {}): RawCloudEvent[] =>
  Array.from(syntheticEvents(count, { idPrefix: prefix, seed: 9, ...options }));

// One file, run in order: the last test restarts the shared broker.
describeWithKafka('Kafka ingestion on a real broker', () => {
  let producer: Producer;
  let admin: Admin;
  let store: TestStore;
  let reader: EventStore;
  const children: ChildProcess[] = [];
  let names: { topic: string; dlq: string; group: string };

  const consumeArgs = (extra: string[] = []) => [
    'consume',
    '--store',
    store.url,
    '--kafka',
    KAFKA_BROKERS,
    '--topics',
    names.topic,
    '--group',
    names.group,
    ...extra,
  ];
  const environment = () => ({ HINDSIGHT_KAFKA_DEAD_LETTER_TOPIC: names.dlq, HINDSIGHT_LOG_LEVEL: 'error' });
  const start = async (args: string[], extraEnvironment: NodeJS.ProcessEnv = {}) => {
    const child = startCli(args, { ...environment(), ...extraEnvironment });
    children.push(child);
    const exit = finished(child);
    await readyLine(child);
    return { child, exit };
  };
  // In slices: a produce request must stay under the broker's maximum request size.
  const send = async (messages: Array<{ key?: string; value: string | null; headers?: Record<string, string> }>) => {
    for (let index = 0; index < messages.length; index += 300) {
      await producer.send({ topic: names.topic, acks: -1, messages: messages.slice(index, index + 300) });
    }
  };
  const structured = (list: RawCloudEvent[]) =>
    list.map((event) => ({ key: String(event.data.workspaceId), value: JSON.stringify(event) }));

  beforeAll(async () => {
    const kafka = testKafka();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    admin = kafka.admin();
    await Promise.all([producer.connect(), admin.connect()]);
  });
  afterAll(async () => {
    await Promise.all([producer.disconnect(), admin.disconnect()]);
  });
  beforeEach(async () => {
    const suffix = randomBytes(4).toString('hex');
    names = { topic: `calls-${suffix}`, dlq: `dlq-${suffix}`, group: `group-${suffix}` };
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: names.topic, numPartitions: 4 }] });
    store = await createTestStore('sqlite');
    reader = await openEventStore(store.url);
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await reader.close();
    await store.cleanup();
  });

  it('stores structured and binary events once, dead-letters a poison message and keeps going', async () => {
    const [first, second, third] = events(3, 'mix');
    const binaryData = { ...VALID_DATA['session.ended'], sessionId: 'binary-session' };
    await send([
      ...structured([first, second]),
      { key: 'ws-0', value: JSON.stringify(first) },
      { key: 'ws-0', value: '{"not": json' },
      {
        key: 'ws-0',
        value: JSON.stringify(binaryData),
        headers: {
          ce_specversion: '1.0',
          ce_id: 'binary-1',
          ce_source: 'urn:test',
          ce_type: 'session.ended',
          ce_time: '2026-03-01T09:00:00Z',
          'content-type': 'application/json',
        },
      },
      ...structured([third]),
    ]);
    const { child, exit } = await start(consumeArgs());
    await waitFor(async () => (await reader.headPosition()) >= 4);
    const stored = await storedEvents(reader);
    expect(stored.map((event) => event.eventId).sort()).toEqual([first.id, second.id, third.id, 'binary-1'].sort());
    expect(JSON.parse(stored.find((event) => event.eventId === 'binary-1')!.payload).data.sessionId).toBe('binary-session');

    const dead = testKafka().consumer({ groupId: `${names.group}-dlq-reader` });
    await dead.connect();
    await dead.subscribe({ topics: [names.dlq], fromBeginning: true });
    const letters: Array<{ value: string; headers: Record<string, string> }> = [];
    await dead.run({
      eachMessage: async ({ message }) => {
        letters.push({
          value: message.value!.toString(),
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])),
        });
      },
    });
    await waitFor(async () => letters.length >= 1);
    await dead.disconnect();
    expect(letters).toHaveLength(1);
    expect(letters[0].value).toBe('{"not": json');
    expect(letters[0].headers).toMatchObject({
      hindsight_source_topic: names.topic,
      hindsight_source_partition: expect.stringMatching(/^\d$/),
      hindsight_source_offset: expect.stringMatching(/^\d+$/),
    });
    expect(JSON.parse(letters[0].headers.hindsight_error)).toEqual([
      { field: '(event)', message: expect.stringContaining('not valid JSON') },
    ]);

    child.kill('SIGTERM');
    expect((await exit).code).toBe(0);
    // Offsets were committed: a restarted consumer finds nothing new to store.
    const again = await start(consumeArgs());
    await pause(1500);
    expect(await reader.headPosition()).toBe(4);
    again.child.kill('SIGTERM');
    expect((await again.exit).code).toBe(0);
  });

  it('loses nothing and doubles nothing when the consumer is killed mid-batch and restarted', async () => {
    const produced = events(6000, 'crash');
    await send(structured(produced));
    const first = await start(consumeArgs());
    await waitFor(async () => (await reader.headPosition()) > 0);
    first.child.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');
    const second = await start(consumeArgs());
    await waitFor(async () => (await reader.headPosition()) >= produced.length);
    await pause(500);
    const stored = await storedEvents(reader);
    expect(stored.map((event) => event.position)).toEqual(Array.from({ length: produced.length }, (_, index) => index + 1));
    expect(new Set(stored.map((event) => event.eventId))).toEqual(new Set(produced.map((event) => event.id)));
    second.child.kill('SIGTERM');
    expect((await second.exit).code).toBe(0);
  });

  it.each([1, 2])(
    'shares the partitions between two instances of %i consumer(s) each in one group, with the same result',
    async (consumers) => {
      const one = await start(consumeArgs(), { HINDSIGHT_KAFKA_CONSUMERS: String(consumers) });
      const two = await start(consumeArgs(), { HINDSIGHT_KAFKA_CONSUMERS: String(consumers) });
      await waitFor(async () => {
        const groups = await admin.describeGroups([names.group]);
        return groups.groups[0]?.members.length === 2 * consumers && groups.groups[0].state === 'Stable';
      });
      const produced = events(3000, 'group');
      await send(structured(produced));
      await waitFor(async () => (await reader.headPosition()) >= produced.length);
      const stored = await storedEvents(reader);
      expect(new Set(stored.map((event) => event.eventId))).toEqual(new Set(produced.map((event) => event.id)));
      expect(stored).toHaveLength(produced.length);
      const members = (await admin.describeGroups([names.group])).groups[0].members;
      expect(members).toHaveLength(2 * consumers);
      for (const { child, exit } of [one, two]) {
        child.kill('SIGTERM');
        expect((await exit).code).toBe(0);
      }
    },
  );

  it('makes a produced call queryable over gRPC through hindsight serve --kafka', async () => {
    const call = events(30, 'served', {
      workspaces: 1,
      inboxesPerWorkspace: 1,
      contacts: 2,
      end: new Date('2026-11-01T00:00:00Z'),
      days: 5,
    });
    const served = startCli(['serve', '--store', store.url, '--kafka', KAFKA_BROKERS, '--grpc-port', '0', '--http-port', '0'], {
      ...environment(),
      HINDSIGHT_KAFKA_TOPICS: names.topic,
      HINDSIGHT_KAFKA_GROUP_ID: names.group,
    });
    children.push(served);
    const servedExit = finished(served);
    const { grpc, http } = await readyLine(served);
    await send(structured(call));
    const target = call.find((event) => event.type === 'call.completed')!;
    const data = target.data as { inboxId: string; contact: { phone: string }; callId: string };
    const client = new HistoryClient(Number(grpc.split(':').at(-1)));
    try {
      const request = {
        workspace_id: 'ws-0',
        inbox_id: data.inboxId,
        phone: data.contact.phone,
        at: { seconds: Date.parse('2026-11-01T00:00:00Z') / 1000, nanos: 0 },
      };
      let found = false;
      for (let attempt = 0; attempt < 200 && !found; attempt += 1) {
        found = (await client.getHistory(request)).activities.some((activity) => activity.id === data.callId);
        if (!found) await pause(100);
      }
      expect(found).toBe(true);
      const metrics = await (await fetch(`${http}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`hindsight_kafka_consumer_lag\\{topic="${names.topic}",partition="\\d"\\} \\d+`));
      expect(metrics).toMatch(/hindsight_event_store_head_position [1-9]\d*\n/);
    } finally {
      client.close();
    }
    served.kill('SIGTERM');
    expect((await servedExit).code).toBe(0);
  });

  it('recovers when the broker restarts while it consumes', async () => {
    const before = events(500, 'before');
    const after = events(500, 'after', { seed: 10 });
    await within(30_000, 'produce before', send(structured(before)));
    const { child, exit } = await within(60_000, 'start consumer', start(consumeArgs()));
    await within(
      60_000,
      'consume before',
      waitFor(async () => (await reader.headPosition()) >= before.length),
    );
    const script = join(REPOSITORY, 'scripts', 'kafka', 'kafka.sh');
    expect(spawnSync('bash', [script, 'stop'], { timeout: 60_000, stdio: 'ignore' }).status).toBe(0);
    await pause(1000);
    expect(spawnSync('bash', [script, 'start'], { timeout: 120_000, stdio: 'ignore' }).status).toBe(0);
    // The old producer's connection died with the broker: replace it (its disconnect could wait forever).
    const stale = producer;
    void stale.disconnect().catch(() => undefined);
    producer = testKafka().producer({ allowAutoTopicCreation: false });
    await within(60_000, 'reconnect producer', producer.connect());
    await within(60_000, 'produce after', send(structured(after)));
    await within(
      150_000,
      'consume after',
      waitFor(async () => (await reader.headPosition()) >= before.length + after.length, 140_000),
    );
    const stored = await storedEvents(reader);
    expect(new Set(stored.map((event) => event.eventId))).toEqual(new Set([...before, ...after].map((event) => event.id)));
    child.kill('SIGTERM');
    expect((await within(30_000, 'graceful stop', exit)).code).toBe(0);
  }, 300_000);
});
