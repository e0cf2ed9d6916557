import type { GenerationInput, InsightsInteraction, SourcedText } from '../insights.types';
import { builtinInsights } from './builtin-insights.generator';
import { call, lines, message, voicemail } from './testing/insights-scenarios.fixtures';

const { contact, agent, bot } = lines;
const day = (n: number) => `2026-03-${String(n).padStart(2, '0')}T10:00:00.000Z`;

/** A call on 1 March that planned to send a new parcel. */
const planned = call('call-1', day(1), [contact('Mon colis est arrivé cassé.')], {
  summary: 'Colis arrivé cassé ; un nouveau colis sera envoyé.',
  nextSteps: ['Envoyer un nouveau colis au client'],
});
const PLANNED: SourcedText = { text: 'Envoyer un nouveau colis au client (appel entrant du 1 mars)', sources: ['call-1'] };

describe('open next step', () => {
  it.each<[string, InsightsInteraction[], SourcedText | null]>([
    ['a next step of the platform is open', [planned], PLANNED],
    ['a later SMS says the matter is done: closed', [message('sms-2', day(3), 'Nouveau colis reçu ce matin, merci.'), planned], null],
    ['a later negated mention leaves it open', [message('sms-2', day(3), 'Le colis n’est toujours pas reçu.'), planned], PLANNED],
    ['a later question leaves it open', [call('call-2', day(3), [agent('Avez-vous bien reçu le nouveau colis ?')]), planned], PLANNED],
    [
      'a later call’s platform summary says done: closed',
      [call('call-2', day(4), [contact('Merci.')], { summary: 'Le client confirme que le nouveau colis est livré.' }), planned],
      null,
    ],
    [
      'the newest call’s step comes first',
      [
        call('call-2', day(4), [contact('La facture est fausse.')], {
          summary: 'Facture erronée.',
          nextSteps: ['Corriger la facture de mars'],
        }),
        planned,
      ],
      { text: 'Corriger la facture de mars (appel entrant du 4 mars)', sources: ['call-2'] },
    ],
    [
      'what an agent promised in a call the platform did not summarise',
      [
        call('call-2', day(4), [
          contact('Ma facture de mars est fausse.'),
          agent('Je vais corriger la facture de mars et vous l’envoyer par e-mail.'),
        ]),
      ],
      {
        text: 'Donner suite à l’engagement pris lors de l’appel entrant du 4 mars : « Je vais corriger la facture de mars et vous l’envoyer par e-mail. »',
        sources: ['call-2'],
      },
    ],
    [
      'what the contact "promises" is never a step',
      [call('call-2', day(4), [contact('Je vais porter plainte et je vais résilier mon contrat.')])],
      null,
    ],
    [
      'the AI agent’s boilerplate promise, said in every call, is not one',
      [
        call('call-3', day(5), [bot('Je vais vous transférer vers un conseiller disponible.'), contact('D’accord.')]),
        call('call-2', day(4), [bot('Je vais vous transférer vers un conseiller disponible.'), contact('Merci.')]),
      ],
      null,
    ],
    [
      'an unanswered voicemail of another matter comes before an older open step',
      [voicemail('vm-2', day(6), 'Bonjour, je voudrais changer l’adresse de facturation de mon contrat.'), planned],
      {
        text: 'Rappeler le contact suite à son message vocal du 6 mars : « Je voudrais changer l’adresse de facturation de mon contrat. »',
        sources: ['vm-2'],
      },
    ],
    [
      'an unanswered SMS of the same matter leaves the planned step first',
      [message('sms-2', day(3), 'Quand le nouveau colis sera-t-il envoyé ?'), planned],
      PLANNED,
    ],
    ['a thank-you needs no answer', [message('sms-2', day(3), 'Merci beaucoup !')], null],
    [
      'a contact’s unanswered message with nothing planned',
      [message('sms-2', day(3), 'Pouvez-vous me renvoyer la facture de février ?'), call('call-1', day(1), [contact('Bonjour.')])],
      { text: 'Répondre au SMS reçu le 3 mars : « Pouvez-vous me renvoyer la facture de février ? »', sources: ['sms-2'] },
    ],
    [
      'an answered message is not waiting',
      [
        message('sms-3', day(3), 'Nous vous renvoyons la facture.', { direction: 'outbound' }),
        message('sms-2', day(2), 'Pouvez-vous me renvoyer la facture de février ?'),
      ],
      null,
    ],
  ])('%s', (_case, interactions, expected) => {
    const input: GenerationInput = { language: 'fr', interactions };
    expect(builtinInsights(input).nextStep).toEqual(expected);
  });
});
