import { IsOptional, validateSync, ValidateIf } from 'class-validator';
import { toE164, toUtcTimestamp } from '@app/events';
import { IsIdentifier } from '@app/events/validation/field.decorators';
import { passesValidation } from '@app/events/validation/passes-validation';
import { type FieldError, toFieldErrors } from '@app/validation';
import type { HistoryRequest } from './history.types';

/** Error codes of the history domain, mapped to statuses by each transport. */
export type HistoryErrorCode = 'INVALID_ARGUMENT' | 'STORE_UNAVAILABLE';

export class HistoryRequestError extends Error {
  readonly code: HistoryErrorCode = 'INVALID_ARGUMENT';
  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '));
    this.name = 'HistoryRequestError';
  }
}

class HistoryRequestInput {
  @IsIdentifier()
  workspaceId!: string;

  @IsIdentifier()
  inboxId!: string;

  @ValidateIf((input: HistoryRequestInput) => input.phone === undefined || input.phone === '')
  @IsIdentifier({ message: 'one of contactId or phone is required' })
  contactId?: string;

  @IsOptional()
  phone?: string;

  @IsOptional()
  at?: string;
}

/**
 * Validates a history request from any transport (gRPC, CLI, HTTP): names the field at fault,
 * normalises the phone to E.164 and `at` to UTC.
 */
export function parseHistoryRequest(raw: Record<string, unknown>): HistoryRequest {
  const input = Object.assign(new HistoryRequestInput(), {
    workspaceId: raw.workspaceId,
    inboxId: raw.inboxId,
    contactId: raw.contactId === '' ? undefined : raw.contactId,
    phone: raw.phone === '' ? undefined : raw.phone,
    at: raw.at === '' ? undefined : raw.at,
  });
  // The yes/no pass first: validateSync's error bookkeeping only when there is something to report.
  const errors = toFieldErrors(passesValidation(input) ? [] : validateSync(input));
  let phone: string | undefined;
  if (input.phone !== undefined) {
    phone = toE164(input.phone);
    if (!phone) errors.push({ field: 'phone', message: 'must be a phone number in international format, e.g. +33612345678' });
  }
  if (input.contactId !== undefined && input.phone !== undefined) {
    errors.push({ field: 'contactId', message: 'give either contactId or phone, not both' });
  }
  let at: string | undefined;
  if (input.at !== undefined) {
    at = toUtcTimestamp(input.at);
    if (!at) errors.push({ field: 'at', message: 'must be an RFC 3339 timestamp with a time zone' });
  }
  if (errors.length > 0) throw new HistoryRequestError(errors);
  return {
    workspaceId: input.workspaceId,
    inboxId: input.inboxId,
    ...(input.contactId === undefined ? {} : { contactId: input.contactId }),
    ...(phone === undefined ? {} : { phone }),
    ...(at === undefined ? {} : { at }),
  };
}
