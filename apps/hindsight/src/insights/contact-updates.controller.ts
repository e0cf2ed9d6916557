import type { ServerResponse } from 'node:http';
import { Controller, type MessageEvent, Param, Res, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { AgentEndpoint, CurrentAgent, type CurrentAgentIdentity } from '@app/auth';
import { ContactViews, type ContactUpdate } from '@app/insights';
import { ContactChangeFeed } from '@app/projections';
import { CONTACT_PARAM } from './contact-parameter.api';

/** A comment-like event this often keeps proxies from closing an idle stream and finds dead sockets. */
const PING_MILLISECONDS = 20_000;

const message = (update: ContactUpdate): MessageEvent => {
  switch (update.type) {
    case 'session':
      return { type: 'session', data: update.card };
    case 'interaction':
      return { type: 'interaction', data: { interactionId: update.interactionId, inboxId: update.inboxId, occurredAt: update.occurredAt } };
    case 'reset':
      return { type: 'reset', data: {} };
  }
};

/**
 * `GET …/contacts/:contact/updates`: server-sent events for the desktop's contact view, sent when the
 * projection commits what changed. The request is checked before the stream opens (401, 403 and 400 stay
 * problem details). Events: `session` (a session card to put in place: a live card turns white or grey),
 * `interaction` (a new or changed interaction: refetch the timeline and insights, whose stale badge it
 * may raise), `reset` (refetch everything: a projector restart or a bulk load), `ping` every 20 s.
 */
@ApiTags('contact insights')
@AgentEndpoint()
@Controller('v1/workspaces/:ws/contacts/:contact')
export class ContactUpdatesController {
  constructor(
    private readonly views: ContactViews,
    private readonly feed: ContactChangeFeed,
  ) {}

  @Sse('updates')
  @ApiOperation({
    summary: "Live updates of the contact's session cards and interactions (text/event-stream: session, interaction, reset, ping)",
  })
  @ApiParam(CONTACT_PARAM)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream; it ends when the server stops (reconnect, then refetch).' })
  async updates(
    @Param('ws') workspaceId: string,
    @Param('contact') contact: string,
    @CurrentAgent() agent: CurrentAgentIdentity,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<Observable<MessageEvent>> {
    const updatesOf = await this.views.liveView({ workspaceId, contact, userId: agent.userId });
    return new Observable<MessageEvent>((subscriber) => {
      const stop = this.feed.listen(
        (changes) => {
          for (const update of updatesOf(changes)) subscriber.next(message(update));
        },
        () => {
          // The server is stopping: once the stream's end is written, its connection closes too, rather
          // than idling in keep-alive and holding the server's close for the keep-alive timeout.
          // (Taken now: the server detaches the socket from the response before 'finish' listeners run.)
          const socket = response.socket;
          response.once('finish', () => socket?.destroy());
          subscriber.complete();
        },
      );
      const ping = setInterval(() => subscriber.next({ type: 'ping', data: {} }), PING_MILLISECONDS);
      return () => {
        clearInterval(ping);
        stop();
      };
    });
  }
}
