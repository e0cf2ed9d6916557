import { validateSync } from 'class-validator';
import { CloudEventEnvelope } from '../cloud-event.envelope';
import { EVENT_CATALOGUE, EVENT_TYPES, isEventType } from '../event-catalogue';
import { VALIDATION } from '../event.parser';
import { cloudEvent } from '../testing/event.fixtures';
import { syntheticEvents } from '../testing/synthetic-events';
import { instantiate } from './instantiate';
import { passesValidation } from './passes-validation';

type Json = Record<string, unknown>;

/** Every path to a value in a JSON tree (objects and arrays included, so whole branches get replaced too). */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => pathsOf(item, [...prefix, index]))];
  if (typeof value === 'object' && value !== null)
    return [prefix, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
  return [prefix];
}

function replaced(root: Json, path: Array<string | number>, value: unknown): Json {
  const copy = structuredClone(root);
  let parent: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  parent[path[path.length - 1]] = value;
  return copy;
}

const CORRUPTIONS: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'x'.repeat(70_000),
  -1,
  0,
  1.5,
  42,
  true,
  {},
  [],
  [{}],
  [42],
  { unknown: 1 },
  '+0',
  '2026-02-30T09:00:00Z',
  'fr_FR',
];

/** Both answers for the envelope and, when it names a known type, the data. */
function verdicts(raw: Json): Array<[boolean, boolean]> {
  const envelope = instantiate(CloudEventEnvelope, raw);
  const answers: Array<[boolean, boolean]> = [[passesValidation(envelope), validateSync(envelope, VALIDATION).length === 0]];
  const { type, data } = raw;
  if (typeof type === 'string' && isEventType(type) && typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const instance = instantiate(EVENT_CATALOGUE[type] as new () => object, data as Json);
    answers.push([passesValidation(instance), validateSync(instance, VALIDATION).length === 0]);
  }
  return answers;
}

const fixtures = EVENT_TYPES.map((type) => cloudEvent(type) as Json);
const synthetic = [...syntheticEvents(300, { contacts: 50, workspaces: 2, inboxesPerWorkspace: 2 })] as unknown as Json[];

describe('passesValidation agrees with class-validator', () => {
  it.each(EVENT_TYPES)('on every single-field corruption of a valid %s', (type) => {
    const event = cloudEvent(type) as Json;
    let disagreements = 0;
    let rejected = 0;
    for (const path of pathsOf(event).filter((path) => path.length > 0)) {
      for (const corruption of CORRUPTIONS) {
        for (const [fast, full] of verdicts(replaced(event, path, corruption))) {
          if (fast !== full) disagreements += 1;
          if (!full) rejected += 1;
        }
      }
    }
    expect(disagreements).toBe(0);
    // The corpus does exercise rejections, not only valid input.
    expect(rejected).toBeGreaterThan(50);
  });

  it('on valid fixtures and synthetic events (all accepted by both)', () => {
    const answers = [...fixtures, ...synthetic].flatMap(verdicts);
    expect(answers.length).toBeGreaterThan(600);
    expect(answers.every(([fast, full]) => fast && full)).toBe(true);
  });

  it('says no for an object of an undecorated class, as forbidUnknownValues does', () => {
    expect(passesValidation({})).toBe(false);
    expect(validateSync({}, VALIDATION).length).toBeGreaterThan(0);
  });
});
