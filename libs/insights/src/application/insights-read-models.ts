import { toE164 } from '@app/events';
import {
  type ActivityDocument,
  type ContactIdentifier,
  type ConversationDocument,
  conversationKey,
  type InboxDocument,
  inboxKey,
  type InsightsDocument,
  insightsKey,
  parseContactIdentifier,
  type SessionDocument,
  type UserDocument,
  userKey,
  type WorkspaceDocument,
  workspaceDocumentKey,
} from '@app/history';
import { type ReadModelStore, resolveContactIdentifiers } from '@app/projections';
import type { InsightsUser } from '../insights-permissions.rule';
import { InsightsError } from './insights.errors';

/** A contact as the insights API knows it: every identifier of it, and the key its insights are stored under. */
export interface ResolvedContact {
  readonly identifiers: readonly string[];
  /** `id:…` when the contact is identified, else the identifier asked for. */
  readonly contactKey: string;
  readonly contactId?: string;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
}

/** How many index hits one read asks for: a contact has at most hundreds of interactions in six months. */
const MAX_CONTACT_ACTIVITIES = 2000;

/** What the insights use cases read from the read models (documents written by the projections). */
export class InsightsReadModels {
  constructor(private readonly readModels: ReadModelStore) {}

  /** `:contact` of the API: an E.164 phone (any common format) or a contactId. */
  async contact(workspaceId: string, contact: string): Promise<ResolvedContact> {
    const trimmed = contact.trim();
    if (trimmed === '') throw new InsightsError('INVALID_CONTACT', 'contact must be a contactId or a phone number in international format');
    const phone = trimmed.startsWith('+') || trimmed.startsWith('00') ? toE164(trimmed) : undefined;
    if ((trimmed.startsWith('+') || trimmed.startsWith('00')) && phone === undefined) {
      throw new InsightsError(
        'INVALID_CONTACT',
        `"${trimmed.slice(0, 40)}" is not a phone number in international format, e.g. +33612345678`,
      );
    }
    const identifiers = await resolveContactIdentifiers(this.readModels, workspaceId, phone ? { phone } : { contactId: trimmed });
    const parsed = identifiers.map(parseContactIdentifier);
    const contactId = parsed.find((each) => each?.kind === 'contactId');
    return {
      identifiers,
      contactKey: identifiers.find((identifier) => identifier.startsWith('id:')) ?? identifiers[0],
      ...(contactId?.kind === 'contactId' ? { contactId: contactId.contactId } : {}),
      phones: parsed.flatMap((each) => (each?.kind === 'phone' ? [each.phone] : [])),
      emails: parsed.flatMap((each) => (each?.kind === 'email' ? [each.email] : [])),
    };
  }

  /** The contact's activities in `[from, to]`, every inbox (unsorted; callers apply their rules). */
  async activities(workspaceId: string, contact: ResolvedContact, from: string, to: string): Promise<ActivityDocument[]> {
    const hits = await this.readModels.find({
      index: 'activity-by-contact',
      workspaceId,
      identifiers: contact.identifiers,
      fromSortKey: from,
      toSortKey: to,
      limit: MAX_CONTACT_ACTIVITIES,
    });
    return [...(await this.readModels.documents<ActivityDocument>('activity', [...new Set(hits.map((hit) => hit.key))])).values()];
  }

  async sessions(workspaceId: string, contact: ResolvedContact, limit: number): Promise<SessionDocument[]> {
    const hits = await this.readModels.find({ index: 'session-by-contact', workspaceId, identifiers: contact.identifiers, limit });
    return [...(await this.readModels.documents<SessionDocument>('session', [...new Set(hits.map((hit) => hit.key))])).values()];
  }

  async insightsEnabled(workspaceId: string): Promise<boolean> {
    const key = workspaceDocumentKey(workspaceId);
    return (await this.readModels.documents<WorkspaceDocument>('workspace', [key])).get(key)?.insightsEnabled === true;
  }

  async user(workspaceId: string, userId: string): Promise<InsightsUser | undefined> {
    const key = userKey(workspaceId, userId);
    const user = (await this.readModels.documents<UserDocument>('user', [key])).get(key);
    return user && { userId: user.userId, name: user.name, licenses: user.licenses, inboxIds: user.inboxIds, role: user.role };
  }

  async conversation(workspaceId: string, conversationId: string): Promise<ConversationDocument | undefined> {
    const key = conversationKey(workspaceId, conversationId);
    return (await this.readModels.documents<ConversationDocument>('conversation', [key])).get(key);
  }

  async inbox(workspaceId: string, inboxId: string): Promise<InboxDocument | undefined> {
    const key = inboxKey(workspaceId, inboxId);
    return (await this.readModels.documents<InboxDocument>('inbox', [key])).get(key);
  }

  /** The current insights: the latest stored under any identifier of the contact (it may have been identified since). */
  async currentInsights(workspaceId: string, contact: ResolvedContact): Promise<InsightsDocument | undefined> {
    const documents = await this.readModels.documents<InsightsDocument>(
      'insights',
      contact.identifiers.map((identifier) => insightsKey(workspaceId, identifier as ContactIdentifier)),
    );
    return [...documents.values()].sort((left, right) => right.generatedAt.localeCompare(left.generatedAt))[0];
  }
}
