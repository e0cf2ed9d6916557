import type { InsightsInteraction } from '../insights.types';
import { primaryLanguage } from './language-cues.lexicon';

/**
 * The only words the built-in summariser adds around what it quotes: labels of interactions, speakers,
 * and the sentences of a recommendation, in French, English and Spanish; any other language gets the
 * English ones (with English dates), never a mix of two languages in one label.
 */
export interface InsightsWording {
  readonly locale: string;
  /** "Appel entrant du 3 mars". */
  label(interaction: InsightsInteraction, date: string): string;
  /** Several messages of one thread: "SMS, 3–5 mars". */
  threadLabel(channel: 'sms' | 'whatsapp', dates: string): string;
  readonly speakers: { readonly contact: string; readonly agent: string; readonly ai_agent: string };
  readonly briefExchange: string;
  /** `label: text` with the language's punctuation. */
  statement(label: string, text: string): string;
  /** Between two quotes of one statement. */
  readonly separator: string;
  quote(text: string): string;
  /** A platform next step with the call it was decided in. */
  plannedStep(step: string, label: string): string;
  promisedStep(label: string, quote: string): string;
  reply(interaction: InsightsInteraction, label: string, quote: string): string;
}

const lowerFirst = (text: string): string => text.charAt(0).toLocaleLowerCase() + text.slice(1);

const FRENCH: InsightsWording = {
  locale: 'fr',
  label: (interaction, date) => {
    const inbound = interaction.direction === 'inbound';
    switch (interaction.channel) {
      case 'call':
        return `Appel ${inbound ? 'entrant' : 'sortant'} du ${date}`;
      case 'voicemail':
        return `Message vocal du ${date}`;
      case 'sms':
        return `SMS ${inbound ? 'reçu' : 'envoyé'} le ${date}`;
      case 'whatsapp':
        return `Message WhatsApp ${inbound ? 'reçu' : 'envoyé'} le ${date}`;
    }
  },
  threadLabel: (channel, dates) => `${channel === 'sms' ? 'SMS' : 'Messages WhatsApp'}, ${dates}`,
  speakers: { contact: 'le contact', agent: 'l’agent', ai_agent: 'l’agent IA' },
  briefExchange: 'échange bref, sans sujet identifié',
  statement: (label, text) => `${label} : ${text}`,
  separator: ' ; ',
  quote: (text) => `« ${text} »`,
  plannedStep: (step, label) => `${step} (${lowerFirst(label)})`,
  promisedStep: (label, quote) => `Donner suite à l’engagement pris lors de l’${lowerFirst(label)} : ${quote}`,
  reply: (interaction, label, quote) =>
    interaction.channel === 'voicemail'
      ? `Rappeler le contact suite à son ${lowerFirst(label)} : ${quote}`
      : `Répondre au ${label.startsWith('SMS') ? label : lowerFirst(label)} : ${quote}`,
};

const ENGLISH: InsightsWording = {
  locale: 'en',
  label: (interaction, date) => {
    const inbound = interaction.direction === 'inbound';
    switch (interaction.channel) {
      case 'call':
        return `${inbound ? 'Inbound' : 'Outbound'} call on ${date}`;
      case 'voicemail':
        return `Voicemail on ${date}`;
      case 'sms':
        return `SMS ${inbound ? 'received' : 'sent'} on ${date}`;
      case 'whatsapp':
        return `WhatsApp message ${inbound ? 'received' : 'sent'} on ${date}`;
    }
  },
  threadLabel: (channel, dates) => `${channel === 'sms' ? 'SMS' : 'WhatsApp messages'}, ${dates}`,
  speakers: { contact: 'contact', agent: 'agent', ai_agent: 'AI agent' },
  briefExchange: 'brief exchange, no topic identified',
  statement: (label, text) => `${label}: ${text}`,
  separator: '; ',
  quote: (text) => `“${text}”`,
  plannedStep: (step, label) => `${step} (${label.startsWith('SMS') ? label : lowerFirst(label)})`,
  promisedStep: (label, quote) => `Follow up on what was promised in the ${lowerFirst(label)}: ${quote}`,
  reply: (interaction, label, quote) =>
    interaction.channel === 'voicemail'
      ? `Call the contact back about the ${lowerFirst(label)}: ${quote}`
      : `Reply to the ${label.startsWith('SMS') ? label : lowerFirst(label)}: ${quote}`,
};

const SPANISH: InsightsWording = {
  locale: 'es',
  label: (interaction, date) => {
    const inbound = interaction.direction === 'inbound';
    switch (interaction.channel) {
      case 'call':
        return `Llamada ${inbound ? 'entrante' : 'saliente'} del ${date}`;
      case 'voicemail':
        return `Mensaje de voz del ${date}`;
      case 'sms':
        return `SMS ${inbound ? 'recibido' : 'enviado'} el ${date}`;
      case 'whatsapp':
        return `Mensaje de WhatsApp ${inbound ? 'recibido' : 'enviado'} el ${date}`;
    }
  },
  threadLabel: (channel, dates) => `${channel === 'sms' ? 'SMS' : 'Mensajes de WhatsApp'}, ${dates}`,
  speakers: { contact: 'el contacto', agent: 'el agente', ai_agent: 'el agente IA' },
  briefExchange: 'conversación breve, sin tema identificado',
  statement: (label, text) => `${label}: ${text}`,
  separator: '; ',
  quote: (text) => `«${text}»`,
  plannedStep: (step, label) => `${step} (${lowerFirst(label)})`,
  promisedStep: (label, quote) => `Dar seguimiento a lo prometido en la ${lowerFirst(label)}: ${quote}`,
  reply: (interaction, label, quote) =>
    interaction.channel === 'voicemail'
      ? `Devolver la llamada por el ${lowerFirst(label)}: ${quote}`
      : `Responder al ${label.startsWith('SMS') ? label : lowerFirst(label)}: ${quote}`,
};

const WORDINGS: Readonly<Record<string, InsightsWording>> = { fr: FRENCH, en: ENGLISH, es: SPANISH };

export const wordingFor = (language: string): InsightsWording => WORDINGS[primaryLanguage(language)] ?? ENGLISH;

/**
 * Dates of labels, in UTC (the interactions carry no time zone of the workspace): "3 mars", "March 3",
 * "3 de marzo"; the year only when it is not the year of the newest interaction.
 */
const formats = new Map<string, { readonly day: Intl.DateTimeFormat; readonly dayAndYear: Intl.DateTimeFormat }>();

export class LabelDates {
  private readonly day: Intl.DateTimeFormat;
  private readonly dayAndYear: Intl.DateTimeFormat;

  constructor(
    locale: string,
    private readonly referenceYear: number,
  ) {
    // Formatters are costly to build (a millisecond each): one pair per locale, kept.
    let pair = formats.get(locale);
    if (!pair) {
      if (formats.size >= 64) formats.clear();
      pair = {
        day: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }),
        dayAndYear: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
      };
      formats.set(locale, pair);
    }
    this.day = pair.day;
    this.dayAndYear = pair.dayAndYear;
  }

  format(occurredAt: string): string {
    const date = new Date(occurredAt);
    if (Number.isNaN(date.getTime())) return occurredAt;
    return (date.getUTCFullYear() === this.referenceYear ? this.day : this.dayAndYear).format(date);
  }

  formatRange(from: string, to: string): string {
    const start = new Date(from);
    const end = new Date(to);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${from} – ${to}`;
    const sameYear = start.getUTCFullYear() === this.referenceYear && end.getUTCFullYear() === this.referenceYear;
    const format = sameYear ? this.day : this.dayAndYear;
    return format.format(start) === format.format(end) ? format.format(start) : format.formatRange(start, end);
  }
}
