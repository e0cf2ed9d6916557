import type { Generation, GenerationInput, InsightsGenerator, InsightsInteraction } from '@app/insights';

/** Three interactions of one contact (newest first): a call with a transcript, an SMS, a voicemail. */
export function contactInteractions(transcript: readonly string[] = DEFAULT_TRANSCRIPT): InsightsInteraction[] {
  return [
    {
      interactionId: 'call-1',
      kind: 'call',
      channel: 'call',
      direction: 'inbound',
      occurredAt: '2025-03-10T09:30:00.000Z',
      inboxId: 'inbox-support',
      conversationId: 'conv-1',
      handledBy: { kind: 'user', id: 'user-7', name: 'Camille Martin' },
      language: 'fr',
      transcript: transcript.map((text, index) => ({ speaker: index % 2 === 0 ? 'contact' : 'user', text })),
      summary: 'Le client signale une facture en double pour février.',
      nextSteps: ['Rembourser le doublon'],
    },
    {
      interactionId: 'sms-2',
      kind: 'message',
      channel: 'sms',
      direction: 'inbound',
      occurredAt: '2025-03-08T17:02:00.000Z',
      inboxId: 'inbox-support',
      conversationId: 'conv-2',
      body: 'Bonjour, j’ai été prélevé deux fois ce mois-ci.',
    },
    {
      interactionId: 'vm-3',
      kind: 'voicemail',
      channel: 'voicemail',
      direction: 'inbound',
      occurredAt: '2025-03-01T08:15:00.000Z',
      inboxId: 'inbox-sales',
      conversationId: 'conv-3',
      language: 'fr',
      transcript: [{ speaker: 'contact', text: 'Rappelez-moi au sujet de mon abonnement, merci.' }],
    },
  ];
}

const DEFAULT_TRANSCRIPT = [
  'Bonjour, j’ai reçu deux factures identiques pour février.',
  'Je regarde votre compte, en effet le prélèvement a été fait deux fois.',
  'Pouvez-vous me rembourser ?',
  'Oui, je lance le remboursement du doublon aujourd’hui.',
];

/** Another contact of the same workspace: none of this may reach the first contact's prompt. */
export const OTHER_CONTACT_INTERACTION: InsightsInteraction = {
  interactionId: 'call-other-contact',
  kind: 'call',
  channel: 'call',
  direction: 'outbound',
  occurredAt: '2025-03-09T10:00:00.000Z',
  inboxId: 'inbox-support',
  conversationId: 'conv-other',
  language: 'fr',
  transcript: [{ speaker: 'contact', text: 'Mon numéro de carte secret est 4970 1234.' }],
};

export function generationInput(interactions: readonly InsightsInteraction[] = contactInteractions()): GenerationInput {
  return { language: 'fr', interactions };
}

/** A valid answer for `contactInteractions()`, as the model's JSON text. */
export const GOOD_ANSWER = JSON.stringify({
  topics: [{ text: 'Facture de février en double', sources: ['call-1', 'sms-2'] }],
  summary: [
    { text: 'Le client a été prélevé deux fois en février ; le remboursement du doublon est lancé.', sources: ['call-1', 'sms-2'] },
    { text: 'Il a demandé à être rappelé au sujet de son abonnement.', sources: ['vm-3'] },
  ],
  nextStep: { text: 'Confirmer le remboursement du doublon et parler de l’abonnement.', sources: ['call-1', 'vm-3'] },
});

/** Stands for the built-in summariser in the fallback tests. */
export class StubBuiltinGenerator implements InsightsGenerator {
  calls = 0;
  async generate(input: GenerationInput): Promise<Generation> {
    this.calls += 1;
    const sources = [input.interactions[0].interactionId];
    return { content: { topics: [], summary: [{ text: 'Résumé intégré', sources }], nextStep: null }, generator: { kind: 'builtin' } };
  }
}
