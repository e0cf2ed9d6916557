import type { IncomingMessage } from 'node:http';
import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { InsightsError } from '@app/insights';
import { toFieldErrors } from '@app/validation';
import { readRawBody } from '../http/raw-body.reader';

/** Insights requests are small: a conversation id and a scope. */
const BODY_LIMIT_BYTES = 16 * 1024;

/** A query or a body as an instance of `type`, or one 400 naming every bad field. */
export function validated<T extends object>(type: ClassConstructor<T>, plain: unknown): T {
  const instance = plainToInstance(type, plain ?? {}, { enableImplicitConversion: true });
  const errors = toFieldErrors(validateSync(instance, { forbidUnknownValues: true, whitelist: true, forbidNonWhitelisted: true }));
  if (errors.length > 0) {
    throw new InsightsError('INVALID_INSIGHTS_REQUEST', errors.map((error) => `${error.field}: ${error.message}`).join('; '));
  }
  return instance;
}

/** The JSON body of an insights request (the app reads bodies itself: see createHttpApp). */
export async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const bytes = await readRawBody(request, BODY_LIMIT_BYTES);
  if (bytes.byteLength === 0) return {};
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw new InsightsError('INVALID_INSIGHTS_REQUEST', `the body is not valid JSON: ${(error as Error).message}`);
  }
}
