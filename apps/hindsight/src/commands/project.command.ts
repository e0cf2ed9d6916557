import type { Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { ProjectionEngine, READ_MODEL_STORE, type ReadModelStore } from '@app/projections';
import { write } from './output';

/** `hindsight project`: brings the read models up to the log's head (or rebuilds them from scratch). */
@Injectable()
export class ProjectCommand {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly engine: ProjectionEngine,
  ) {}

  async run(options: { readonly rebuild: boolean }, stdout: Writable, stderr: Writable): Promise<void> {
    if (options.rebuild) await this.readModels.reset();
    const head = await this.events.headPosition();
    const from = await this.engine.checkpoint();
    const started = performance.now();
    let applied = 0;
    let lastReport = 0;
    for (let step = await this.engine.step(); step > 0; step = await this.engine.step()) {
      applied += step;
      const now = performance.now();
      if (now - lastReport > 1000) {
        lastReport = now;
        const checkpoint = await this.engine.checkpoint();
        stderr.write(`projected ${checkpoint}/${head} (${Math.round(applied / ((now - started) / 1000))} events/s)\n`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    await write(
      stdout,
      `${JSON.stringify({ from, checkpoint: await this.engine.checkpoint(), events: applied, seconds: Number(seconds.toFixed(3)), eventsPerSecond: Math.round(applied / Math.max(seconds, 0.001)) })}\n`,
    );
  }
}
