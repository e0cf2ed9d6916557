import { createContext, useContext } from 'react';
import { englishMessages, type MessageKey } from './messages-en.lexicon';
import { frenchMessages } from './messages-fr.lexicon';

export type Language = 'en' | 'fr';

/** The first of the browser's languages the desktop speaks, else English. */
export const pickLanguage = (preferred: readonly string[]): Language => {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'fr' || primary === 'en') return primary;
  }
  return 'en';
};

export type Parameters = Record<string, string | number>;

/** A message with its `{name}` placeholders filled; `one|other` forms chosen by `count` and the language's plural rules. */
export const translate = (language: Language, key: MessageKey, parameters: Parameters = {}): string => {
  // A key built from a value the server sends (a new channel) may be unknown: the value shows rather than the page failing.
  const message = (language === 'fr' ? frenchMessages : englishMessages)[key] as string | undefined;
  if (message === undefined) return key.slice(key.lastIndexOf('.') + 1);
  const forms = message.split('|');
  let text = forms[0];
  if (forms.length > 1 && typeof parameters.count === 'number') {
    const category = new Intl.PluralRules(language).select(parameters.count);
    text = category === 'one' ? forms[0] : forms[1];
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in parameters ? String(parameters[name]) : whole));
};

export interface Translator {
  language: Language;
  t: (key: MessageKey, parameters?: Parameters) => string;
  /** A date and time, short, in the page's language. */
  dateTime: (iso: string) => string;
  /** `3 min 20 s`-like durations. */
  duration: (seconds: number) => string;
}

export const translator = (language: Language, timeZone?: string): Translator => {
  const dates = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
  return {
    language,
    t: (key, parameters) => translate(language, key, parameters),
    dateTime: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : dates.format(date);
    },
    duration: (seconds) => {
      const whole = Math.max(0, Math.round(seconds));
      const hours = Math.floor(whole / 3600);
      const minutes = Math.floor((whole % 3600) / 60);
      const rest = whole % 60;
      if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
      if (minutes > 0) return `${minutes} min ${String(rest).padStart(2, '0')} s`;
      return `${rest} s`;
    },
  };
};

export const TranslatorContext = createContext<Translator>(translator('en'));

export const useTranslator = (): Translator => useContext(TranslatorContext);
