import type { GeneratedContent } from './insights.types';
import { provenanceErrors } from './provenance.rule';

const ids = new Set(['call-1', 'sms-1']);
const content = (overrides: Partial<GeneratedContent> = {}): GeneratedContent => ({
  topics: [{ text: 'Late delivery', sources: ['call-1'] }],
  summary: [{ text: 'The parcel is late.', sources: ['call-1', 'sms-1'] }],
  nextStep: { text: 'Call back on Monday', sources: ['sms-1'] },
  ...overrides,
});

describe('provenanceErrors', () => {
  it.each<[string, GeneratedContent, RegExp[]]>([
    ['well-sourced content', content(), []],
    ['no next step', content({ nextStep: null }), []],
    ['an invented source', content({ topics: [{ text: 'x', sources: ['call-9'] }] }), [/topics\[0\] cites "call-9"/]],
    ['a statement without sources', content({ summary: [{ text: 'x', sources: [] }] }), [/summary\[0\] cites no interaction/]],
    ['an empty summary', content({ summary: [] }), [/summary is empty/]],
    ['a blank next step', content({ nextStep: { text: '  ', sources: ['call-1'] } }), [/nextStep has no text/]],
  ])('%s', (_case, generated, expected) => {
    const errors = provenanceErrors(generated, ids);
    expect(errors).toHaveLength(expected.length);
    expected.forEach((pattern, index) => expect(errors[index]).toMatch(pattern));
  });
});
