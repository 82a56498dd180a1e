/** @module sandbox/event-callbacks — Events API callbacks: which events an app gets, in Slack's envelope. */
import { randomUUID } from 'node:crypto';
import type { SlackRequest } from './transport.js';
import { APP_ID, BOT_USER_ID, TEAM_ID, type Workspace } from './workspace.js';

/** Whether an app subscribed to `events` (the manifest's bot_events) gets `event`; messages go by channel type. */
export function subscribesTo(events: readonly string[], workspace: Workspace, event: Record<string, unknown>): boolean {
  const type = String(event.type);
  if (type !== 'message') return events.includes(type);
  const channel = workspace.channels.get(String(event.channel));
  return events.includes(channel?.isPrivate ? 'message.groups' : 'message.channels');
}

/** An Events API callback envelope for `event`, as Slack builds it. */
export function eventCallback(workspace: Workspace, event: Record<string, unknown>, eventId?: string): SlackRequest {
  const eventTs = typeof event.event_ts === 'string' ? event.event_ts : workspace.nextTs();
  const payload = {
    token: 'sandbox-verification-token',
    team_id: TEAM_ID,
    api_app_id: APP_ID,
    event: { ...event, event_ts: eventTs },
    type: 'event_callback',
    event_id: eventId ?? `Ev${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false, enterprise_id: null },
    ],
    is_ext_shared_channel: false,
  };
  return { kind: 'event', rawBody: JSON.stringify(payload), contentType: 'application/json', payload };
}
