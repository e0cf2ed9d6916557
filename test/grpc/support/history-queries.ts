import { EventStoreError } from '@app/event-store';
import type { HistoryQuery, HistoryRequest, HistoryResponse } from '@app/history';

/** A realistic answer: a call, a WhatsApp message and a voicemail, newest first, with every field used. */
export const HISTORY_RESPONSE: HistoryResponse = {
  available: true,
  windowStart: '2026-02-08T10:15:30.250Z',
  windowEnd: '2026-03-01T10:15:30.250Z',
  activities: [
    {
      id: 'call-3',
      kind: 'call',
      direction: 'inbound',
      channel: 'voice',
      occurredAt: '2026-02-27T16:02:11.507Z',
      durationSeconds: 312.5,
      status: 'answered',
      summary: 'The caller asked to move their appointment to next week and to get the new card sent.',
      nextSteps: ['Send the replacement card', 'Confirm the new appointment by SMS'],
      transcriptExcerpt: 'Hello, I would like to move my appointment…',
      handledBy: { kind: 'ai_agent', id: 'sona-1', name: 'Sona' },
      wrapupCode: 'appointment_moved',
      wrapupLabel: 'Appointment moved',
      jobs: [
        { jobId: 'job-1', name: 'identification', outcome: 'completed', collected: { date_of_birth: '1984-05-12', postcode: '75011' } },
        {
          jobId: 'job-2',
          name: 'appointment_booking',
          outcome: 'completed',
          collected: { slot: '2026-03-04T09:30:00+01:00', reminders: 'true' },
        },
      ],
    },
    {
      id: 'msg-2',
      kind: 'message',
      direction: 'outbound',
      channel: 'whatsapp',
      occurredAt: '2026-02-20T08:00:00.000Z',
      body: 'Your card has been ordered.',
      handledBy: { kind: 'user', id: 'user-7' },
      nextSteps: [],
      jobs: [],
    },
    {
      id: 'vm-1',
      kind: 'voicemail',
      direction: 'inbound',
      channel: 'voice',
      occurredAt: '2026-02-09T19:45:00.001Z',
      durationSeconds: 0,
      transcriptExcerpt: 'Please call me back about my card.',
      nextSteps: [],
      jobs: [],
    },
  ],
  lastSummary: {
    activityId: 'call-3',
    summary: 'The caller asked to move their appointment to next week and to get the new card sent.',
    occurredAt: '2026-02-27T16:02:11.507Z',
  },
  openItems: [
    { activityId: 'call-3', text: 'Send the replacement card', occurredAt: '2026-02-27T16:02:11.507Z' },
    { activityId: 'vm-1', text: 'Call back about the card', occurredAt: '2026-02-09T19:45:00.001Z' },
  ],
  knownFacts: [
    { field: 'date_of_birth', value: '1984-05-12', activityId: 'call-3', collectedAt: '2026-02-27T16:03:40.000Z' },
    { field: 'postcode', value: '75011', activityId: 'call-3', collectedAt: '2026-02-27T16:04:02.120Z' },
  ],
};

/** Answers `response` at once and remembers the requests it was asked. */
export class FixedHistoryQuery implements HistoryQuery {
  readonly requests: HistoryRequest[] = [];

  constructor(private readonly response: HistoryResponse = HISTORY_RESPONSE) {}

  async getHistory(request: HistoryRequest): Promise<HistoryResponse> {
    this.requests.push(request);
    return this.response;
  }
}

/** Answers after `delayMs`, like a read model under load; `finishAll` ends the pending ones early (cleanup). */
export class SlowHistoryQuery implements HistoryQuery {
  finished = 0;
  private readonly pending = new Set<() => void>();

  constructor(private readonly delayMs: number) {}

  getHistory(): Promise<HistoryResponse> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.pending.delete(finish);
        this.finished += 1;
        resolve(HISTORY_RESPONSE);
      };
      const timer = setTimeout(finish, this.delayMs);
      this.pending.add(finish);
    });
  }

  finishAll(): void {
    for (const finish of [...this.pending]) finish();
  }
}

/** Fails the way `failure` says, synchronously or not. */
export class FailingHistoryQuery implements HistoryQuery {
  calls = 0;

  constructor(private readonly failure: () => Promise<HistoryResponse>) {}

  getHistory(): Promise<HistoryResponse> {
    this.calls += 1;
    return this.failure();
  }
}

/** A store error as the read model reports it (code STORE_UNAVAILABLE). */
export function storeUnavailableError(): Error {
  return new EventStoreError('STORE_UNAVAILABLE', 'PostgreSQL read models: connect ECONNREFUSED 127.0.0.1:5432');
}
