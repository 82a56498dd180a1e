/**
 * @module sandbox/methods/conversations
 * conversations.create / invite / setTopic / setPurpose / info / join.
 */
import { emitChannelMessage } from '../bot-activity.js';
import { channelNameError } from '../validate/channel-name.js';
import type { EmulatedChannel, Workspace } from '../workspace.js';
import { TEAM_ID } from '../workspace.js';
import { renderMessage } from './chat.js';
import { type Args, bool, channelScopes, MethodError, type MethodSpec, required } from './types.js';

/** A conversation as the Web API renders it. */
export function renderChannel(channel: EmulatedChannel, viewer: string): Record<string, unknown> {
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: !channel.isPrivate,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    is_archived: channel.isArchived,
    is_general: channel.name === 'general',
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: channel.members.has(viewer),
    created: channel.created,
    creator: channel.creator,
    context_team_id: TEAM_ID,
    shared_team_ids: [TEAM_ID],
    topic: { value: channel.topic.value, creator: channel.topic.creator, last_set: channel.topic.lastSet },
    purpose: { value: channel.purpose.value, creator: channel.purpose.creator, last_set: channel.purpose.lastSet },
    previous_names: channel.previousNames,
    num_members: channel.members.size,
  };
}

/** The channel named by `arg`, visible to the bot; Slack hides private channels the bot is not in. */
export function channelFor(ws: Workspace, args: Args, botUserId: string, arg = 'channel'): EmulatedChannel {
  const id = required(args, arg, 'channel_not_found');
  const channel = ws.channels.get(id);
  if (!channel || (channel.isPrivate && !channel.members.has(botUserId))) throw new MethodError('channel_not_found');
  return channel;
}

/** The channel, which the bot must have joined (Slack's `not_in_channel`) and which must not be archived. */
export function joinedChannel(ws: Workspace, args: Args, botUserId: string, arg = 'channel'): EmulatedChannel {
  const channel = channelFor(ws, args, botUserId, arg);
  if (channel.isArchived) throw new MethodError('is_archived');
  if (!channel.members.has(botUserId)) throw new MethodError('not_in_channel');
  return channel;
}

const manage = (args: Args, ws: Workspace) =>
  channelScopes(ws, args.channel as string | undefined, 'channels:manage', 'groups:write');

function setText(kind: 'topic' | 'purpose'): MethodSpec {
  return {
    token: 'bot',
    scopes: manage,
    handle: ({ args, ws, host }) => {
      const channel = joinedChannel(ws, args, host.botUserId);
      const value = required(args, kind);
      if ([...value].length > 250) throw new MethodError('too_long');
      channel[kind] = { value, creator: host.botUserId, lastSet: Math.floor(Date.now() / 1000) };
      emitChannelMessage(host, channel, kind === 'topic' ? 'channel_topic' : 'channel_purpose', ws.nextTs(), value);
      return { channel: renderChannel(channel, host.botUserId) };
    },
  };
}

export const conversationsMethods: Record<string, MethodSpec> = {
  'conversations.create': {
    token: 'bot',
    scopes: (args) => [bool(args, 'is_private') ? 'groups:write' : 'channels:manage'],
    handle: ({ args, ws, host }) => {
      const name = typeof args.name === 'string' ? args.name : undefined;
      const nameError = channelNameError(name);
      if (nameError) throw new MethodError(nameError);
      if (ws.channelByName(name as string)) throw new MethodError('name_taken');
      const channel = ws.createChannel({
        name: name as string,
        isPrivate: bool(args, 'is_private'),
        creator: host.botUserId,
      });
      return { channel: renderChannel(channel, host.botUserId) };
    },
  },
  'conversations.info': {
    token: 'bot',
    scopes: (args, ws) => channelScopes(ws, args.channel as string | undefined, 'channels:read', 'groups:read'),
    handle: ({ args, ws, host }) => ({ channel: renderChannel(channelFor(ws, args, host.botUserId), host.botUserId) }),
  },
  'conversations.join': {
    token: 'bot',
    scopes: () => ['channels:join'],
    handle: ({ args, ws, host }) => {
      const channel = channelFor(ws, args, host.botUserId);
      if (channel.isPrivate) throw new MethodError('method_not_supported_for_channel_type');
      if (channel.isArchived) throw new MethodError('is_archived');
      if (!channel.members.has(host.botUserId)) {
        channel.members.add(host.botUserId);
        emitChannelMessage(host, channel, 'channel_join', ws.nextTs());
      }
      return { channel: renderChannel(channel, host.botUserId) };
    },
  },
  'conversations.invite': {
    token: 'bot',
    scopes: manage,
    handle: ({ args, ws, host }) => {
      const channel = joinedChannel(ws, args, host.botUserId);
      const users = required(args, 'users', 'no_user')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
      if (users.length === 0) throw new MethodError('no_user');
      if (users.length > 1000) throw new MethodError('invalid_arguments');
      for (const user of users) {
        if (user === host.botUserId) throw new MethodError('cant_invite_self');
        if (!ws.users.has(user)) throw new MethodError('user_not_found');
      }
      const fresh = users.filter((u) => !channel.members.has(u));
      if (fresh.length === 0) throw new MethodError('already_in_channel');
      for (const user of fresh) {
        channel.members.add(user);
        host.emitEvent({
          type: 'member_joined_channel',
          user,
          channel: channel.id,
          channel_type: channel.isPrivate ? 'G' : 'C',
          team: TEAM_ID,
          inviter: host.botUserId,
        });
      }
      return { channel: renderChannel(channel, host.botUserId) };
    },
  },
  'conversations.history': {
    token: 'bot',
    scopes: (args, ws) => channelScopes(ws, args.channel as string | undefined, 'channels:history', 'groups:history'),
    handle: ({ args, ws, host }) => {
      const channel = joinedChannel(ws, args, host.botUserId);
      const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
      const oldest = args.oldest === undefined ? 0 : Number(args.oldest);
      const inclusive = bool(args, 'inclusive');
      const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 999);
      const inRange = channel.messages.filter((m) => {
        const ts = Number(m.ts);
        if (m.deleted || m.threadTs) return false;
        return inclusive ? ts <= latest && ts >= oldest : ts < latest && ts > oldest;
      });
      const newestFirst = inRange.reverse();
      return {
        messages: newestFirst.slice(0, limit).map((m) => renderMessage(m, bool(args, 'include_all_metadata'))),
        has_more: newestFirst.length > limit,
        pin_count: channel.messages.filter((m) => m.pinned && !m.deleted).length,
      };
    },
  },
  'conversations.replies': {
    token: 'bot',
    scopes: (args, ws) => channelScopes(ws, args.channel as string | undefined, 'channels:history', 'groups:history'),
    handle: ({ args, ws, host }) => {
      const channel = joinedChannel(ws, args, host.botUserId);
      const ts = required(args, 'ts', 'thread_not_found');
      const parent = ws.findMessage(channel.id, ts);
      if (!parent) throw new MethodError('thread_not_found');
      const limit = Math.min(Math.max(Number(args.limit ?? 1000) || 1000, 1), 1000);
      const oldest = args.oldest === undefined ? 0 : Number(args.oldest);
      const replies = channel.messages.filter((m) => m.threadTs === ts && !m.deleted && Number(m.ts) >= oldest);
      const thread = [parent, ...replies];
      return {
        messages: thread.slice(0, limit).map((m) => renderMessage(m, bool(args, 'include_all_metadata'))),
        has_more: thread.length > limit,
      };
    },
  },
  'conversations.setTopic': setText('topic'),
  'conversations.setPurpose': setText('purpose'),
};
