import type { ActivityDocument, ConversationDocument, WrapupFacts } from './read-model.types';

/**
 * "As of" answers show only facts whose event time is not after `at`: a summary or transcript produced
 * later was not known then. (Documents keep the latest version of each fact, so a fact superseded
 * before today is not recoverable here; the event log has every version.)
 */
export function asOf(activity: ActivityDocument, at: string): ActivityDocument {
  const known = (time: string | undefined) => time === undefined || time <= at;
  return {
    ...activity,
    ...(known(activity.summarisedAt) ? {} : { summary: undefined, nextSteps: undefined, jobs: undefined }),
    ...(known(activity.transcribedAt) ? {} : { transcriptExcerpt: undefined, transcriptLanguage: undefined }),
  };
}

/** The wrap-up of the activity's conversation, if it was assigned by `at`. */
export function wrapupAsOf(
  activity: ActivityDocument,
  conversations: ReadonlyMap<string, ConversationDocument>,
  at: string,
): WrapupFacts | undefined {
  const assigned = activity.conversationId ? conversations.get(activity.conversationId)?.wrapup : undefined;
  return assigned && assigned.assignedAt <= at ? assigned : undefined;
}
