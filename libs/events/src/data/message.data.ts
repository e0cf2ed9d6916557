import { IsIn, IsOptional } from 'class-validator';
import { IsIdentifier, IsText, NestedObject } from '../validation/field.decorators';
import { Author, ContactRef, WorkspaceData } from './shared.data';

export const MESSAGE_CHANNELS = ['sms', 'whatsapp', 'webchat', 'webmessaging'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** Shared by `message.received` (from the contact) and `message.sent` (to the contact). */
export class MessageData extends WorkspaceData {
  @IsIdentifier()
  messageId!: string;

  @IsIdentifier()
  conversationId!: string;

  @IsIdentifier()
  inboxId!: string;

  @NestedObject(() => ContactRef)
  contact!: ContactRef;

  @IsIn(MESSAGE_CHANNELS)
  channel!: MessageChannel;

  @IsText()
  body!: string;

  @IsOptional()
  @NestedObject(() => Author)
  author?: Author;
}
