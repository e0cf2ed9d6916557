import type { TranscriptDocument } from '../read-model.types';
import { activityKey, transcriptText } from './activity.projection';
import { type DocumentProjection, isNotOlder } from './document-projection';

/** Whole transcripts (calls and voicemails), for insights; the history only shows an excerpt. */
export const transcriptProjection: DocumentProjection<TranscriptDocument> = {
  collection: 'transcript',

  keyOf(event) {
    if (event.type === 'call.transcript.completed') return activityKey(event.data.workspaceId, 'call', event.data.callId);
    if (event.type === 'voicemail.completed' && event.data.transcript) {
      return activityKey(event.data.workspaceId, 'voicemail', event.data.voicemailId);
    }
    return undefined;
  },

  apply(document, event) {
    if (document && !isNotOlder(event.time, document.time)) return document;
    if (event.type === 'call.transcript.completed') {
      const { workspaceId, callId, language, segments } = event.data;
      return { workspaceId, activityId: callId, language, text: transcriptText(segments), time: event.time };
    }
    if (event.type === 'voicemail.completed' && event.data.transcript) {
      const { workspaceId, voicemailId, transcript } = event.data;
      return { workspaceId, activityId: voicemailId, language: transcript.language, text: transcript.text, time: event.time };
    }
    return document;
  },
};
