import { type RawCloudEvent, syntheticEvents } from './synthetic-events';

const WORKSPACES = [
  { id: 'acme-fr', inboxes: [['support-fr', 'Support FR', '+33170000001', 'fr-FR'], ['ventes-fr', 'Ventes', '+33170000002', 'fr-FR']] },
  { id: 'acme-us', inboxes: [['support-us', 'Support US', '+14155550101', 'en-US'], ['billing-us', 'Billing', '+14155550102', 'en-US']] },
  { id: 'acme-es', inboxes: [['soporte-es', 'Soporte', '+34910000001', 'es-ES']] },
] as const;

/**
 * The bundled demo data set: configuration of three workspaces (FR, US, ES inboxes, users, a disabled
 * history inbox) then six months of synthetic traffic, in event-time order. Deterministic.
 */
export function demoDataset(interactions = 3000, end = new Date('2026-11-20T18:00:00Z')): RawCloudEvent[] {
  const configuredAt = new Date(end.getTime() - 200 * 86_400_000).toISOString();
  const configuration = (type: RawCloudEvent['type'], id: string, data: Record<string, unknown>): RawCloudEvent => ({
    specversion: '1.0',
    id,
    source: 'urn:hindsight:demo',
    type,
    time: configuredAt,
    datacontenttype: 'application/json',
    data,
  });
  const events: RawCloudEvent[] = [];
  for (const workspace of WORKSPACES) {
    events.push(configuration('workspace.configured', `demo-${workspace.id}-config`, { workspaceId: workspace.id, insightsEnabled: true }));
    workspace.inboxes.forEach(([inboxId, name, phoneNumber, language], index) =>
      events.push(
        configuration('inbox.configured', `demo-${inboxId}-config`, {
          workspaceId: workspace.id,
          inboxId,
          name,
          phoneNumber,
          language,
          // The second inbox of the US workspace keeps its history off, to show the disabled answer.
          historyEnabled: !(workspace.id === 'acme-us' && index === 1),
        }),
      ),
    );
    events.push(
      configuration('user.configured', `demo-${workspace.id}-agent`, {
        workspaceId: workspace.id,
        userId: `${workspace.id}-agent-1`,
        name: 'Camille Agent',
        licenses: ['ai_assist_pro'],
        inboxIds: workspace.inboxes.map(([inboxId]) => inboxId),
        role: 'agent',
      }),
    );
  }
  const traffic = Array.from(
    syntheticEvents(interactions, { idPrefix: 'demo', seed: 2026, workspaces: 3, inboxesPerWorkspace: 2, contacts: 300, days: 180, end }),
    (event): RawCloudEvent => {
      const workspace = WORKSPACES[Number(String(event.data.workspaceId).slice(3))];
      const data: Record<string, unknown> = { ...event.data, workspaceId: workspace.id };
      if (typeof data.inboxId === 'string') data.inboxId = workspace.inboxes[Number(data.inboxId.slice(-1)) % workspace.inboxes.length][0];
      return { ...event, id: event.id.replace('syn', 'demo'), data };
    },
  );
  return [...events, ...traffic.sort((left, right) => left.time.localeCompare(right.time))];
}
