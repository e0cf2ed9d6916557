import type { InsightsGenerator } from '../insights-generator.port';
import type { GenerationInput, InsightsInteraction } from '../insights.types';
import { BuiltinInsightsGenerator } from './builtin-insights.generator';

export interface GenerationTimings {
  readonly runs: number;
  /** Wall time of one generation, milliseconds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Process CPU time of one generation (it includes the garbage collector's threads), milliseconds. */
  readonly cpuP50Ms: number;
  readonly cpuP99Ms: number;
  readonly generationsPerSecond: number;
}

/**
 * Times `runs` generations over `inputs` (in turn), after `warmup` untimed ones: what
 * `npm run bench:insights` reports. Sequential, so each time is one generation's alone.
 */
export async function timeGenerations(
  inputs: readonly GenerationInput[],
  {
    runs = 500,
    warmup = 50,
    generator = new BuiltinInsightsGenerator(),
  }: { runs?: number; warmup?: number; generator?: InsightsGenerator } = {},
): Promise<GenerationTimings> {
  if (inputs.length === 0) throw new Error('timeGenerations needs at least one input');
  for (let index = 0; index < warmup; index++) await generator.generate(inputs[index % inputs.length]);
  const wall: number[] = [];
  const cpu: number[] = [];
  const started = performance.now();
  for (let index = 0; index < runs; index++) {
    const cpuBefore = process.cpuUsage();
    const before = performance.now();
    await generator.generate(inputs[index % inputs.length]);
    wall.push(performance.now() - before);
    const { user, system } = process.cpuUsage(cpuBefore);
    cpu.push((user + system) / 1000);
  }
  const elapsed = performance.now() - started;
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return {
    runs,
    p50Ms: percentile(wall, 0.5),
    p99Ms: percentile(wall, 0.99),
    maxMs: wall[wall.length - 1],
    meanMs: wall.reduce((sum, each) => sum + each, 0) / runs,
    cpuP50Ms: percentile(cpu, 0.5),
    cpuP99Ms: percentile(cpu, 0.99),
    generationsPerSecond: (runs * 1000) / elapsed,
  };
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: readonly number[], rank: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(rank * sorted.length) - 1)];

const FILLER_WORDS = {
  fr: 'oui alors donc euh voilà en fait bon écoutez'.split(' '),
  en: 'yes so well um right okay actually basically'.split(' '),
  es: 'sí pues bueno eh vale claro mire entonces'.split(' '),
};
const TOPIC_WORDS = {
  fr: 'colis livraison facture remboursement abonnement commande adresse transporteur dépôt suivi réclamation lampe garantie échange retour'.split(
    ' ',
  ),
  en: 'parcel delivery invoice refund subscription order address courier depot tracking complaint lamp warranty exchange return'.split(' '),
  es: 'paquete entrega factura reembolso suscripción pedido dirección transportista almacén seguimiento reclamación lámpara garantía cambio devolución'.split(
    ' ',
  ),
};
const VERBS = {
  fr: 'attends reçois vérifie comprends envoie confirme regarde demande change ouvre'.split(' '),
  en: 'wait receive check understand send confirm look ask change open'.split(' '),
  es: 'espero recibo compruebo entiendo envío confirmo miro pido cambio abro'.split(' '),
};

/**
 * Twelve long calls (30 minutes: 300 segments of ~15 words, ~4,500 words, ~30,000 characters each) of generated but
 * language-shaped text, deterministic from `seed`: what the benchmark times.
 */
export function longCallsInput(language: 'fr' | 'en' | 'es', segments = 300, seed = 1): GenerationInput {
  let state = seed >>> 0 || 1;
  const next = (bound: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % bound;
  };
  const pick = <T>(items: readonly T[]): T => items[next(items.length)];
  const sentence = () => {
    const words: string[] = [];
    const length = 8 + next(10);
    for (let index = 0; index < length; index++)
      words.push(index % 4 === 0 ? pick(FILLER_WORDS[language]) : index % 4 === 2 ? pick(VERBS[language]) : pick(TOPIC_WORDS[language]));
    const text = words.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${next(5) === 0 ? ' ?' : '.'}`;
  };
  const interactions = Array.from({ length: 12 }, (_, index) =>
    longCall(
      `long-${index}`,
      new Date(Date.UTC(2026, 2, 20 - index, 10)).toISOString(),
      Array.from({ length: segments }, (__, position) => ({
        speaker: position % 2 === 0 ? ('contact' as const) : position % 5 === 1 ? ('ai_agent' as const) : ('user' as const),
        text: next(5) === 0 ? `${sentence()} ${sentence()}` : sentence(),
      })),
      index % 3 === 0 ? { summary: `${sentence()} ${sentence()}`, nextSteps: [sentence()] } : {},
    ),
  );
  return { language, interactions };
}

const longCall = (
  interactionId: string,
  occurredAt: string,
  transcript: InsightsInteraction['transcript'],
  extra: Partial<InsightsInteraction>,
): InsightsInteraction => ({
  interactionId,
  kind: 'call',
  channel: 'call',
  direction: 'inbound',
  occurredAt,
  inboxId: 'inbox-1',
  conversationId: `conv-${interactionId}`,
  transcript,
  ...extra,
});
