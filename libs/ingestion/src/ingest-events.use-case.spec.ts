import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { type ParseResult, validateEvent } from '@app/events';
import { cloudEvent } from '@app/events/testing/event.fixtures';
import { IngestEvents } from './ingest-events.use-case';

const valid = (id: string) => JSON.stringify(cloudEvent('call.completed', undefined, { id }));
const invalid = (id: string) => JSON.stringify(cloudEvent('call.completed', { workspaceId: 'ws-1' }, { id }));

describe('ingest use case', () => {
  let directory: string;
  let store: SqliteEventStore;
  let ingest: IngestEvents;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'hindsight-ingest-'));
    store = new SqliteEventStore(join(directory, 'events.db'));
    ingest = new IngestEvents(store);
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    rmSync(directory, { recursive: true, force: true });
  });

  it.each<{ case: string; inputs: string[]; statuses: string[]; counts: [number, number, number] }>([
    { case: 'valid events', inputs: [valid('a'), valid('b')], statuses: ['accepted', 'accepted'], counts: [2, 0, 0] },
    {
      case: 'a rejected one between valid ones',
      inputs: [valid('a'), invalid('x'), valid('b')],
      statuses: ['accepted', 'rejected', 'accepted'],
      counts: [2, 0, 1],
    },
    { case: 'a repeat in the same batch', inputs: [valid('a'), valid('a')], statuses: ['accepted', 'duplicate'], counts: [1, 1, 0] },
    { case: 'not JSON', inputs: ['{nope', valid('a')], statuses: ['rejected', 'accepted'], counts: [1, 0, 1] },
    { case: 'nothing', inputs: [], statuses: [], counts: [0, 0, 0] },
  ])('reports an outcome per input, in input order: $case', async ({ inputs, statuses, counts }) => {
    const result = await ingest.ingest(inputs);
    expect(result.outcomes.map((outcome) => outcome.status)).toEqual(statuses);
    expect([result.accepted, result.duplicates, result.rejected]).toEqual(counts);
  });

  it('gives a duplicate the position of the first copy, and a rejection its id, type and field errors', async () => {
    const first = await ingest.ingest([valid('a')]);
    const again = await ingest.ingest([invalid('x'), valid('a')]);
    expect(again.outcomes[1]).toEqual({ status: 'duplicate', id: 'a', position: (first.outcomes[0] as { position: number }).position });
    expect(again.outcomes[0]).toMatchObject({
      status: 'rejected',
      id: 'x',
      type: 'call.completed',
      errors: expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^data\./) })]),
    });
  });

  it('takes a transport decoder in place of the text parser (Kafka binary mode, NDJSON lines)', async () => {
    const decode = (value: object): ParseResult => validateEvent(value);
    const result = await ingest.ingest([cloudEvent('call.completed', undefined, { id: 'k1' }), { specversion: '1.0' }], decode);
    expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['accepted', 'rejected']);
  });

  it('does not touch the store when every input is rejected (works with the store down)', async () => {
    await store.close();
    await expect(ingest.ingest([invalid('x')])).resolves.toMatchObject({ rejected: 1, accepted: 0 });
  });

  it('fails as a whole when the store fails: no valid event is half-stored', async () => {
    await store.close();
    await expect(ingest.ingest([valid('a'), invalid('x')])).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
