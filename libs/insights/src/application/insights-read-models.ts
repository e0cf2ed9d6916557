import {
  type ActivityDocument,
  type ContactIdentifier,
  type ConversationDocument,
  conversationKey,
  documentId,
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
import { type DocumentReference, type IndexHit, type ReadModelStore, resolveContactIdentifiers } from '@app/projections';
import { parseContactParameter } from '../contact-parameter.rule';
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

export interface RequestContext {
  readonly insightsEnabled: boolean;
  readonly user?: InsightsUser;
  readonly conversation?: ConversationDocument;
  readonly currentInsights?: InsightsDocument;
}

/** How many index hits one read asks for: a contact has at most hundreds of interactions in six months. */
const MAX_CONTACT_ACTIVITIES = 2000;

/** What the insights use cases read from the read models (documents written by the projections). */
export class InsightsReadModels {
  constructor(private readonly readModels: ReadModelStore) {}

  /** `:contact` of the API: a phone in international format (any common format), an e-mail address or a contactId. */
  async contact(workspaceId: string, contact: string): Promise<ResolvedContact> {
    const parameter = parseContactParameter(contact);
    if ('invalid' in parameter) throw new InsightsError('INVALID_CONTACT', parameter.invalid);
    const identifiers = await resolveContactIdentifiers(this.readModels, workspaceId, parameter);
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

  /**
   * The contact's activities in `[from, to]` as index hits (key, time, inbox), newest first: who may see
   * what is decided on these, so a request reads only the documents it shows or counts.
   */
  async activityHits(workspaceId: string, contact: ResolvedContact, from: string, to: string): Promise<IndexHit[]> {
    return this.readModels.find({
      index: 'activity-by-contact',
      workspaceId,
      identifiers: contact.identifiers,
      fromSortKey: from,
      toSortKey: to,
      limit: MAX_CONTACT_ACTIVITIES,
    });
  }

  async activityDocuments(hits: readonly IndexHit[]): Promise<ActivityDocument[]> {
    if (hits.length === 0) return [];
    return [...(await this.readModels.documents<ActivityDocument>('activity', [...new Set(hits.map((hit) => hit.key))])).values()];
  }

  /** The contact's activities in `[from, to]` in the inboxes `include` accepts (unsorted; callers apply their rules). */
  async activities(
    workspaceId: string,
    contact: ResolvedContact,
    from: string,
    to: string,
    include: (inboxId: string) => boolean = () => true,
  ): Promise<ActivityDocument[]> {
    const hits = await this.activityHits(workspaceId, contact, from, to);
    return this.activityDocuments(hits.filter((hit) => include(hit.scope)));
  }

  async sessions(workspaceId: string, contact: ResolvedContact, limit: number): Promise<SessionDocument[]> {
    return this.readModels.findDocuments<SessionDocument>({
      index: 'session-by-contact',
      workspaceId,
      identifiers: contact.identifiers,
      limit,
    });
  }

  /**
   * What every request checks first, in one read: the workspace's toggle, the requesting user, and when
   * asked the conversation the request is made in and the contact's current insights (the latest stored
   * under any of its identifiers: it may have been identified since).
   */
  async requestContext(
    workspaceId: string,
    userId: string,
    options: { readonly conversationId?: string; readonly contact?: ResolvedContact } = {},
  ): Promise<RequestContext> {
    const workspace = { collection: 'workspace', key: workspaceDocumentKey(workspaceId) };
    const user = { collection: 'user', key: userKey(workspaceId, userId) };
    const conversation =
      options.conversationId === undefined
        ? undefined
        : { collection: 'conversation', key: conversationKey(workspaceId, options.conversationId) };
    const insights = (options.contact?.identifiers ?? []).map((identifier) => ({
      collection: 'insights',
      key: insightsKey(workspaceId, identifier as ContactIdentifier),
    }));
    const documents = await this.readModels.load([workspace, user, ...(conversation ? [conversation] : []), ...insights]);
    const read = <T>(reference: DocumentReference) => documents.get(documentId(reference.collection, reference.key)) as T | undefined;
    const userDocument = read<UserDocument>(user);
    const current = insights
      .flatMap((reference) => read<InsightsDocument>(reference) ?? [])
      .sort((left, right) => right.generatedAt.localeCompare(left.generatedAt))[0];
    return {
      insightsEnabled: read<WorkspaceDocument>(workspace)?.insightsEnabled === true,
      user: userDocument && {
        userId: userDocument.userId,
        name: userDocument.name,
        licenses: userDocument.licenses,
        inboxIds: userDocument.inboxIds,
        role: userDocument.role,
      },
      conversation: conversation && read<ConversationDocument>(conversation),
      currentInsights: current,
    };
  }

  /** The named inboxes among `inboxIds` (unknown ones are absent). */
  async inboxes(workspaceId: string, inboxIds: readonly string[]): Promise<Map<string, InboxDocument>> {
    if (inboxIds.length === 0) return new Map();
    const documents = await this.readModels.documents<InboxDocument>(
      'inbox',
      inboxIds.map((inboxId) => inboxKey(workspaceId, inboxId)),
    );
    return new Map([...documents.values()].map((inbox) => [inbox.inboxId, inbox]));
  }

  async inbox(workspaceId: string, inboxId: string): Promise<InboxDocument | undefined> {
    return (await this.inboxes(workspaceId, [inboxId])).get(inboxId);
  }
}
