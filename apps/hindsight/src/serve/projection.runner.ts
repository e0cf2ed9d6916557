import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ProjectionEngine } from '@app/projections';

/** Keeps the read models following the log while the server runs (stopped by the read side module). */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap {
  constructor(private readonly engine: ProjectionEngine) {}

  onApplicationBootstrap(): void {
    this.engine.start();
  }
}
