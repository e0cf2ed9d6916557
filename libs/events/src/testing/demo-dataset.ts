import type { EventType } from '../event-catalogue';
import { random, type RawCloudEvent } from './synthetic-events';

type Language = 'fr-FR' | 'en-US' | 'es-ES';

interface Topic {
  readonly caller: string;
  readonly agent: string;
  readonly summary: string;
  readonly nextStep: string;
  readonly message: string;
  readonly reply: string;
  readonly voicemail: string;
}

/** What callers talk about, per language: the texts of the demo's calls, messages and voicemails. */
const TOPICS: Record<Language, readonly Topic[]> = {
  'fr-FR': [
    {
      caller: "Bonjour, ma facture de ce mois est plus élevée que d'habitude, je ne comprends pas pourquoi.",
      agent: 'Je vois un supplément pour des appels internationaux, je vous envoie le détail par SMS.',
      summary: "Le client conteste le montant de sa facture d'octobre (supplément appels internationaux).",
      nextStep: 'Envoyer le détail des appels internationaux par SMS',
      message: 'Bonjour, je n’ai toujours pas reçu le détail de ma facture.',
      reply: 'Bonjour, le détail vient de vous être envoyé. Bonne journée !',
      voicemail: 'Bonjour, c’est au sujet de ma facture, merci de me rappeler demain matin.',
    },
    {
      caller: 'Je voudrais déplacer mon rendez-vous de jeudi à la semaine prochaine.',
      agent: "C'est noté, je vous propose mardi à 10 heures, cela vous convient ?",
      summary: 'Rendez-vous déplacé au mardi suivant, 10 h.',
      nextStep: 'Confirmer le nouveau rendez-vous par SMS',
      message: 'Est-ce que mon rendez-vous de mardi est bien confirmé ?',
      reply: 'Oui, il est confirmé pour mardi à 10 h.',
      voicemail: 'Bonjour, je dois annuler mon rendez-vous, rappelez-moi s’il vous plaît.',
    },
    {
      caller: 'Ma connexion internet coupe tous les soirs vers vingt heures.',
      agent: 'Je lance un diagnostic de la ligne et je programme un technicien si besoin.',
      summary: 'Coupures internet le soir ; diagnostic lancé, visite technicien à planifier.',
      nextStep: 'Planifier la visite du technicien',
      message: 'La connexion a encore coupé hier soir.',
      reply: 'Un technicien passera lundi entre 8 h et 12 h.',
      voicemail: 'Ma box ne fonctionne toujours pas, merci de me rappeler.',
    },
  ],
  'en-US': [
    {
      caller: 'Hi, I was charged twice for my subscription this month.',
      agent: "I can see the duplicate charge, I'm issuing a refund right now.",
      summary: 'Customer was double-charged for the November subscription; refund issued.',
      nextStep: 'Confirm the refund once it has cleared',
      message: 'Has my refund been processed yet?',
      reply: 'Yes, the refund was processed today, it will show in 3 to 5 days.',
      voicemail: "Hi, it's about the double charge on my card, please call me back.",
    },
    {
      caller: "I'd like to update the delivery address on my order.",
      agent: "Sure, I've updated it; the parcel will ship tomorrow.",
      summary: 'Delivery address updated before shipping.',
      nextStep: 'Send the tracking link when the parcel ships',
      message: 'Where is my parcel? It was supposed to arrive yesterday.',
      reply: 'Your parcel is out for delivery today.',
      voicemail: 'Hello, my package never arrived, can someone call me?',
    },
    {
      caller: 'My card was declined when I tried to upgrade my plan.',
      agent: 'The payment failed on the bank side; I can send you a secure payment link.',
      summary: 'Plan upgrade failed on a declined card; secure payment link offered.',
      nextStep: 'Send the secure payment link',
      message: 'I tried the payment link but it expired.',
      reply: "Here's a new link, valid for 24 hours.",
      voicemail: 'Calling about the upgrade, the link does not work.',
    },
  ],
  'es-ES': [
    {
      caller: 'Hola, quiero cambiar la fecha de mi cita del viernes.',
      agent: 'De acuerdo, le propongo el lunes a las once, ¿le viene bien?',
      summary: 'Cita cambiada al lunes a las 11:00.',
      nextStep: 'Confirmar la nueva cita por SMS',
      message: '¿Mi cita del lunes está confirmada?',
      reply: 'Sí, está confirmada para el lunes a las 11:00.',
      voicemail: 'Hola, llamo por mi cita, por favor llámenme.',
    },
    {
      caller: 'No he recibido el reembolso de mi último pedido.',
      agent: 'Veo el reembolso en proceso, debería llegar esta semana.',
      summary: 'El cliente reclama un reembolso pendiente; en proceso.',
      nextStep: 'Comprobar que el reembolso ha llegado',
      message: 'Todavía no tengo el reembolso.',
      reply: 'Lo hemos revisado: el reembolso se ha emitido hoy.',
      voicemail: 'Buenos días, sigo sin el reembolso, llámenme por favor.',
    },
  ],
};

const WORKSPACES = [
  {
    id: 'acme-fr',
    language: 'fr-FR' as Language,
    prefix: '+3361234',
    inboxes: [
      ['support-fr', 'Support FR', '+33170000001'],
      ['ventes-fr', 'Ventes', '+33170000002'],
    ],
  },
  {
    id: 'acme-us',
    language: 'en-US' as Language,
    prefix: '+1415555',
    inboxes: [
      ['support-us', 'Support US', '+14155550101'],
      ['billing-us', 'Billing', '+14155550102'],
    ],
  },
  { id: 'acme-es', language: 'es-ES' as Language, prefix: '+3461234', inboxes: [['soporte-es', 'Soporte', '+34910000001']] },
] as const;

const DAY = 86_400_000;

/** The demo callers shown by `npm start`: one per workspace, with a rich recent history. */
export const DEMO_CALLERS = [
  { workspaceId: 'acme-fr', inboxId: 'support-fr', phone: '+33612340000' },
  { workspaceId: 'acme-us', inboxId: 'support-us', phone: '+14155550000' },
  { workspaceId: 'acme-es', inboxId: 'soporte-es', phone: '+34612340000' },
] as const;

/**
 * The bundled demo data set: three workspaces (French, US English and Spanish inboxes, one with history
 * disabled), their users and identified contacts, then six months of calls with transcripts, summaries
 * and job outcomes, SMS/WhatsApp messages, voicemails, agent sessions with wrap-up codes, and internal
 * notes (which must never show). Deterministic; events are in event-time order.
 */
export function demoDataset(
  end = new Date('2026-11-20T18:00:00Z'),
  contactsPerWorkspace = 60,
  interactionsPerWorkspace = 900,
): RawCloudEvent[] {
  const next = random(2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const events: RawCloudEvent[] = [];
  let sequence = 0;
  const emit = (type: EventType, time: string, data: Record<string, unknown>) => {
    sequence += 1;
    events.push({
      specversion: '1.0',
      id: `demo-${String(sequence).padStart(6, '0')}`,
      source: 'urn:hindsight:demo',
      type,
      time,
      datacontenttype: 'application/json',
      data,
    });
  };
  const configuredAt = new Date(end.getTime() - 200 * DAY).toISOString();

  for (const workspace of WORKSPACES) {
    const workspaceId = workspace.id;
    emit('workspace.configured', configuredAt, { workspaceId, insightsEnabled: true });
    workspace.inboxes.forEach(([inboxId, name, phoneNumber], index) =>
      emit('inbox.configured', configuredAt, {
        workspaceId,
        inboxId,
        name,
        phoneNumber,
        language: workspace.language,
        // The US billing line keeps its history off, to show the disabled answer.
        historyEnabled: !(workspaceId === 'acme-us' && index === 1),
      }),
    );
    emit('user.configured', configuredAt, {
      workspaceId,
      userId: `${workspaceId}-camille`,
      name: 'Camille',
      licenses: ['ai_assist_pro'],
      inboxIds: workspace.inboxes.map(([inboxId]) => inboxId),
      role: 'agent',
    });
    // An agent without the AI Assist Pro licence: reads insights, cannot generate them.
    emit('user.configured', configuredAt, {
      workspaceId,
      userId: `${workspaceId}-dominique`,
      name: 'Dominique',
      licenses: [],
      inboxIds: workspace.inboxes.map(([inboxId]) => inboxId),
      role: 'agent',
    });
    const inboxes: ReadonlyArray<readonly [string, string, string]> = workspace.inboxes;
    const phones = Array.from({ length: contactsPerWorkspace }, (_, index) => `${workspace.prefix}${String(index).padStart(4, '0')}`);
    phones.slice(0, 20).forEach((phone, index) =>
      emit('contact.identified', configuredAt, {
        workspaceId,
        contactId: `${workspaceId}-contact-${index}`,
        phone,
        name: `Contact ${index}`,
      }),
    );

    for (let interaction = 0; interaction < interactionsPerWorkspace; interaction += 1) {
      // The first contact of each workspace is the showcase: a fifth of the traffic, mostly recent.
      const showcase = interaction % 5 === 0;
      const phone = showcase ? phones[0] : pick(phones);
      const [inboxId] = showcase ? inboxes[0] : pick(inboxes);
      const ageDays = showcase ? next() * 20 : next() * 180;
      const start = end.getTime() - ageDays * DAY;
      const at = (offsetMs: number) => new Date(start + offsetMs).toISOString();
      const topic = pick(TOPICS[workspace.language]);
      const conversationId = `${workspaceId}-conversation-${interaction}`;
      const contact = { phone };
      const roll = next();
      if (roll < 0.5) {
        const callId = `${workspaceId}-call-${interaction}`;
        const status = pick(['answered', 'answered', 'answered', 'missed']);
        const durationMs = status === 'answered' ? 60_000 + Math.floor(next() * 400_000) : 20_000;
        const byAi = next() < 0.6;
        emit('call.completed', at(durationMs), {
          workspaceId,
          callId,
          conversationId,
          inboxId,
          contact,
          direction: 'inbound',
          status,
          startedAt: at(0),
          ...(status === 'answered' ? { answeredAt: at(3_000) } : {}),
          endedAt: at(durationMs),
          ...(status === 'answered'
            ? {
                handledBy: byAi
                  ? { kind: 'ai_agent', id: 'sona', name: 'Sona' }
                  : { kind: 'user', id: `${workspaceId}-camille`, name: 'Camille' },
              }
            : {}),
          queueId: 'queue-main',
        });
        if (status !== 'answered') continue;
        emit('call.transcript.completed', at(durationMs + 15_000), {
          workspaceId,
          callId,
          language: workspace.language,
          segments: [
            { speaker: byAi ? 'ai_agent' : 'user', text: topic.agent.split(',')[0] + '.', offsetMs: 0 },
            { speaker: 'contact', text: topic.caller, offsetMs: 2_500 },
            { speaker: byAi ? 'ai_agent' : 'user', text: topic.agent, offsetMs: 9_000 },
          ],
        });
        const resolved = next() < 0.5;
        emit('call.summary.completed', at(durationMs + 30_000), {
          workspaceId,
          callId,
          summary: topic.summary,
          nextSteps: resolved ? [] : [topic.nextStep],
          jobs: [
            {
              jobId: 'identification',
              name: 'Identification',
              outcome: 'completed',
              collected: { customerNumber: `C-${phone.slice(-4)}`, postcode: pick(['75011', '94107', '28001']) },
            },
          ],
        });
        const sessionId = `${workspaceId}-session-${interaction}`;
        emit('session.routed', at(0), {
          workspaceId,
          sessionId,
          conversationId,
          inboxId,
          channel: 'call',
          direction: 'inbound',
          queueId: 'queue-main',
          queueName: 'Main queue',
          contact,
        });
        if (!byAi)
          emit('session.connected', at(3_000), { workspaceId, sessionId, agent: { id: `${workspaceId}-camille`, name: 'Camille' } });
        emit('session.ended', at(durationMs), { workspaceId, sessionId, endedBy: 'agent' });
        if (!byAi) {
          emit('conversation.wrapup.assigned', at(durationMs + 60_000), {
            workspaceId,
            conversationId,
            sessionId,
            code: resolved ? 'resolved' : 'callback',
            label: resolved ? 'Resolved' : 'Call back',
            assignedBy: { id: `${workspaceId}-camille`, name: 'Camille' },
            notes: 'INTERNAL wrap-up note: never shown to callers.',
          });
          if (next() < 0.3)
            emit('conversation.note.added', at(durationMs + 90_000), {
              workspaceId,
              conversationId,
              author: { id: `${workspaceId}-camille`, name: 'Camille' },
              body: 'INTERNAL note: VIP customer, handle with care.',
            });
        }
      } else if (roll < 0.85) {
        const channel = pick(['sms', 'whatsapp']);
        emit('message.received', at(0), {
          workspaceId,
          messageId: `${workspaceId}-message-${interaction}-in`,
          conversationId,
          inboxId,
          contact,
          channel,
          body: topic.message,
          author: { kind: 'contact' },
        });
        emit('message.sent', at(300_000), {
          workspaceId,
          messageId: `${workspaceId}-message-${interaction}-out`,
          conversationId,
          inboxId,
          contact,
          channel,
          body: topic.reply,
          author: { kind: 'user', id: `${workspaceId}-camille`, name: 'Camille' },
        });
      } else {
        emit('voicemail.completed', at(40_000), {
          workspaceId,
          voicemailId: `${workspaceId}-voicemail-${interaction}`,
          inboxId,
          contact,
          recordedAt: at(0),
          durationSec: 10 + Math.floor(next() * 50),
          transcript: { language: workspace.language, text: topic.voicemail },
        });
      }
    }
  }
  return events.sort((left, right) => left.time.localeCompare(right.time) || left.id.localeCompare(right.id));
}
