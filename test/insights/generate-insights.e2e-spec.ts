import { fixedClock } from '@app/clock';
import { IngestEvents } from '@app/ingestion';
import {
  type GenerationInput,
  GenerateContactInsights,
  type Generation,
  type InsightsGenerator,
  InsightsReadModels,
  InteractionContentReader,
} from '@app/insights';
import { makeEvent } from '../support/events';
import { appendAndProject, openReadSide, type ReadSide } from '../support/read-side';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';

const NOW = '2026-11-30T12:00:00.000Z';
const CALLER = { contactId: 'c-1', phone: '+33612345678' };
const OTHER = { contactId: 'c-2', phone: '+33700000000' };

/** Records what it was given, answers with well-sourced content; `gate` holds every answer until released. */
class RecordingGenerator implements InsightsGenerator {
  readonly inputs: GenerationInput[] = [];
  gate: Promise<void> = Promise.resolve();
  async generate(input: GenerationInput): Promise<Generation> {
    this.inputs.push(input);
    await this.gate;
    const first = input.interactions[0].interactionId;
    return {
      content: { topics: [], summary: [{ text: 'Résumé', sources: [first] }], nextStep: null },
      generator: { kind: 'llm', provider: 'test', model: 'recording' },
    };
  }
}

const at = (daysAgo: number) => new Date(Date.parse(NOW) - daysAgo * 86_400_000).toISOString();

function events() {
  const call = (id: string, daysAgo: number, contact: object, inboxId = 'support') => [
    makeEvent('call.completed', `${id}-done`, {
      time: at(daysAgo),
      data: {
        callId: id,
        conversationId: `conv-${id}`,
        inboxId,
        contact,
        startedAt: at(daysAgo),
        answeredAt: undefined,
        endedAt: at(daysAgo),
      },
    }),
    makeEvent('call.transcript.completed', `${id}-transcript`, {
      time: at(daysAgo),
      data: {
        callId: id,
        language: 'fr-FR',
        segments: [{ speaker: 'contact', text: `Transcript ${id}: ${'long words '.repeat(60)}the end of ${id}`, offsetMs: 0 }],
      },
    }),
  ];
  return [
    makeEvent('workspace.configured', 'ws', { time: at(60), data: { insightsEnabled: true } }),
    makeEvent('inbox.configured', 'inbox', { time: at(60), data: { inboxId: 'support', language: 'fr-FR' } }),
    makeEvent('user.configured', 'user', {
      time: at(60),
      data: { userId: 'alice', name: 'Alice', licenses: ['ai_assist_pro'], inboxIds: ['support'] },
    }),
    makeEvent('contact.identified', 'identity', { time: at(60), data: { contactId: 'c-1', phone: '+33612345678', email: undefined } }),
    ...call('call-old', 200, CALLER),
    ...call('call-1', 10, CALLER),
    ...call('call-2', 5, CALLER, 'sales'),
    ...call('call-other', 3, OTHER),
    makeEvent('conversation.note.added', 'note', { time: at(4), data: { conversationId: 'conv-call-1', body: 'SECRET NOTE' } }),
    makeEvent('conversation.wrapup.assigned', 'wrapup', {
      time: at(4),
      data: { conversationId: 'conv-call-1', notes: 'SECRET WRAP-UP NOTES' },
    }),
    ...Array.from({ length: 14 }, (_, index) =>
      makeEvent('message.received', `sms-${index}`, {
        time: at(20 + index),
        data: {
          messageId: `sms-${index}`,
          conversationId: 'conv-sms',
          inboxId: 'support',
          contact: { phone: '+33612345678' },
          channel: 'sms',
          body: `SMS ${index}`,
        },
      }),
    ),
  ];
}

describe.each(TEST_ENGINES())('generating insights from the real stores (%s)', (engine) => {
  let store: TestStore;
  let side: ReadSide;
  let generator: RecordingGenerator;
  let generate: GenerateContactInsights;

  beforeEach(async () => {
    store = await createTestStore(engine);
    side = await openReadSide(store.url, NOW);
    await appendAndProject(side, events());
    generator = new RecordingGenerator();
    generate = new GenerateContactInsights(
      new InsightsReadModels(side.readModels),
      new InteractionContentReader(side.events),
      generator,
      new IngestEvents(side.events),
      fixedClock(NOW),
    );
  });
  afterEach(async () => {
    await side.close();
    await store.cleanup();
  });

  it('gives the generator the 12 most recent eligible interactions of this contact only, full transcripts from the log, no internal text', async () => {
    const answer = await generate.execute({
      workspaceId: 'ws-1',
      contact: '+33612345678',
      conversationId: 'conv-call-1',
      scope: 'all',
      userId: 'alice',
    });
    const input = generator.inputs[0];
    expect(input.interactions.map((interaction) => interaction.interactionId)).toEqual([
      'call-2',
      'call-1',
      ...Array.from({ length: 10 }, (_, index) => `sms-${index}`),
    ]);
    expect(input.language).toBe('fr-FR');
    // The read model keeps an excerpt; the generator gets the whole transcript.
    expect(input.interactions[1].transcript?.[0].text).toMatch(/the end of call-1$/);
    const prompt = JSON.stringify(input);
    for (const foreign of ['call-other', 'SECRET NOTE', 'SECRET WRAP-UP NOTES', 'call-old']) expect(prompt).not.toContain(foreign);
    expect(answer).toMatchObject({
      generator: { kind: 'llm', provider: 'test', model: 'recording' },
      facts: { interactionCount: 12, byChannel: { call: 2, sms: 10 } },
    });
    // Stored through the parser as an event of the log, in the contact's insights stream.
    const stream = await side.events.readStream('ws-1/insights-id:c-1');
    expect(stream.events.map((stored) => stored.type)).toEqual(['contact.insights.generated']);
  });

  it('with scope "visible", uses only the conversations the agent may see', async () => {
    await generate.execute({ workspaceId: 'ws-1', contact: 'c-1', conversationId: 'conv-call-1', scope: 'visible', userId: 'alice' });
    expect(generator.inputs[0].interactions.map((interaction) => interaction.interactionId)).not.toContain('call-2');
  });

  it('shares one generation between concurrent requests for one contact', async () => {
    let release!: () => void;
    generator.gate = new Promise((resolve) => (release = resolve));
    const request = { workspaceId: 'ws-1', contact: 'c-1', conversationId: 'conv-call-1', scope: 'all' as const, userId: 'alice' };
    const answers = Promise.all([generate.execute(request), generate.execute({ ...request, contact: '+33612345678' })]);
    await new Promise((done) => setTimeout(done, 50));
    release();
    const [first, second] = await answers;
    expect(generator.inputs).toHaveLength(1);
    expect(second).toEqual(first);
    expect((await side.events.readStream('ws-1/insights-id:c-1')).events).toHaveLength(1);
  });

  it('refuses content citing an interaction it was not given (LLM_FAILED), and stores nothing', async () => {
    generator.generate = async (input) => {
      generator.inputs.push(input);
      return { content: { topics: [], summary: [{ text: 'x', sources: ['call-other'] }], nextStep: null }, generator: { kind: 'llm' } };
    };
    await expect(
      generate.execute({ workspaceId: 'ws-1', contact: 'c-1', conversationId: 'conv-call-1', scope: 'all', userId: 'alice' }),
    ).rejects.toMatchObject({ code: 'LLM_FAILED' });
    expect((await side.events.readStream('ws-1/insights-id:c-1')).events).toHaveLength(0);
  });
});
