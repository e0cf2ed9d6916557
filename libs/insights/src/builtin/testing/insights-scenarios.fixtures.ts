import type { GenerationInput, InsightsInteraction, TranscriptLine } from '../../insights.types';

type Extra = Partial<InsightsInteraction>;

const contact = (text: string): TranscriptLine => ({ speaker: 'contact', text });
const agent = (text: string): TranscriptLine => ({ speaker: 'user', text });
const bot = (text: string): TranscriptLine => ({ speaker: 'ai_agent', text });

export const lines = { contact, agent, bot };

/** A call of inbox-1 with its transcript, in its own conversation. */
export const call = (interactionId: string, occurredAt: string, transcript: TranscriptLine[], extra: Extra = {}): InsightsInteraction => ({
  interactionId,
  kind: 'call',
  channel: 'call',
  direction: 'inbound',
  occurredAt,
  inboxId: 'inbox-1',
  conversationId: `conv-${interactionId}`,
  handledBy: { kind: 'user', id: 'user-1', name: 'Camille' },
  transcript,
  ...extra,
});

export const voicemail = (interactionId: string, occurredAt: string, text: string, extra: Extra = {}): InsightsInteraction => ({
  interactionId,
  kind: 'voicemail',
  channel: 'voicemail',
  direction: 'inbound',
  occurredAt,
  inboxId: 'inbox-1',
  conversationId: `conv-${interactionId}`,
  transcript: [contact(text)],
  ...extra,
});

export const message = (
  interactionId: string,
  occurredAt: string,
  body: string,
  extra: Extra & { channel?: 'sms' | 'whatsapp' } = {},
): InsightsInteraction => ({
  interactionId,
  kind: 'message',
  channel: 'sms',
  direction: 'inbound',
  occurredAt,
  inboxId: 'inbox-1',
  conversationId: 'conv-thread',
  body,
  ...extra,
});

/** A replacement parcel that does not arrive: three calls and an SMS, in French, newest first. */
export const FRENCH_DELIVERY: GenerationInput = {
  language: 'fr',
  interactions: [
    message(
      'sms-4',
      '2026-03-09T08:12:00.000Z',
      'Bonjour, toujours rien reçu ce matin. Le suivi indique que le colis de remplacement est bloqué au dépôt de Lyon depuis lundi. Merci de me rappeler.',
    ),
    call(
      'call-3',
      '2026-03-06T14:30:00.000Z',
      [
        bot('Bonjour, vous êtes bien chez Maison Lumière, cet appel peut être enregistré pour la qualité de service.'),
        agent('Bonjour madame Durand, Camille à l’appareil, que puis-je faire pour vous ?'),
        contact('Euh oui, alors je vous appelle encore pour mon colis de remplacement, il n’est toujours pas livré.'),
        contact('Le suivi dit qu’il est bloqué au dépôt de Lyon et personne ne peut me dire pourquoi.'),
        agent('Je vois effectivement que le numéro de suivi vous a bien été envoyé mardi, mais le colis est immobilisé au dépôt de Lyon.'),
        agent('J’ouvre une enquête auprès du transporteur et je vous rappelle vendredi avec le résultat.'),
        contact('D’accord, merci, parce que c’est la lampe pour l’anniversaire de ma fille.'),
        agent('Je comprends tout à fait. Bonne journée madame Durand.'),
      ],
      {
        summary:
          'La cliente signale que le colis de remplacement n’est toujours pas livré ; le suivi indique un blocage au dépôt de Lyon. L’agent a ouvert une enquête auprès du transporteur.',
        nextSteps: ['Rappeler la cliente vendredi avec le résultat de l’enquête transporteur'],
      },
    ),
    call(
      'call-2',
      '2026-03-03T10:05:00.000Z',
      [
        bot('Bonjour, vous êtes bien chez Maison Lumière, cet appel peut être enregistré pour la qualité de service.'),
        contact('Bonjour, j’ai appelé la semaine dernière, mon colis de la commande 48213 n’est jamais arrivé.'),
        agent('Le transporteur l’a déclaré perdu, je vous expédie un colis de remplacement aujourd’hui.'),
        contact('Très bien, et vous pouvez m’envoyer le numéro de suivi ?'),
      ],
      {
        direction: 'outbound',
        summary: 'Colis de la commande 48213 déclaré perdu par le transporteur ; un colis de remplacement a été expédié.',
        nextSteps: ['Envoyer le numéro de suivi du colis de remplacement par SMS'],
      },
    ),
    call('call-1', '2026-02-26T16:45:00.000Z', [
      bot('Bonjour, vous êtes bien chez Maison Lumière, cet appel peut être enregistré pour la qualité de service.'),
      agent('Bonjour, Camille à l’appareil.'),
      contact('Bonjour, j’ai commandé une lampe de chevet il y a dix jours, commande 48213, et le colis n’est toujours pas arrivé.'),
      contact('Le suivi n’a pas bougé depuis le 20 février, c’est inquiétant.'),
      agent('Je vais ouvrir une réclamation auprès du transporteur pour votre colis.'),
      agent('Au revoir madame.'),
    ]),
  ],
};

/** A premium plan billed twice, in English: a summarised call, a WhatsApp reminder, a call with a promise. */
export const ENGLISH_BILLING: GenerationInput = {
  language: 'en-GB',
  interactions: [
    call('call-b3', '2026-04-14T09:20:00.000Z', [
      agent('Hello, you are through to Northwind billing, this is Sam speaking, how can I help?'),
      contact('Hi, I am calling again about my March invoice.'),
      contact('I was charged twice for the premium plan, 49.99 each time, and nobody has come back to me.'),
      agent('I can see the duplicate charge on your account, I am sorry about that.'),
      agent('I will raise a refund request for the duplicate charge today and you will receive a confirmation email within 48 hours.'),
      contact('Okay, thank you.'),
      agent('Thanks for calling, have a nice day.'),
    ]),
    message(
      'wa-b2',
      '2026-04-10T18:02:00.000Z',
      'Hello, still waiting for an answer about the double charge on my invoice 🙁 This is the second time I am asking.',
      { channel: 'whatsapp', conversationId: 'conv-wa' },
    ),
    call(
      'call-b1',
      '2026-04-02T11:00:00.000Z',
      [
        agent('Hello, you are through to Northwind billing, how can I help?'),
        contact('My March invoice shows the premium plan twice, I only have one subscription.'),
        agent('Let me pass this to the billing team so they can review the duplicate charge.'),
      ],
      {
        summary: 'Customer disputes the March invoice: the premium plan was billed twice. Agent escalated to the billing team.',
        nextSteps: ['Billing team to review the duplicate charge and call the customer back'],
      },
    ),
  ],
};

/** A check-up appointment moved, in Spanish: a booking call, a voicemail, an SMS and a confirmation call. */
export const SPANISH_APPOINTMENT: GenerationInput = {
  language: 'es',
  interactions: [
    call(
      'call-c3',
      '2026-05-20T08:40:00.000Z',
      [
        agent('Buenos días, le llamo de la Clínica Levante por su cita de revisión.'),
        contact('Sí, hola, recibí su SMS, el jueves 28 a las diez me viene perfecto.'),
        agent('Perfecto, queda confirmada su cita de revisión el jueves 28 de mayo a las 10:00 con el doctor Ruiz.'),
      ],
      {
        direction: 'outbound',
        summary: 'Se confirma el cambio de la cita de revisión al jueves 28 de mayo a las 10:00 en la clínica de Valencia.',
        nextSteps: ['Enviar un SMS de recordatorio el día antes de la cita'],
      },
    ),
    message(
      'sms-c2',
      '2026-05-19T16:00:00.000Z',
      'Hola Marta, le proponemos mover su cita de revisión al jueves 28 de mayo a las 10:00. ¿Le viene bien?',
      {
        direction: 'outbound',
      },
    ),
    voicemail(
      'vm-c1',
      '2026-05-18T19:31:00.000Z',
      'Hola, soy Marta García. Tengo una cita de revisión el lunes 25 pero no puedo ir por trabajo. ¿Podrían cambiar la cita a otro día? Llámenme, por favor.',
    ),
    call('call-c0', '2026-05-02T10:15:00.000Z', [
      agent('Clínica Levante, buenos días, ¿en qué puedo ayudarle?'),
      contact('Quisiera pedir una cita de revisión para la rodilla, me operaron en marzo.'),
      agent('Le he reservado una cita de revisión el lunes 25 de mayo a las 9:30 con el doctor Ruiz.'),
      agent('Le enviaremos un recordatorio por SMS el día antes.'),
      contact('Muy bien, gracias.'),
    ]),
  ],
};
