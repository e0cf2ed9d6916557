import { type ProjectorPause, projectorPause } from './projector-pause.rule';

const timing = { batchSize: 2000, lingerMilliseconds: 20, idleMilliseconds: 250 };

describe('projectorPause', () => {
  it.each<[string, number, boolean, typeof timing, ProjectorPause]>([
    ['a full batch: a backlog, the next batch at once', 2000, false, timing, { kind: 'continue' }],
    ['a full batch, woken during it', 2000, true, timing, { kind: 'continue' }],
    ['a partial batch caught up: linger', 5, false, timing, { kind: 'linger', milliseconds: 20 }],
    ['a partial batch, woken during it: still linger', 1999, true, timing, { kind: 'linger', milliseconds: 20 }],
    ['a partial batch without linger: at once', 5, false, { ...timing, lingerMilliseconds: 0 }, { kind: 'continue' }],
    ['nothing found, woken during the look: at once', 0, true, timing, { kind: 'continue' }],
    ['nothing found: idle until woken', 0, false, timing, { kind: 'idle', milliseconds: 250 }],
  ])('%s', (_case, applied, woken, given, expected) => {
    expect(projectorPause(applied, woken, given)).toEqual(expected);
  });
});
