/** DI token of the projection that follows the log while a server runs. */
export const BACKGROUND_PROJECTION = Symbol('BACKGROUND_PROJECTION');

/** The quarantine as `/metrics` shows it. */
export interface QuarantineSummary {
  /** Quarantine entries in the read-model database, by projection (collection); projections without any are absent. */
  readonly entries: ReadonlyMap<string, number>;
  /** Folds quarantined by this process since it started (a re-fold that throws again counts again). */
  readonly sinceStart: number;
}

/**
 * Read models kept up to date in the background: the in-process `ProjectionEngine`, or the same engine
 * in the projector thread (`WriteSideThreads`), which is what `serve` runs.
 */
export interface BackgroundProjection {
  start(): void;
  /** The position of the last event applied. */
  checkpoint(): Promise<number>;
  quarantine(): Promise<QuarantineSummary>;
  stop(): Promise<void>;
}
