import type { Logger } from '@app/observability';
import type { QuarantineFailure, QuarantineKey } from './read-model-store.port';

/**
 * One line per quarantined fold (once: after its batch committed) and per successful re-fold. Only what
 * identifies the event and the error: the event's body, a message or a transcript, never reaches a log.
 */
export function logQuarantine(
  logger: Logger,
  report: { readonly failed: readonly QuarantineFailure[]; readonly refolded: readonly QuarantineKey[] },
): void {
  for (const failure of report.failed) {
    logger.warn(
      {
        position: failure.position,
        eventId: failure.eventId,
        eventType: failure.eventType,
        workspaceId: failure.workspaceId,
        projection: failure.collection,
        error: `${failure.errorName}: ${failure.errorMessage}`,
      },
      'event quarantined: a projection could not fold it (hindsight quarantine list)',
    );
  }
  for (const key of report.refolded) logger.info({ position: key.position, projection: key.collection }, 'quarantined event re-folded');
}
