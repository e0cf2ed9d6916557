import type { HistoryRequest } from '@app/history';
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
    const caller = entry.identifier.startsWith('tel:')
      ? { phone: entry.identifier.slice('tel:'.length) }
      : entry.identifier.startsWith('id:')
        ? { contactId: entry.identifier.slice('id:'.length) }
        : undefined;
    if (caller) requests.push({ workspaceId: entry.workspaceId, inboxId: entry.scope, at: entry.sortKey, ...caller });
  }
  return requests;
}
