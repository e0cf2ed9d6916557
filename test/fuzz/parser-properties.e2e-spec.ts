import fc from 'fast-check';
import { type HindsightEvent, type ParseResult, parseEvent } from '@app/events';
import {
  anyEventBytes,
  anyEventText,
  corruptedEvent,
  type FuzzCase,
  mixedBatch,
  paddedEvent,
  validEvent,
} from './support/event-arbitraries';
import { acceptedEventProblem, parseResultProblem, topLevelKeysOf } from './support/fuzz-checks';
import { fuzzParameters, fuzzTimeout } from './support/fuzz-parameters';
import { foldLikeTheEngine } from './support/fuzz-stores';

/**
 * Properties of the one parser (`parseEvent`), over catalogue-shaped events valid, corrupted the hostile
 * way, and garbage (issue 11). Unit-level: no store, no server. Seeds and run counts: support/fuzz-parameters.ts.
 */

/** Throws with the reason when the result is not well-formed for this input text. */
function expectWellFormed(result: ParseResult, text: string): void {
  const problem = parseResultProblem(result, topLevelKeysOf(text));
  if (problem) throw new Error(problem);
}

/** A stable text of a parse result, without walking an event that nests too deep to stringify. */
function resultText(result: ParseResult): string {
  if (!result.ok) return JSON.stringify(result);
  const problem = acceptedEventProblem(result.event);
  return problem ?? JSON.stringify(result);
}

/** Everything but the padded cases, which are 4 MiB each and have their own property. */
const anyText: fc.Arbitrary<FuzzCase> = fc.oneof({ weight: 30, arbitrary: anyEventText }, { weight: 1, arbitrary: paddedEvent });

const RUNS = { text: 300, bytes: 300, deterministic: 150, valid: 300, accepted: 300, padded: 6, fold: 300 };

describe('parseEvent properties (fast-check)', () => {
  it(
    'never throws for any JSON text, and answers ok with an event or a non-empty list of field errors naming paths',
    () => {
      fc.assert(
        fc.property(anyText, (fuzzCase) => {
          expectWellFormed(parseEvent(fuzzCase.text), fuzzCase.text);
          expectWellFormed(parseEvent(Buffer.from(fuzzCase.text, 'utf8')), fuzzCase.text);
        }),
        fuzzParameters(RUNS.text),
      );
    },
    fuzzTimeout(RUNS.text, 50),
  );

  it(
    'never throws for any bytes',
    () => {
      fc.assert(
        fc.property(anyEventBytes, ({ bytes }) => {
          expectWellFormed(parseEvent(bytes), Buffer.from(bytes).toString('utf8'));
        }),
        fuzzParameters(RUNS.bytes),
      );
    },
    fuzzTimeout(RUNS.bytes, 20),
  );

  it(
    'is deterministic: the same input gets the same answer, field errors in the same order',
    () => {
      fc.assert(
        fc.property(anyText, (fuzzCase) => {
          expect(resultText(parseEvent(fuzzCase.text))).toBe(resultText(parseEvent(fuzzCase.text)));
        }),
        fuzzParameters(RUNS.deterministic),
      );
    },
    fuzzTimeout(RUNS.deterministic, 100),
  );

  it(
    'accepts every valid catalogue event, whatever its legal identifiers, texts, timestamps, phones and extensions',
    () => {
      fc.assert(
        fc.property(validEvent(), (fuzzCase) => {
          const result = parseEvent(fuzzCase.text);
          if (!result.ok) throw new Error(`valid ${fuzzCase.type} rejected: ${JSON.stringify(result.errors)}`);
        }),
        fuzzParameters(RUNS.valid),
      );
    },
    fuzzTimeout(RUNS.valid, 20),
  );

  describe('what it accepts', () => {
    const acceptedOrSkip = (fuzzCase: FuzzCase): HindsightEvent | undefined => {
      const result = parseEvent(fuzzCase.text);
      return result.ok ? result.event : undefined;
    };

    it(
      'is normalised once and for all: re-serialised and re-parsed, it is accepted and equal',
      () => {
        fc.assert(
          fc.property(fc.oneof(validEvent(), corruptedEvent()), (fuzzCase) => {
            const event = acceptedOrSkip(fuzzCase);
            if (event === undefined) return;
            const problem = acceptedEventProblem(event);
            if (problem) throw new Error(problem);
            const stored = JSON.stringify(event);
            const again = parseEvent(stored);
            if (!again.ok) throw new Error(`the accepted event, as stored, is rejected: ${JSON.stringify(again.errors)}`);
            expect(JSON.stringify(again.event)).toBe(stored);
          }),
          fuzzParameters(RUNS.accepted),
        );
      },
      fuzzTimeout(RUNS.accepted, 50),
    );

    it(
      'fits the event byte limit as JSON and nests at most 32 levels',
      () => {
        fc.assert(
          fc.property(fc.oneof(validEvent(), corruptedEvent()), (fuzzCase) => {
            const event = acceptedOrSkip(fuzzCase);
            if (event === undefined) return;
            const problem = acceptedEventProblem(event);
            if (problem) throw new Error(problem);
          }),
          fuzzParameters(RUNS.accepted),
        );
      },
      fuzzTimeout(RUNS.accepted, 50),
    );

    it(
      'at the byte limit, is stored within it and re-parses (normalisation adds datacontenttype and milliseconds)',
      () => {
        fc.assert(
          // 4 MiB a case: a few runs, and a short shrink (the label says what matters).
          fc.property(fc.limitShrink(paddedEvent, 5), (fuzzCase) => {
            const event = acceptedOrSkip(fuzzCase);
            if (event === undefined) return;
            const problem = acceptedEventProblem(event);
            if (problem) throw new Error(problem);
            const again = parseEvent(JSON.stringify(event));
            if (!again.ok) throw new Error(`the accepted event, as stored, is rejected: ${JSON.stringify(again.errors)}`);
          }),
          fuzzParameters(RUNS.padded),
        );
      },
      fuzzTimeout(RUNS.padded, 300),
    );

    it(
      'folds through every history projection, is indexed and serialised without an exception, as the engine does with stored events',
      () => {
        fc.assert(
          fc.property(mixedBatch(8), (batch) => {
            const accepted = batch.flatMap((fuzzCase) => {
              const event = acceptedOrSkip(fuzzCase);
              return event === undefined || acceptedEventProblem(event) ? [] : [JSON.parse(JSON.stringify(event)) as HindsightEvent];
            });
            foldLikeTheEngine(accepted);
          }),
          fuzzParameters(RUNS.fold),
        );
      },
      fuzzTimeout(RUNS.fold, 100),
    );
  });
});
