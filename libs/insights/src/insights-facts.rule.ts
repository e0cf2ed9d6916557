import type { InsightsChannel, InsightsInteraction, InteractionHandler } from './insights.types';

export interface InsightsFacts {
  readonly lastInteraction: {
    readonly interactionId: string;
    readonly occurredAt: string;
    readonly channel: InsightsChannel;
    readonly direction: 'inbound' | 'outbound';
    readonly handledBy?: InteractionHandler;
  };
  readonly interactionCount: number;
  readonly byChannel: Readonly<Record<InsightsChannel, number>>;
  /** The span the interactions cover: the oldest one's time to the newest one's. */
  readonly period: { readonly from: string; readonly to: string };
}

/**
 * Who last interacted with the contact, when, on which channel, and how often: computed from the
 * interactions, never generated (a model cannot invent a date or an agent here). `interactions` is not
 * empty (a generation needs a call with a transcript).
 */
export function insightsFacts(interactions: readonly InsightsInteraction[]): InsightsFacts {
  const byTime = [...interactions].sort((left, right) => left.occurredAt.localeCompare(right.occurredAt));
  const last = byTime[byTime.length - 1];
  const byChannel: Record<InsightsChannel, number> = { call: 0, voicemail: 0, sms: 0, whatsapp: 0 };
  for (const interaction of interactions) byChannel[interaction.channel] += 1;
  return {
    lastInteraction: {
      interactionId: last.interactionId,
      occurredAt: last.occurredAt,
      channel: last.channel,
      direction: last.direction,
      ...(last.handledBy ? { handledBy: last.handledBy } : {}),
    },
    interactionCount: interactions.length,
    byChannel,
    period: { from: byTime[0].occurredAt, to: last.occurredAt },
  };
}
