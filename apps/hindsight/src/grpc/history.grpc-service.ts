import { performance } from 'node:perf_hooks';
import {
  type Deadline,
  type handleUnaryCall,
  type Metadata,
  status,
  type StatusObject,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { AuthError, historyAccess, type Principal, scopeAccess } from '@app/auth';
import type { Clock } from '@app/clock';
import type { HistoryQuery, HistoryRequest } from '@app/history';
import { LogThrottle, type Logger } from '@app/observability';
import type { GrpcCallAuthenticator } from './grpc-call.authenticator';
import type { GetHistoryRequestWire, GetHistoryResponseWire } from './history-wire.types';
import { toHistoryRequest } from './history-request.mapper';
import { toGetHistoryResponse, unavailableHistoryResponse } from './history-response.mapper';
import { invalidProtoFields, STORE_UNAVAILABLE_REASON, toHistoryFailureOutcome } from './history-status.mapper';
import { answerBudget, raceDeadline } from './query-deadline';
import type { HistoryAdmission } from './history-admission';
import type { HistoryCallMetrics, HistoryCallOutcome } from './history-call.metrics';

export interface HistoryGrpcServiceOptions {
  readonly historyQuery: HistoryQuery;
  /** How long the query may take before we answer `available = false` (the voice agent never waits). */
  readonly deadlineMs: number;
  /** Gives "now" for the window of a request without `at`. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** When a key is configured: calls need a token with `history:read` for their workspace. None: open (loopback). */
  readonly authenticator?: GrpcCallAuthenticator;
  /** Admission control and the store breaker: a call the reader cannot answer in time is answered at once. None: every call queries. */
  readonly admission?: HistoryAdmission;
  readonly metrics?: HistoryCallMetrics;
  /** How long ago what the current event-loop turn reads arrived, at least (ms): its late start and its run before this call. */
  readonly arrivalLagMs?: () => number;
}

type Answer = (
  | { readonly error: Partial<StatusObject>; readonly response?: undefined }
  | { readonly error: null; readonly response: GetHistoryResponseWire }
) & { readonly outcome: HistoryCallOutcome };

/** What the voice agent reads in `unavailable_reason` when admission control answered its call at once. */
export const OVERLOADED_REASON = 'overloaded';

/** `hindsight.v1.ConversationHistory`: validates, races the query against the deadline, fails open. */
export class HistoryGrpcService {
  private readonly warnings = new LogThrottle();

  constructor(private readonly options: HistoryGrpcServiceOptions) {}

  readonly getHistory: handleUnaryCall<GetHistoryRequestWire, GetHistoryResponseWire> = (call, callback) => {
    // The deadline counts from the call's arrival: its turn's late start, and the turn's run before this call, are spent.
    const started = performance.now() - (this.options.arrivalLagMs?.() ?? 0);
    // answer() never rejects: every failure is already an answer.
    void this.answer(call.request, call.getDeadline(), call.metadata, started).then((answer) => {
      this.options.metrics?.recordAnswer(answer.outcome, (performance.now() - started) / 1000);
      if (answer.error === null) callback(null, answer.response);
      else callback(answer.error);
    });
  };

  /** The handlers to register with `server.addService`. */
  implementation(): UntypedServiceImplementation {
    return { GetHistory: this.getHistory };
  }

  private async answer(wire: GetHistoryRequestWire, clientDeadline: Deadline, metadata: Metadata, started: number): Promise<Answer> {
    const receivedAt = this.options.clock.now().toISOString();
    let principal: Principal | undefined;
    if (this.options.authenticator !== undefined) {
      const authenticated = await this.authenticate(this.options.authenticator, metadata, clientDeadline, receivedAt, started);
      if ('error' in authenticated) return authenticated;
      principal = authenticated.principal;
    }
    let request: HistoryRequest;
    try {
      request = toHistoryRequest(wire);
    } catch (error) {
      return this.failed(error, undefined, receivedAt, started);
    }
    if (principal !== undefined) {
      const decision = historyAccess(principal, request.workspaceId);
      if (!decision.allowed) return this.refused(status.PERMISSION_DENIED, decision.code, decision.reason, started);
    }
    // What arrival, authentication and validation took comes out of our deadline.
    const spentMs = Math.floor(performance.now() - started);
    const budget = answerBudget(Math.max(0, this.options.deadlineMs - spentMs), clientDeadline, Date.now());
    const admission = this.options.admission?.admit(budget.milliseconds);
    if (admission !== undefined && !admission.admitted) {
      this.options.metrics?.recordShed(admission.reason);
      return admission.reason === 'store_unavailable'
        ? this.answeredAtOnce('store_unavailable', STORE_UNAVAILABLE_REASON, request, receivedAt, started)
        : this.answeredAtOnce('overloaded', OVERLOADED_REASON, request, receivedAt, started);
    }
    const query = () => this.options.historyQuery.getHistory(request);
    const outcome = await raceDeadline(admission === undefined ? query : () => admission.run(query), budget.milliseconds);
    if (outcome.kind === 'timeout') {
      const reason = `deadline exceeded after ${budget.milliseconds} ms${budget.limitedByClient ? ' (client deadline)' : ''}`;
      return this.unavailable('deadline', reason, request, receivedAt, started);
    }
    if (outcome.kind === 'failed') return this.failed(outcome.error, request, receivedAt, started);
    try {
      const response = toGetHistoryResponse(outcome.value);
      this.options.logger.debug(
        { ...describe(request), available: response.available, activities: response.activities.length, elapsedMs: elapsed(started) },
        'history answered',
      );
      return { error: null, response, outcome: 'history' };
    } catch (error) {
      // A malformed answer from the read model (e.g. a bad timestamp) must not become an error status either.
      return this.failed(error, request, receivedAt, started);
    }
  }

  /**
   * The caller, or the answer when it may not ask: UNAUTHENTICATED (no or a bad token), PERMISSION_DENIED
   * (no `history:read`). Verification is raced against the deadline like the query: keys that cannot be
   * had in time (a JWKS out of reach) give the fail-open answer, which tells nothing, never an error the
   * voice agent would wait on or take for a bad token.
   */
  private async authenticate(
    authenticator: GrpcCallAuthenticator,
    metadata: Metadata,
    clientDeadline: Deadline,
    receivedAt: string,
    started: number,
  ): Promise<{ readonly principal: Principal } | Answer> {
    const budget = answerBudget(Math.max(0, this.options.deadlineMs - Math.floor(performance.now() - started)), clientDeadline, Date.now());
    const outcome = await raceDeadline(() => authenticator.authenticate(metadata), budget.milliseconds);
    if (outcome.kind === 'timeout') return this.unavailable('deadline', 'authentication timed out', undefined, receivedAt, started);
    if (outcome.kind === 'failed') {
      const error = outcome.error;
      if (error instanceof AuthError && error.code === 'UNAUTHENTICATED') {
        return this.refused(status.UNAUTHENTICATED, error.code, error.message, started);
      }
      return this.unavailable('failed', 'authentication unavailable', undefined, receivedAt, started, error);
    }
    const scoped = scopeAccess(outcome.value, 'history:read');
    if (!scoped.allowed) return this.refused(status.PERMISSION_DENIED, scoped.code, scoped.reason, started);
    return { principal: outcome.value };
  }

  /** An auth refusal: its code (UNAUTHENTICATED, SCOPE_REQUIRED…) is logged, never the token. */
  private refused(grpcStatus: status, code: string, details: string, started: number): Answer {
    this.options.logger.info({ code, elapsedMs: elapsed(started) }, 'history call refused');
    return { error: { code: grpcStatus, details }, outcome: 'rejected' };
  }

  private failed(error: unknown, request: HistoryRequest | undefined, receivedAt: string, started: number): Answer {
    const outcome = toHistoryFailureOutcome(error);
    if (outcome.kind === 'status') {
      this.options.logger.debug({ fields: invalidProtoFields(error), elapsedMs: elapsed(started) }, 'history request rejected');
      return { error: outcome.status, outcome: 'rejected' };
    }
    return this.unavailable('failed', outcome.reason, request, receivedAt, started, error);
  }

  /** Shed by admission control or the open breaker: logged at debug only, since under overload there is one per call. */
  private answeredAtOnce(
    outcome: 'overloaded' | 'store_unavailable',
    reason: string,
    request: HistoryRequest,
    receivedAt: string,
    started: number,
  ): Answer {
    this.options.logger.debug({ ...describe(request), reason, elapsedMs: elapsed(started) }, 'history answered at once, fail-open');
    return { error: null, response: unavailableHistoryResponse(reason, request.at ?? receivedAt), outcome };
  }

  private unavailable(
    outcome: HistoryCallOutcome,
    reason: string,
    request: HistoryRequest | undefined,
    receivedAt: string,
    started: number,
    error?: unknown,
  ): Answer {
    // One warning per outcome and second; the others at debug (the count goes with the next warning, and /metrics counts all).
    const throttled = this.warnings.admit(outcome);
    const fields = {
      ...(request === undefined ? {} : describe(request)),
      reason,
      ...(error === undefined ? {} : { error: errorSummary(error) }),
      elapsedMs: elapsed(started),
      ...(throttled.suppressed > 0 ? { similarSinceLastWarning: throttled.suppressed } : {}),
    };
    if (throttled.log) this.options.logger.warn(fields, 'history unavailable, answered fail-open');
    else this.options.logger.debug(fields, 'history unavailable, answered fail-open');
    return { error: null, response: unavailableHistoryResponse(reason, request?.at ?? receivedAt), outcome };
  }
}

/** Identifiers only: the caller's phone or contact id stays out of the logs. */
function describe(request: HistoryRequest): Record<string, unknown> {
  return {
    workspaceId: request.workspaceId,
    inboxId: request.inboxId,
    caller: request.phone === undefined ? 'contactId' : 'phone',
    at: request.at,
  };
}

/**
 * Where and what kind, not the text: an unexpected error's message may quote data (JSON.parse quotes
 * its input, which could be a message body). Only errors carrying a domain code, written for
 * operators by the read model, keep their message.
 */
function errorSummary(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  if (code === 'STORE_UNAVAILABLE') return { name: error.name, code, message: error.message };
  const frames = (error.stack ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '));
  return { name: error.name, code, at: frames.slice(0, 3) };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
