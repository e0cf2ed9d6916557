import { Client } from 'pg';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres';
import { appendAndProject, openReadSide, type ReadSide } from '../support/read-side';
import { makeEvent } from '../support/events';
import { startTestServer, type TestServer } from './support/test-server';

const AT = { seconds: Date.parse('2026-03-22T12:00:00Z') / 1000, nanos: 0 };
const REQUEST = { workspace_id: 'ws-1', inbox_id: 'inbox-1', phone: '+33612345678', at: AT };

/** Fail-open against the real read model on PostgreSQL: a locked (slow) store, then a closed one. */
describeWithPostgres('GetHistory fails open on the real store', () => {
  let database: TestDatabase;
  let side: ReadSide;
  let server: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    side = await openReadSide(database.url, '2026-03-22T12:00:00Z');
    await appendAndProject(side, [makeEvent('message.received', 'm-1', { time: '2026-03-21T10:00:00Z' })]);
    server = await startTestServer(side.query, { deadlineMs: 150 });
  });
  afterAll(async () => {
    await server.close();
    await side.close();
    await database.drop();
  });

  it('answers from the read model when the store is healthy', async () => {
    const answer = await server.client.getHistory(REQUEST);
    expect(answer).toMatchObject({ available: true, activities: [expect.objectContaining({ id: 'msg-1' })] });
  });

  it('answers available=false within its deadline while the store is blocked by a lock', async () => {
    const locker = new Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE read_model_documents IN ACCESS EXCLUSIVE MODE');
      const answer = await server.client.getHistory(REQUEST, new Date(Date.now() + 5_000));
      // The budget is the deadline less what the call spent before its query (its arrival turn, validation).
      expect(answer).toMatchObject({
        available: false,
        unavailable_reason: expect.stringMatching(/^deadline exceeded after 1[2-5]\d ms$/),
        activities: [],
      });
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('answers available=false with a reason when the store is gone', async () => {
    await side.readModels.close();
    const answer = await server.client.getHistory(REQUEST);
    expect(answer).toMatchObject({ available: false, unavailable_reason: 'history store unavailable', activities: [] });
  });
});
