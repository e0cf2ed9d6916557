import type { EventType, HindsightEvent } from '@app/events';
import { validateEvent } from '@app/events';
import { cloudEvent, VALID_DATA } from '@app/events/testing/event.fixtures';
import { documentId } from './document-key';
import type { DocumentProjection } from './document-projection';
import { foldError, foldEvents, foldEventsGuarded } from './fold-events';
import { HINDSIGHT_PROJECTIONS } from './index';

function event(type: EventType, id: string, data: Record<string, unknown> = {}): HindsightEvent {
  const result = validateEvent(cloudEvent(type, { ...VALID_DATA[type], ...data }, { id, time: '2026-03-01T09:04:00Z' }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.event;
}

/** A message counter per workspace whose `part` (keyOf, apply or indexEntries) throws for the event ids in `failFor`. */
function counter(part: 'keyOf' | 'apply' | 'indexEntries', failFor: readonly string[], thrown: unknown = new TypeError('boom')) {
  const fail = (input: HindsightEvent) => {
    if (failFor.includes(input.id)) throw thrown;
  };
  const projection: DocumentProjection<{ readonly count: number; readonly ids: string[] }> = {
    collection: 'counter',
    keyOf(input) {
      if (part === 'keyOf') fail(input);
      return input.type === 'message.received' ? input.data.workspaceId : undefined;
    },
    apply(document, input) {
      if (part === 'apply') fail(input);
      return { count: (document?.count ?? 0) + 1, ids: [...(document?.ids ?? []), input.id] };
    },
    indexEntries(document) {
      const last = document.ids[document.ids.length - 1];
      if (part === 'indexEntries' && failFor.includes(last)) throw thrown;
      return [];
    },
  };
  return projection as DocumentProjection<unknown>;
}

/** Records every event it sees: another projection, which must fold every event whatever the counter does. */
const witness = (): DocumentProjection<unknown> & { seen: string[] } => {
  const seen: string[] = [];
  return {
    seen,
    collection: 'witness',
    keyOf: () => 'all',
    apply: (_document, input) => {
      seen.push(input.id);
      return { last: input.id };
    },
  };
};

const received = (id: string, workspaceId = 'ws-1') => event('message.received', id, { messageId: id, workspaceId });

describe('foldEventsGuarded', () => {
  const events = [received('m1'), received('m2'), received('m3'), received('m4', 'ws-2')];

  it.each<[string, 'keyOf' | 'apply' | 'indexEntries', string[], Record<string, string[]>, Array<[string, number]>]>([
    ['nothing throws', 'apply', [], { 'ws-1': ['m1', 'm2', 'm3'], 'ws-2': ['m4'] }, []],
    ['apply throws for one event', 'apply', ['m2'], { 'ws-1': ['m1', 'm3'], 'ws-2': ['m4'] }, [['m2', 1]]],
    ['keyOf throws for one event', 'keyOf', ['m2'], { 'ws-1': ['m1', 'm3'], 'ws-2': ['m4'] }, [['m2', 1]]],
    ['indexEntries throws on the document one event made', 'indexEntries', ['m2'], { 'ws-1': ['m1', 'm3'], 'ws-2': ['m4'] }, [['m2', 1]]],
    ['the first event of a document throws', 'apply', ['m1'], { 'ws-1': ['m2', 'm3'], 'ws-2': ['m4'] }, [['m1', 0]]],
    [
      'every event of one workspace throws',
      'apply',
      ['m1', 'm2', 'm3'],
      { 'ws-2': ['m4'] },
      [
        ['m1', 0],
        ['m2', 1],
        ['m3', 2],
      ],
    ],
  ])('%s: the document stays as it was before the failed event, the rest folds', (_case, part, failFor, expected, failures) => {
    const other = witness();
    const { documents, quarantined } = foldEventsGuarded([counter(part, failFor), other], events);
    const counters = Object.fromEntries(
      [...documents].filter(([id]) => id.startsWith('counter')).map(([id, document]) => [id, (document as { ids: string[] }).ids]),
    );
    expect(counters).toEqual(Object.fromEntries(Object.entries(expected).map(([key, ids]) => [documentId('counter', key), ids])));
    expect(quarantined.map((failure) => [failure.event.id, failure.index])).toEqual(failures);
    expect(quarantined.every((failure) => failure.collection === 'counter' && failure.error instanceof TypeError)).toBe(true);
    // The other projection folded every event, the failed ones included.
    expect(other.seen).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('gives the same documents as foldEvents when nothing throws', () => {
    const log = [
      event('call.completed', 'c1'),
      event('call.transcript.completed', 't1'),
      received('m1'),
      event('contact.identified', 'k1'),
    ];
    const { documents, quarantined } = foldEventsGuarded(HINDSIGHT_PROJECTIONS, log);
    expect(quarantined).toEqual([]);
    expect(documents).toEqual(foldEvents(HINDSIGHT_PROJECTIONS, log));
  });

  it('quarantines a stored transcript whose segment is not an object, and keeps the call', () => {
    const poison = { ...event('call.transcript.completed', 't1'), data: { ...VALID_DATA['call.transcript.completed'], segments: [[]] } };
    const { documents, quarantined } = foldEventsGuarded(HINDSIGHT_PROJECTIONS, [
      event('call.completed', 'c1'),
      poison as unknown as HindsightEvent,
      event('call.summary.completed', 's1'),
    ]);
    expect(quarantined.map((failure) => [failure.event.id, failure.collection, foldError(failure.error)])).toEqual([
      ['t1', 'activity', { name: 'TypeError', message: "Cannot read properties of undefined (reading 'trim')" }],
    ]);
    expect(documents.get(documentId('activity', 'ws-1/call:call-1'))).toMatchObject({ status: 'answered', summary: expect.any(String) });
    expect(documents.get(documentId('activity', 'ws-1/call:call-1'))).not.toHaveProperty('transcriptExcerpt');
  });

  it('quarantines a stored message whose contact id no store could index (a NUL from before the parser refused it)', () => {
    const valid = event('message.received', 'm1');
    const poison = { ...valid, id: 'm2', data: { ...valid.data, messageId: 'msg-2', contact: { contactId: 'c\u0000' } } } as HindsightEvent;
    const { documents, quarantined } = foldEventsGuarded(HINDSIGHT_PROJECTIONS, [valid, poison]);
    expect(quarantined.map((failure) => [failure.event.id, failure.collection])).toEqual([['m2', 'activity']]);
    expect(foldError(quarantined[0].error).message).toMatch(/identifier must not contain the NUL/);
    expect([...documents.keys()].some((id) => id.includes('msg-2'))).toBe(false);
  });

  it('skips internal events, as foldEvents does (they never reach a reducer, so they never fail)', () => {
    const { quarantined } = foldEventsGuarded([counter('keyOf', ['n1'])], [event('conversation.note.added', 'n1')]);
    expect(quarantined).toEqual([]);
  });
});

describe('foldError', () => {
  const long = 'x'.repeat(600);
  it.each<[string, unknown, { name: string; message: string }]>([
    ['an Error', new TypeError('bad segment'), { name: 'TypeError', message: 'bad segment' }],
    ['a custom error name', Object.assign(new Error('no'), { name: 'ReducerError' }), { name: 'ReducerError', message: 'no' }],
    ['a thrown string', 'plain', { name: 'string', message: 'plain' }],
    ['a thrown object', { code: 1 }, { name: 'object', message: '[object Object]' }],
    ['undefined', undefined, { name: 'undefined', message: 'undefined' }],
    ['an object that cannot be printed', Object.create(null), { name: 'object', message: 'unprintable value' }],
    ['a long message, cut', new Error(long), { name: 'Error', message: `${'x'.repeat(499)}…` }],
  ])('records %s as its name and message', (_case, thrown, expected) => {
    expect(foldError(thrown)).toEqual(expected);
  });
});
