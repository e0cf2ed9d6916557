import { IsIn, IsObject, IsOptional, IsString } from 'class-validator';
import { IsIdentifier, IsTimestamp, IsUriReference } from './validation/field.decorators';

/** The CloudEvents 1.0 structured-mode envelope; `data` is validated per `type` afterwards. */
export class CloudEventEnvelope {
  @IsIn(['1.0'], { message: 'specversion must be "1.0"' })
  specversion!: string;

  @IsIdentifier()
  id!: string;

  @IsUriReference()
  source!: string;

  @IsString()
  type!: string;

  @IsTimestamp()
  time!: string;

  @IsOptional()
  @IsIn(['application/json'], { message: 'datacontenttype must be "application/json"' })
  datacontenttype?: string;

  @IsOptional()
  @IsUriReference()
  subject?: string;

  @IsOptional()
  @IsUriReference()
  dataschema?: string;

  @IsObject({ message: 'data must be a JSON object' })
  data!: Record<string, unknown>;
}

export const ENVELOPE_ATTRIBUTES = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'datacontenttype',
  'subject',
  'dataschema',
  'data',
]);

/** CloudEvents extension attribute names: lower-case letters and digits only. */
export const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;
