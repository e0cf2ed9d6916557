import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@app/clock';
import { CheckpointConflictError, ProjectionEngine, type QuarantineEntry, READ_MODEL_STORE, type ReadModelStore } from '@app/projections';
import { CommandError, write } from './output';

export interface QuarantineRetryOptions {
  /** Positions to re-fold, or every entry. */
  readonly positions: readonly number[] | 'all';
  /** How long to wait for the re-folds, in milliseconds. */
  readonly timeoutMilliseconds: number;
}

/** A running projector (`serve`) looks for marked entries at each batch, and at least every idle delay (250 ms). */
const PROJECTOR_GRACE_MILLISECONDS = 2_000;
const POLL_MILLISECONDS = 100;

const COLUMNS: ReadonlyArray<[string, (entry: QuarantineEntry) => string]> = [
  ['POSITION', (entry) => String(entry.position)],
  ['PROJECTION', (entry) => entry.collection],
  ['EVENT ID', (entry) => entry.eventId],
  ['TYPE', (entry) => entry.eventType],
  ['WORKSPACE', (entry) => entry.workspaceId],
  ['ATTEMPTS', (entry) => String(entry.attempts)],
  ['FIRST QUARANTINED', (entry) => entry.firstQuarantinedAt],
  ['RETRY', (entry) => (entry.retryRequestedAt === undefined ? '-' : 'requested')],
  ['ERROR', (entry) => `${entry.errorName}: ${entry.errorMessage}`.replace(/\s+/g, ' ')],
];

/** Entries as an aligned table, one line each (the error last, unpadded). */
export function quarantineTable(entries: readonly QuarantineEntry[]): string {
  const rows = [COLUMNS.map(([title]) => title), ...entries.map((entry) => COLUMNS.map(([, cell]) => cell(entry)))];
  const widths = COLUMNS.map((_column, index) => Math.max(...rows.map((row) => row[index].length)));
  return rows.map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index]))).join('  ')).join('\n');
}

/**
 * `hindsight quarantine list|retry`: the events a projection could not fold, and re-folding them after
 * a fix. A retry only marks entries in the read-model database: the projector folds them at the start of
 * its next batch, in the same transaction as that batch, whether it runs in `serve` or here.
 */
@Injectable()
export class QuarantineCommand {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly engine: ProjectionEngine,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(options: { readonly json: boolean }, stdout: Writable): Promise<void> {
    const entries = await this.readModels.quarantined(this.engine.projector);
    if (options.json) await write(stdout, `${JSON.stringify(entries)}\n`);
    else await write(stdout, entries.length === 0 ? 'no quarantined events\n' : `${quarantineTable(entries)}\n`);
  }

  /**
   * Marks the entries, then waits for them to be re-folded: by a running projector (`serve`) if one takes
   * them within a grace period, else by catching up here (which also projects events not yet projected).
   * Catching up here is safe even if a `serve` is running after all: every commit checks the checkpoint
   * and the re-fold count, so one of the two projectors gets a conflict and starts again.
   */
  async retry(options: QuarantineRetryOptions, stdout: Writable, stderr: Writable): Promise<void> {
    const projector = this.engine.projector;
    const entries = await this.readModels.quarantined(projector);
    const positions = options.positions;
    if (positions !== 'all') {
      const missing = positions.filter((position) => !entries.some((entry) => entry.position === position));
      if (missing.length > 0)
        throw new CommandError(`not quarantined: position ${missing.join(', ')} (hindsight quarantine list shows the entries)`);
    }
    const wanted = positions === 'all' ? entries : entries.filter((entry) => positions.includes(entry.position));
    await this.readModels.requestRefold(projector, positions, this.clock.now().toISOString());
    const deadline = performance.now() + options.timeoutMilliseconds;
    let ownAttempt = performance.now() + Math.min(PROJECTOR_GRACE_MILLISECONDS, options.timeoutMilliseconds / 2);
    let outcome = await this.outcome(wanted);
    while (outcome.pending.length > 0 && performance.now() < deadline) {
      if (performance.now() >= ownAttempt) {
        // A conflict: another projector moved first; it re-folds the entries or we try again after the grace.
        await this.engine.catchUp().catch((error: unknown) => {
          if (!(error instanceof CheckpointConflictError)) throw error;
        });
        ownAttempt = performance.now() + PROJECTOR_GRACE_MILLISECONDS;
      } else await sleep(POLL_MILLISECONDS);
      outcome = await this.outcome(wanted);
    }
    const summary = {
      requested: wanted.length,
      refolded: outcome.refolded.length,
      failed: outcome.failed.length,
      pending: outcome.pending.length,
    };
    if (outcome.failed.length > 0) await write(stderr, `still failing:\n${quarantineTable(outcome.failed)}\n`);
    await write(stdout, `${JSON.stringify(summary)}\n`);
    if (summary.failed > 0) throw new CommandError(`${summary.failed} of ${summary.requested} quarantined events still fail to fold`);
    if (summary.pending > 0) {
      throw new CommandError(
        `${summary.pending} re-folds still pending after ${options.timeoutMilliseconds / 1000} s; they stay requested`,
      );
    }
  }

  /** Where each wanted entry is now: gone (re-folded), back without its mark (failed again) or still marked. */
  private async outcome(wanted: readonly QuarantineEntry[]) {
    const now = new Map(
      (await this.readModels.quarantined(this.engine.projector)).map((entry) => [`${entry.position}/${entry.collection}`, entry]),
    );
    const refolded: QuarantineEntry[] = [];
    const failed: QuarantineEntry[] = [];
    const pending: QuarantineEntry[] = [];
    for (const entry of wanted) {
      const current = now.get(`${entry.position}/${entry.collection}`);
      if (current === undefined) refolded.push(entry);
      else if (current.retryRequestedAt === undefined) failed.push(current);
      else pending.push(current);
    }
    return { refolded, failed, pending };
  }
}
