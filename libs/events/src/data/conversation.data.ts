import { IsOptional } from 'class-validator';
import { IsIdentifier, IsName, IsText, NestedObject } from '../validation/field.decorators';
import { Author, UserRef, WorkspaceData } from './shared.data';

export class WrapupAssignedData extends WorkspaceData {
  @IsIdentifier()
  conversationId!: string;

  @IsOptional()
  @IsIdentifier()
  sessionId?: string;

  @IsIdentifier()
  code!: string;

  @IsOptional()
  @IsName()
  label?: string;

  @NestedObject(() => UserRef)
  assignedBy!: UserRef;

  /** Internal: never shown to callers nor used in insights. */
  @IsOptional()
  @IsText()
  notes?: string;
}

/** Internal collaboration on a conversation: never shown to callers nor used in insights. */
abstract class InternalActivityData extends WorkspaceData {
  @IsIdentifier()
  conversationId!: string;

  @NestedObject(() => Author)
  author!: Author;
}

export class NoteAddedData extends InternalActivityData {
  @IsText()
  body!: string;
}

export class CommentAddedData extends InternalActivityData {
  @IsText()
  body!: string;
}

export class ReactionAddedData extends InternalActivityData {
  @IsIdentifier()
  emoji!: string;
}

export class TagAddedData extends InternalActivityData {
  @IsIdentifier()
  tag!: string;
}
