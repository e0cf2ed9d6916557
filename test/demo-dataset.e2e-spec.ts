import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type HindsightEvent, parseEvent } from '@app/events';
import { DEMO_CALLERS, demoDataset } from '@app/events/testing/demo-dataset';
import { REPOSITORY } from './support/cli';
import { appendAndProject, openReadSide } from './support/read-side';
import { createTestStore } from './support/stores';

describe('the bundled demo data set', () => {
  const lines = readFileSync(join(REPOSITORY, 'samples', 'demo-events.ndjson'), 'utf8')
    .trim()
    .split('\n');

  it('is what `npm run demo:generate` produces', () => {
    expect(lines).toEqual(demoDataset().map((event) => JSON.stringify(event)));
  });

  it('is valid, multilingual, and has sessions and internal notes', () => {
    const events = lines.map((line) => {
      const result = parseEvent(line);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.event;
    });
    const languages = new Set(events.flatMap((event) => (event.type === 'call.transcript.completed' ? [event.data.language] : [])));
    expect([...languages].sort()).toEqual(['en-US', 'es-ES', 'fr-FR']);
    const types = new Set(events.map((event) => event.type));
    for (const type of [
      'session.routed',
      'session.connected',
      'conversation.note.added',
      'conversation.wrapup.assigned',
      'voicemail.completed',
      'contact.identified',
    ]) {
      expect(types).toContain(type);
    }
    const times = events.map((event) => Date.parse(event.time));
    expect((Math.max(...times) - Math.min(...times)) / 86_400_000).toBeGreaterThan(180);
  });

  it.each(DEMO_CALLERS)("gives $workspaceId's showcase caller a rich history without internal text", async (caller) => {
    const store = await createTestStore('sqlite');
    const side = await openReadSide(store.url, '2026-11-20T18:00:00Z');
    try {
      await appendAndProject(
        side,
        lines.map((line) => (parseEvent(line) as { event: HindsightEvent }).event),
      );
      const answer = await side.query.getHistory({ ...caller, at: '2026-11-20T18:00:00.000Z' });
      expect(answer.available).toBe(true);
      expect(answer.activities.length).toBeGreaterThanOrEqual(20);
      expect(answer.lastSummary).toBeDefined();
      expect(answer.knownFacts.map((fact) => fact.field)).toContain('customerNumber');
      expect(JSON.stringify(answer)).not.toContain('INTERNAL');
    } finally {
      await side.close();
      await store.cleanup();
    }
  });
});
