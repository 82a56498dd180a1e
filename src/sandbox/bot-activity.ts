/**
 * @module sandbox/bot-activity
 * The events Slack sends an app about its own activity, to apps subscribed to `message.channels` /
 * `message.groups`: a `message` for each post, `message_changed` for each edit, `message_deleted`,
 * `channel_topic` / `channel_purpose` when it sets them, `channel_join` when it joins. An app must not
 * mistake them for what people did.
 */
import type { MethodHost } from './methods/types.js';
import { APP_ID, BOT_ID, type EmulatedChannel, type EmulatedMessage, TEAM_ID } from './workspace.js';

function channelType(channel: EmulatedChannel): string {
  return channel.isPrivate ? 'group' : 'channel';
}

function asEvent(message: EmulatedMessage): Record<string, unknown> {
  return {
    type: 'message',
    user: message.user,
    bot_id: BOT_ID,
    app_id: APP_ID,
    team: TEAM_ID,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ts: message.ts,
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
  };
}

/** The `message` event of a message the bot posted. */
export function emitPosted(host: MethodHost, channel: EmulatedChannel, message: EmulatedMessage): void {
  host.emitEvent({
    ...asEvent(message),
    channel: channel.id,
    channel_type: channelType(channel),
    event_ts: message.ts,
  });
}

/** The `message_changed` event of a message the bot edited. */
export function emitEdited(
  host: MethodHost,
  channel: EmulatedChannel,
  message: EmulatedMessage,
  previous: { text: string },
  editedTs: string,
): void {
  host.emitEvent({
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel: channel.id,
    channel_type: channelType(channel),
    ts: editedTs,
    event_ts: editedTs,
    message: { ...asEvent(message), edited: { user: message.user, ts: editedTs } },
    previous_message: { ...asEvent(message), text: previous.text },
  });
}

/** The `message_deleted` event of a message the bot deleted. */
export function emitDeleted(host: MethodHost, channel: EmulatedChannel, message: EmulatedMessage, eventTs: string) {
  host.emitEvent({
    type: 'message',
    subtype: 'message_deleted',
    hidden: true,
    channel: channel.id,
    channel_type: channelType(channel),
    ts: eventTs,
    event_ts: eventTs,
    deleted_ts: message.ts,
    previous_message: asEvent(message),
  });
}

/** The `channel_topic`, `channel_purpose` or `channel_join` message the bot's own change leaves. */
export function emitChannelMessage(
  host: MethodHost,
  channel: EmulatedChannel,
  subtype: 'channel_topic' | 'channel_purpose' | 'channel_join',
  ts: string,
  value?: string,
): void {
  const text =
    subtype === 'channel_join'
      ? `<@${host.botUserId}> has joined the channel`
      : `set the channel ${subtype === 'channel_topic' ? 'topic' : 'purpose'}: ${value ?? ''}`;
  host.emitEvent({
    type: 'message',
    subtype,
    user: host.botUserId,
    text,
    ...(subtype === 'channel_topic' ? { topic: value } : {}),
    ...(subtype === 'channel_purpose' ? { purpose: value } : {}),
    channel: channel.id,
    channel_type: channelType(channel),
    ts,
    event_ts: ts,
  });
}
