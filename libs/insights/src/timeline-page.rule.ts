/**
 * Which of a contact's index hits (its activities' times) a timeline page must read, newest first: every
 * hit at `until` (a cursor's instant, where some were given already and are told apart by id once
 * read), then the `limit + 1` newest before it (one more says whether a next page exists), extended by
 * any that share the last one's time (equal times are ordered by id, known only from the documents).
 */
export function pageCandidates<Hit extends { readonly sortKey: string }>(hits: readonly Hit[], until: string, limit: number): Hit[] {
  const atUntil = hits.filter((hit) => hit.sortKey === until);
  const before = hits.filter((hit) => hit.sortKey < until).sort((left, right) => right.sortKey.localeCompare(left.sortKey));
  let end = Math.min(limit + 1, before.length);
  while (end > 0 && end < before.length && before[end].sortKey === before[end - 1].sortKey) end += 1;
  return [...atUntil, ...before.slice(0, end)];
}
