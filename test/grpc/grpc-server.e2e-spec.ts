import { createServer, type AddressInfo } from 'node:net';
import { type Client, status, type ServiceError } from '@grpc/grpc-js';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FileDescriptorProto } from 'protobufjs/ext/descriptor';
import { HISTORY_QUERY, type HistoryQuery, type HistoryRequest } from '@app/history';
import { GrpcServerLifecycle, GrpcServerModule } from '../../apps/hindsight/src/grpc';
import { checkHealth, healthClient, HistoryClient, reflect, reflectionClient, type ReflectionResponse } from './support/grpc-clients';
import { FixedHistoryQuery, SlowHistoryQuery } from './support/history-queries';
import { startTestServer, type TestServer } from './support/test-server';

const CALLER = { workspace_id: 'ws-1', inbox_id: 'inbox-support', contact_id: 'contact-42' } as const;

interface FileDescriptor {
  name: string;
  package: string;
  dependency: string[];
  messageType: Array<{ name: string; field: Array<{ name: string; typeName?: string; proto3Optional?: boolean }> }>;
  service: Array<{ name: string; method: Array<{ name: string }> }>;
}

function decodeFiles(response: ReflectionResponse): FileDescriptor[] {
  return (response.file_descriptor_response?.file_descriptor_proto ?? []).map(
    (bytes) => FileDescriptorProto.decode(bytes) as unknown as FileDescriptor,
  );
}

describe('the gRPC server', () => {
  let test: TestServer;
  const clients: Client[] = [];
  const track = <C extends Client>(client: C): C => {
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    test = await startTestServer(new FixedHistoryQuery());
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await test.close();
  });

  it('binds an ephemeral port when asked for port 0', () => {
    expect(test.server.port).toBeGreaterThan(0);
  });

  it.each(['', 'hindsight.v1.ConversationHistory'])('reports "%s" SERVING to grpc.health.v1.Health', async (service) => {
    await expect(checkHealth(track(healthClient(test.server.port)), service)).resolves.toEqual({ status: 'SERVING' });
  });

  it('reports an unknown service as NOT_FOUND', async () => {
    await expect(checkHealth(track(healthClient(test.server.port)), 'hindsight.v1.Unknown')).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
  });

  it.each(['v1', 'v1alpha'] as const)('lists the history and health services through reflection %s', async (version) => {
    const response = await reflect(track(reflectionClient(version, test.server.port)), { list_services: '*' });

    const names = response.list_services_response?.service.map((service) => service.name);
    expect(names).toEqual(expect.arrayContaining(['hindsight.v1.ConversationHistory', 'grpc.health.v1.Health']));
  });

  it('describes the history service through reflection the way strict clients (grpcurl) need it', async () => {
    const client = track(reflectionClient('v1', test.server.port));
    const described = await reflect(client, { file_containing_symbol: 'hindsight.v1.ConversationHistory' });
    const history = decodeFiles(described).find((file) => file.package === 'hindsight.v1')!;
    // grpcurl then fetches each dependency by name: it must exist and declare what is referenced.
    const dependencies = await Promise.all(
      history.dependency.map(async (name) => decodeFiles(await reflect(client, { file_by_filename: name }))),
    );

    expect(history.name).toBe('hindsight/v1/history.proto');
    expect(history.service.map((service) => [service.name, service.method.map((method) => method.name)])).toEqual([
      ['ConversationHistory', ['GetHistory']],
    ]);
    expect(history.dependency).toEqual(['google/protobuf/timestamp.proto']);
    expect(dependencies.flat().map((file) => [file.name, file.messageType.map((message) => message.name)])).toEqual([
      ['google/protobuf/timestamp.proto', ['Timestamp']],
    ]);
    const fields = Object.fromEntries(history.messageType.map((message) => [message.name, message]));
    expect(fields.GetHistoryRequest.field.map((field) => field.name)).toEqual(['workspace_id', 'inbox_id', 'contact_id', 'phone', 'at']);
    expect(fields.GetHistoryRequest.field.find((field) => field.name === 'at')?.typeName).toBe('.google.protobuf.Timestamp');
    expect(fields.Activity.field.find((field) => field.name === 'duration_seconds')?.proto3Optional).toBe(true);
    expect(fields.Job.field.find((field) => field.name === 'collected')?.typeName).toBe('.hindsight.v1.Job.CollectedEntry');
  });
});

describe('stopping the gRPC server', () => {
  it('tells health watchers NOT_SERVING, then stops answering', async () => {
    const test = await startTestServer(new FixedHistoryQuery());
    const health = healthClient(test.server.port);
    try {
      const watch = (health as unknown as { Watch(request: { service: string }): NodeJS.ReadableStream & { cancel(): void } }).Watch({
        service: '',
      });
      const statuses: string[] = [];
      const notServing = new Promise<void>((resolve) =>
        watch.on('data', (update: { status: string }) => {
          statuses.push(update.status);
          if (update.status === 'NOT_SERVING') resolve();
        }),
      );
      watch.on('error', () => undefined); // the stream is cancelled or cut below
      await new Promise<void>((resolve) => watch.once('data', () => resolve()));

      const stopped = test.server.stop(1000);
      await notServing;
      watch.cancel();
      await stopped;

      expect(statuses).toEqual(['SERVING', 'NOT_SERVING']);
      await expect(test.client.getHistory(CALLER, new Date(Date.now() + 2000))).rejects.toMatchObject({ code: status.UNAVAILABLE });
    } finally {
      health.close();
      await test.close();
    }
  });
});

describe('GrpcServerModule', () => {
  @Global()
  @Module({ providers: [{ provide: HISTORY_QUERY, useValue: new FixedHistoryQuery() }], exports: [HISTORY_QUERY] })
  class HistoryQueryTestModule {}

  @Module({ imports: [HistoryQueryTestModule, GrpcServerModule.forRoot({ port: 0, logLevel: 'silent' })] })
  class TestApplicationModule {}

  it('serves the history query while the application runs and stops with it', async () => {
    const app = await NestFactory.createApplicationContext(TestApplicationModule, { logger: false });
    const port = app.get(GrpcServerLifecycle).port!;
    const client = new HistoryClient(port);
    try {
      await expect(client.getHistory(CALLER)).resolves.toMatchObject({ available: true });

      await app.close();

      const error = await client.getHistory(CALLER, new Date(Date.now() + 2000)).then(
        () => undefined,
        (failure: ServiceError) => failure,
      );
      expect(error?.code).toBe(status.UNAVAILABLE);
    } finally {
      client.close();
      await app.close();
    }
  });
});

describe('warming up before serving', () => {
  /** A port that was free a moment ago: the test must know it before the server reports it. */
  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
      probe.on('error', reject);
    });

  it('runs its requests through the server while health still says NOT_SERVING', async () => {
    const port = await freePort();
    const health = healthClient(port);
    const answered = new FixedHistoryQuery();
    const statusDuringWarmUp: string[] = [];
    const query: HistoryQuery = {
      getHistory: async (request) => {
        statusDuringWarmUp.push((await checkHealth(health, '')).status);
        return answered.getHistory(request);
      },
    };
    const requests: HistoryRequest[] = [
      { workspaceId: 'ws-1', inboxId: 'inbox-1', phone: '+33612345678', at: '2026-02-20T10:00:00.000Z' },
      { workspaceId: 'ws-1', inboxId: 'inbox-2', contactId: 'contact-42', at: '2026-02-21T11:30:00.500Z' },
    ];
    const test = await startTestServer(query, { port, warmUp: { requests, budgetMs: 5000 } });
    try {
      expect(statusDuringWarmUp).toEqual(['NOT_SERVING', 'NOT_SERVING']);
      expect(answered.requests).toEqual(expect.arrayContaining(requests));
      expect(answered.requests).toHaveLength(2);
      await expect(checkHealth(health, '')).resolves.toEqual({ status: 'SERVING' });
    } finally {
      health.close();
      await test.close();
    }
  });

  it('stops at its budget, whatever is left', async () => {
    const slow = new SlowHistoryQuery(100);
    const requests: HistoryRequest[] = Array.from({ length: 80 }, (_, index) => ({
      workspaceId: 'ws-1',
      inboxId: 'inbox-1',
      contactId: `contact-${index}`,
    }));
    const started = performance.now();
    const test = await startTestServer(slow, { warmUp: { requests, budgetMs: 150 } });
    try {
      // Eight in flight: two rounds start within the budget, the rest never do.
      expect(slow.finished).toBeGreaterThanOrEqual(8);
      expect(slow.finished).toBeLessThan(40);
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      slow.finishAll();
      await test.close();
    }
  });

  it('still starts when warm-up calls are refused (a malformed phone)', async () => {
    const answered = new FixedHistoryQuery();
    const test = await startTestServer(answered, {
      warmUp: { requests: [{ workspaceId: 'ws-1', inboxId: 'inbox-1', phone: 'not a phone' }], budgetMs: 5000 },
    });
    try {
      expect(answered.requests).toEqual([]);
      await expect(test.client.getHistory(CALLER)).resolves.toMatchObject({ available: true });
    } finally {
      await test.close();
    }
  });
});
