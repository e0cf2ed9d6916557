import type { Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { HISTORY_QUERY, type HistoryQuery, parseHistoryRequest } from '@app/history';
import { CheckpointConflictError, ProjectionEngine } from '@app/projections';
import { write } from './output';

export interface HistoryCommandOptions {
  readonly workspace?: string;
  readonly inbox?: string;
  readonly phone?: string;
  readonly contact?: string;
  readonly at?: string;
  /** Project events appended since the last projection first (the embedded store has no server doing it). */
  readonly catchUp: boolean;
}

/** `hindsight history`: the voice agent's answer, as JSON, from the read models. */
@Injectable()
export class HistoryCommand {
  constructor(
    @Inject(HISTORY_QUERY) private readonly query: HistoryQuery,
    private readonly engine: ProjectionEngine,
  ) {}

  async run(options: HistoryCommandOptions, stdout: Writable): Promise<void> {
    const request = parseHistoryRequest({
      workspaceId: options.workspace,
      inboxId: options.inbox,
      phone: options.phone,
      contactId: options.contact,
      at: options.at,
    });
    if (options.catchUp) {
      // A conflict means a running `serve` moved the checkpoint meanwhile: it is projecting, and the
      // read models are as current as this catch-up would have made them.
      await this.engine.catchUp().catch((error: unknown) => {
        if (!(error instanceof CheckpointConflictError)) throw error;
      });
    }
    await write(stdout, `${JSON.stringify(await this.query.getHistory(request), null, 2)}\n`);
  }
}
