import { Client } from 'pg';
import { PostgresDatabase } from '@app/event-store';
import {
  openReadModelStore,
  POSTGRES_DOCUMENTS_STATEMENT,
  postgresFindDocumentsStatement,
  postgresFindContactDocumentsStatement,
  postgresFindDocumentsWithReferencesStatement,
  postgresFindStatement,
  readModelPoolConfig,
} from '@app/projections';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../support/postgres';

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Cond'?: string;
  readonly 'Rows Removed by Filter'?: number;
  readonly Plans?: readonly PlanNode[];
}
const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

// The caller lookup of every history call: an index range scan whatever the planner knows. After a bulk
// load no statistics exist (autovacuum off here, as on some servers), and a prepared statement soon runs
// a generic plan: the shape that used to filter 25k entries per call in that case is the one tested.
describeWithPostgres('the PostgreSQL index read plan', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    await (await openReadModelStore(database.url)).close();
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('ALTER TABLE read_model_index SET (autovacuum_enabled = false)');
    // 5,000 callers × 20 entries in one inbox of one workspace, never analysed.
    await client.query(`
      INSERT INTO read_model_index (index_name, workspace_id, identifier, scope, sort_key, collection, key)
      SELECT 'activity-by-contact', 'ws-1', 'tel:+' || (caller % 5000), 'inbox-1',
             to_char(timestamp '2026-01-01' + (n || ' minutes')::interval, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'activity', 'a-' || n
      FROM generate_series(1, 100000) AS n, LATERAL (SELECT n AS caller) AS c`);
    // Their documents, each naming a conversation, and the conversations, never analysed either.
    await client.query('ALTER TABLE read_model_documents SET (autovacuum_enabled = false)');
    await client.query(`
      INSERT INTO read_model_documents (collection, key, document)
      SELECT 'activity', 'a-' || n, json_build_object('conversationId', 'c-' || (n % 20000))::text FROM generate_series(1, 100000) AS n
      UNION ALL
      SELECT 'conversation', 'ws-1/c-' || n, json_build_object('conversationId', 'c-' || n)::text FROM generate_series(0, 19999) AS n`);
  });
  afterAll(async () => {
    await client?.end();
    await database.drop();
  });

  it.each(['force_generic_plan', 'force_custom_plan'])('scans the index by caller with %s, never filtering', async (mode) => {
    const statement = postgresFindStatement({
      index: 'activity-by-contact',
      workspaceId: 'ws-1',
      identifiers: ['tel:+42'],
      scope: 'inbox-1',
      fromSortKey: '2026-01-01T00:00:00.000Z',
      toSortKey: '2026-12-31T00:00:00.000Z',
      limit: 30,
    });
    await client.query(`SET plan_cache_mode = ${mode}`);
    await client.query('DEALLOCATE ALL');
    await client.query(`PREPARE find_under_test (text, text, text[], text, text, text, int) AS ${statement.text}`);
    const [index, workspace, identifiers, scope, from, to, limit] = statement.values as [
      string,
      string,
      string[],
      string,
      string,
      string,
      number,
    ];
    const literal = (value: string) => client.escapeLiteral(value);
    const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE find_under_test (${literal(index)}, ${literal(workspace)}, ARRAY[${identifiers.map(literal).join(', ')}]::text[], ${literal(scope)}, ${literal(from)}, ${literal(to)}, ${limit})`,
    );
    const scans = nodes(rows[0]['QUERY PLAN'][0].Plan).filter((node) => node['Relation Name'] === 'read_model_index');
    expect(scans).toHaveLength(1);
    expect(scans[0]['Node Type']).toMatch(/^Index (Only )?Scan$/);
    expect(scans[0]['Index Cond']).toContain('identifier = wanted.identifier');
    expect(scans[0]['Rows Removed by Filter'] ?? 0).toBe(0);
  });

  // serve's readers plan each statement once (readModelPoolConfig): every statement of a history call,
  // as its generic plan runs it on unanalysed tables, reads both tables by index only.
  const inboxRange = {
    workspaceId: 'ws-1',
    scope: 'inbox-1',
    fromSortKey: '2026-01-01T00:00:00.000Z',
    toSortKey: '2026-12-31T00:00:00.000Z',
  };
  it.each([
    ['the inbox’s document', { text: POSTGRES_DOCUMENTS_STATEMENT, values: ['inbox', ['ws-1/inbox-1']] }],
    [
      'the caller’s contact',
      postgresFindDocumentsStatement({ index: 'activity-by-contact', ...inboxRange, identifiers: ['tel:+42'], limit: 1 }),
    ],
    [
      'the activities and their conversations',
      postgresFindDocumentsWithReferencesStatement(
        { index: 'activity-by-contact', ...inboxRange, identifiers: ['tel:+42', 'tel:+43'], limit: 30 },
        { collection: 'conversation', field: 'conversationId', keyPrefix: 'ws-1/' },
      ),
    ],
    ...(['by phone', 'by contactId'] as const).map((asked) => [
      `a whole call in one statement, ${asked}`,
      postgresFindContactDocumentsStatement({
        documents: [{ collection: 'inbox', key: 'ws-1/inbox-1' }],
        contact:
          asked === 'by phone'
            ? { query: { index: 'contact-by-identifier', workspaceId: 'ws-1', identifiers: ['tel:+42'], scope: '', limit: 1 } }
            : { collection: 'contact', key: 'ws-1/c-42' },
        identifiersField: 'identifiers',
        query: { index: 'activity-by-contact', ...inboxRange, identifiers: [asked === 'by phone' ? 'tel:+42' : 'id:c-42'], limit: 30 },
        reference: { collection: 'conversation', field: 'conversationId', keyPrefix: 'ws-1/' },
      }),
    ]),
  ] as Array<[string, { text: string; values: unknown[] }]>)('%s: a generic plan with no sequential scan', async (_name, statement) => {
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query('DEALLOCATE ALL');
    await client.query(`PREPARE call_under_test AS ${statement.text}`);
    const literal = (value: unknown): string =>
      Array.isArray(value)
        ? `ARRAY[${value.map(literal).join(', ')}]::text[]`
        : typeof value === 'number'
          ? String(value)
          : client.escapeLiteral(String(value));
    const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE call_under_test (${statement.values.map(literal).join(', ')})`,
    );
    const scans = nodes(rows[0]['QUERY PLAN'][0].Plan).filter((node) => node['Relation Name'] !== undefined);
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) expect(scan['Node Type']).toMatch(/^(Index (Only )?Scan|Bitmap Heap Scan)$/);
  });

  it.each([
    ['serve’s readers', { statementTimeoutMs: 2000, genericPlans: true }, { plan: 'force_generic_plan', timeout: '2s' }],
    ['the projector and the CLI', {}, { plan: 'auto', timeout: '0' }],
  ])('%s: their sessions start with the planned settings', async (_name, options, expected) => {
    const pool = new PostgresDatabase(database.url, 'test', readModelPoolConfig(options));
    try {
      const [settings] = await pool.query<{ plan: string; timeout: string }>(
        "SELECT current_setting('plan_cache_mode') AS plan, current_setting('statement_timeout') AS timeout",
      );
      expect(settings).toEqual(expected);
    } finally {
      await pool.close();
    }
  });
});
