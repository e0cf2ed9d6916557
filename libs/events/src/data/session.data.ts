import { IsIn, IsOptional } from 'class-validator';
import { IsIdentifier, IsName, NestedObject } from '../validation/field.decorators';
import { ContactRef, DIRECTIONS, type Direction, UserRef, WorkspaceData } from './shared.data';

export const SESSION_CHANNELS = ['call', 'webchat', 'webmessaging'] as const;
export type SessionChannel = (typeof SESSION_CHANNELS)[number];

abstract class SessionData extends WorkspaceData {
  @IsIdentifier()
  sessionId!: string;
}

export class SessionRoutedData extends SessionData {
  @IsIdentifier()
  conversationId!: string;

  @IsOptional()
  @IsIdentifier()
  inboxId?: string;

  @IsIn(SESSION_CHANNELS)
  channel!: SessionChannel;

  @IsIn(DIRECTIONS)
  direction!: Direction;

  @IsIdentifier()
  queueId!: string;

  @IsOptional()
  @IsName()
  queueName?: string;

  @NestedObject(() => ContactRef)
  contact!: ContactRef;
}

export class SessionConnectedData extends SessionData {
  @NestedObject(() => UserRef)
  agent!: UserRef;
}

export class SessionEndedData extends SessionData {
  @IsIn(['agent', 'customer'])
  endedBy!: 'agent' | 'customer';
}
