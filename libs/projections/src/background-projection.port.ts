/** DI token of the projection that follows the log while a server runs. */
export const BACKGROUND_PROJECTION = Symbol('BACKGROUND_PROJECTION');

/**
 * Read models kept up to date in the background: the in-process `ProjectionEngine`, or the same engine
 * in the projector thread (`WriteSideThreads`), which is what `serve` runs.
 */
export interface BackgroundProjection {
  start(): void;
  /** The position of the last event applied. */
  checkpoint(): Promise<number>;
  stop(): Promise<void>;
}
