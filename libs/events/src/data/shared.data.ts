import 'reflect-metadata';
import { IsIn, IsNotEmpty, IsOptional, ValidateIf } from 'class-validator';
import { IsEmailAddress, IsIdentifier, IsName, IsPhone } from '../validation/field.decorators';

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const PARTICIPANT_KINDS = ['contact', 'user', 'ai_agent'] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

/** Every event belongs to one tenant; nothing ever crosses workspaces. */
export abstract class WorkspaceData {
  @IsIdentifier()
  workspaceId!: string;
}

const hasNoOtherIdentifier = (contact: ContactRef): boolean => !contact.phone && !contact.email;

/** The customer: keyed by contactId when known, else phone, else e-mail. */
export class ContactRef {
  @ValidateIf(hasNoOtherIdentifier)
  @IsNotEmpty({ message: 'contact needs at least one of contactId, phone or email' })
  @IsIdentifier()
  contactId?: string;

  @IsOptional()
  @IsPhone()
  phone?: string;

  @IsOptional()
  @IsEmailAddress()
  email?: string;

  @IsOptional()
  @IsName()
  name?: string;
}

/** A person of the organisation (agent, supervisor, admin). */
export class UserRef {
  @IsIdentifier()
  id!: string;

  @IsName()
  name!: string;
}

/** Who handled a call: a human agent or the AI voice agent. */
export class HandledBy {
  @IsIn(['user', 'ai_agent'])
  kind!: 'user' | 'ai_agent';

  @IsIdentifier()
  id!: string;

  @IsOptional()
  @IsName()
  name?: string;
}

/** Author of a message or of an internal note. */
export class Author {
  @IsOptional()
  @IsIn(PARTICIPANT_KINDS)
  kind?: ParticipantKind;

  @IsOptional()
  @IsIdentifier()
  id?: string;

  @IsOptional()
  @IsName()
  name?: string;
}
