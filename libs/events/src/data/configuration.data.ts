import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
} from 'class-validator';
import { EVENT_LIMITS } from '../event-limits';
import { IsEmailAddress, IsIdentifier, IsLanguage, IsName, IsPhone } from '../validation/field.decorators';
import { WorkspaceData } from './shared.data';

export class ContactIdentifiedData extends WorkspaceData {
  @IsIdentifier()
  contactId!: string;

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

export class InboxConfiguredData extends WorkspaceData {
  @IsIdentifier()
  inboxId!: string;

  @IsName()
  name!: string;

  @IsPhone()
  phoneNumber!: string;

  @IsLanguage()
  language!: string;

  @IsBoolean()
  historyEnabled!: boolean;
}

export class WorkspaceConfiguredData extends WorkspaceData {
  @IsBoolean()
  insightsEnabled!: boolean;
}

export const USER_ROLES = ['agent', 'admin'] as const;

export class UserConfiguredData extends WorkspaceData {
  @IsIdentifier()
  userId!: string;

  @IsName()
  name!: string;

  @IsArray()
  @ArrayMaxSize(EVENT_LIMITS.listItems)
  @IsIdentifier({ each: true })
  licenses!: string[];

  @IsArray()
  @ArrayMaxSize(EVENT_LIMITS.listItems)
  @IsIdentifier({ each: true })
  inboxIds!: string[];

  @IsIn(USER_ROLES)
  role!: (typeof USER_ROLES)[number];
}
