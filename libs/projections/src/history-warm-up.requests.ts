import { type HistoryRequest, parseContactIdentifier } from '@app/history';
import type { ReadModelStore } from './read-model-store.port';

/**
 * History requests for callers the read models know, each at the time of one of its activities (so
 * the answer is not empty, whatever the age of the data): what a server runs through itself before it
 * reports ready. E-mail identifiers are skipped: the voice agent asks by phone or contactId.
 */
export async function historyWarmUpRequests(readModels: ReadModelStore, count: number): Promise<HistoryRequest[]> {
  if (count <= 0) return [];
  const requests: HistoryRequest[] = [];
  for (const entry of await readModels.sample('activity-by-contact', count)) {
    const identifier = parseContactIdentifier(entry.identifier);
    const caller =
      identifier?.kind === 'phone'
        ? { phone: identifier.phone }
        : identifier?.kind === 'contactId'
          ? { contactId: identifier.contactId }
          : undefined;
    if (caller) requests.push({ workspaceId: entry.workspaceId, inboxId: entry.scope, at: entry.sortKey, ...caller });
  }
  return requests;
}
