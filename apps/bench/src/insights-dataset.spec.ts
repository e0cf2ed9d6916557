import { validateEvent } from '@app/events';
import { BenchContactPicker, datasetOf, setupEvents, trafficEvents } from './insights-dataset';

// What bench:insights relies on in its data set, not how fast anything is (benchmarks print figures).
describe('the bench:insights data set', () => {
  const dataset = { anchor: new Date('2026-11-30T12:00:00.000Z'), events: 20_000, contacts: 2_000 };

  it('configures what insights need, valid for the one parser, and its first event id names the data set', () => {
    const setup = setupEvents(dataset);
    expect(setup.map((event) => validateEvent(event).ok)).not.toContain(false);
    expect(setup.filter((event) => event.type === 'workspace.configured').map((event) => event.data)).toEqual([
      { workspaceId: 'ws-0', insightsEnabled: true },
      { workspaceId: 'ws-1', insightsEnabled: true },
    ]);
    expect(setup.find((event) => event.type === 'user.configured')?.data).toMatchObject({ licenses: ['ai_assist_pro'], role: 'agent' });
    expect(datasetOf(setup[0].id)).toEqual(dataset);
    expect(datasetOf('syn-1-c')).toBeUndefined();
  });

  it('dates its traffic up to the anchor, and picks distinct contacts with a transcribed call placed in a conversation', () => {
    const picker = new BenchContactPicker(50, dataset.anchor);
    const callsWithTranscript = new Set<string>();
    let lastCall: { callId: string; key: string } | undefined;
    for (const event of trafficEvents(dataset.events, dataset.contacts, dataset.anchor)) {
      expect(Date.parse(event.time)).toBeLessThanOrEqual(dataset.anchor.getTime() + 3_600_000);
      const data = event.data as { workspaceId: string; callId?: string; conversationId?: string; contact?: { phone: string } };
      if (event.type === 'call.completed')
        lastCall = { callId: data.callId!, key: `${data.workspaceId} ${data.contact!.phone} ${data.conversationId}` };
      if (event.type === 'call.transcript.completed' && lastCall && data.callId === lastCall.callId) callsWithTranscript.add(lastCall.key);
      picker.observe(event);
    }
    const contacts = picker.contacts();
    expect(contacts).toHaveLength(50);
    expect(new Set(contacts.map((contact) => `${contact.workspaceId} ${contact.phone}`)).size).toBe(50);
    for (const contact of contacts)
      expect(callsWithTranscript).toContain(`${contact.workspaceId} ${contact.phone} ${contact.conversationId}`);
  });
});
