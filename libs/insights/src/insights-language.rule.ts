/**
 * The insights' language (SPEC "Query 2"): the language of the summarised transcripts; when they are in
 * several languages, the language of the inbox (line) of the conversation in which the agent asked.
 * Tags that differ only by region (`fr-FR`, `fr-CA`) are one language: the shared primary subtag.
 */
export function insightsLanguage(transcriptLanguages: readonly string[], conversationInboxLanguage: string): string {
  const tags = [...new Set(transcriptLanguages)];
  if (tags.length === 0) return conversationInboxLanguage;
  if (tags.length === 1) return tags[0];
  const primaries = new Set(tags.map(primarySubtag));
  return primaries.size === 1 ? [...primaries][0] : conversationInboxLanguage;
}

const primarySubtag = (tag: string): string => tag.split('-')[0].toLowerCase();
