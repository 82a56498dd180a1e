/**
 * @module sandbox/methods/chat
 * chat.postMessage / update / postEphemeral / delete / getPermalink.
 */
import { emitDeleted, emitEdited, emitPosted } from '../bot-activity.js';
import { mentionsOf } from '../mentions.js';
import { toSlackMessages, validateBlocks } from '../validate/blocks.js';
import type { EmulatedMessage, Workspace } from '../workspace.js';
import { APP_ID, BOT_ID, TEAM_DOMAIN, TEAM_ID } from '../workspace.js';
import { channelFor, joinedChannel } from './conversations.js';
import { type Args, bool, json, MethodError, type MethodSpec, required, str } from './types.js';

const MAX_TEXT = 40_000;
const MAX_UPDATE_TEXT = 4_000;

/** A message as the Web API renders it (metadata only when asked for, as conversations.history does). */
export function renderMessage(message: EmulatedMessage, withMetadata = false): Record<string, unknown> {
  return {
    type: 'message',
    ts: message.ts,
    user: message.user,
    ...(message.botId ? { bot_id: message.botId, app_id: APP_ID } : {}),
    team: TEAM_ID,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    ...(message.edited ? { edited: message.edited } : {}),
    ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
  };
}

/** Message metadata as chat.postMessage takes it: an event_type and an event_payload object. */
function metadataArg(args: Args): EmulatedMessage['metadata'] {
  const value = json(args, 'metadata', 'invalid_metadata_format');
  if (value === undefined) return undefined;
  const { event_type: type, event_payload: payload } = (value ?? {}) as {
    event_type?: unknown;
    event_payload?: unknown;
  };
  if (typeof type !== 'string' || !/^[a-z0-9_]{1,255}$/.test(type) || !payload || typeof payload !== 'object') {
    throw new MethodError('invalid_metadata_schema');
  }
  if (JSON.stringify(value).length > 8000) throw new MethodError('metadata_too_large');
  return { event_type: type, event_payload: payload as Record<string, unknown> };
}

/** Text and blocks of a post or update, checked as Slack checks them. */
function content(args: Args, maxText: number): { text: string; blocks?: unknown[] } {
  const text = str(args, 'text') ?? '';
  const blocks = json(args, 'blocks', 'invalid_blocks_format');
  if (blocks !== undefined && !Array.isArray(blocks)) throw new MethodError('invalid_blocks_format');
  if (blocks !== undefined) {
    const problems = validateBlocks(blocks, { pointer: '/blocks', maxBlocks: 50 });
    if (problems.length > 0) {
      const messages = toSlackMessages(problems);
      throw new MethodError('invalid_blocks', {
        errors: messages.map((m) => m.replace(/^\[ERROR\] /, '')),
        response_metadata: { messages },
      });
    }
  }
  if (!text && (blocks === undefined || blocks.length === 0)) throw new MethodError('no_text');
  if (text.length > maxText) throw new MethodError('msg_too_long');
  return blocks === undefined ? { text } : { text, blocks };
}

function permalink(channel: string, ts: string): string {
  return `https://${TEAM_DOMAIN}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}

function postingChannel(ws: Workspace, args: Args, botUserId: string) {
  return joinedChannel(ws, args, botUserId);
}

export const chatMethods: Record<string, MethodSpec> = {
  'chat.postMessage': {
    token: 'bot',
    scopes: () => ['chat:write'],
    handle: ({ args, ws, host }) => {
      const channel = postingChannel(ws, args, host.botUserId);
      const body = content(args, MAX_TEXT);
      const threadTs = str(args, 'thread_ts');
      if (threadTs && !ws.findMessage(channel.id, threadTs)) throw new MethodError('thread_not_found');
      const metadata = metadataArg(args);
      const message: EmulatedMessage = {
        ...(metadata ? { metadata } : {}),
        ts: ws.nextTs(),
        channel: channel.id,
        user: host.botUserId,
        botId: BOT_ID,
        ...body,
        ...(threadTs ? { threadTs } : {}),
        updates: 0,
        pinned: false,
        reactions: new Map(),
        deleted: false,
        mentions: mentionsOf(body.text, body.blocks, args.mrkdwn === undefined || bool(args, 'mrkdwn')),
      };
      channel.messages.push(message);
      emitPosted(host, channel, message);
      return { channel: channel.id, ts: message.ts, message: renderMessage(message) };
    },
  },
  'chat.update': {
    token: 'bot',
    scopes: () => ['chat:write'],
    handle: ({ args, ws, host }) => {
      const channel = channelFor(ws, args, host.botUserId);
      const ts = required(args, 'ts', 'message_not_found');
      const message = ws.findMessage(channel.id, ts);
      if (!message) throw new MethodError('message_not_found');
      if (message.user !== host.botUserId) throw new MethodError('cant_update_message');
      const body = content(args, MAX_UPDATE_TEXT);
      const previous = { text: message.text };
      message.text = body.text;
      if (body.blocks) message.blocks = body.blocks;
      message.updates += 1;
      message.mentions = mentionsOf(body.text, body.blocks);
      emitEdited(host, channel, message, previous, ws.nextTs());
      return { channel: channel.id, ts, text: message.text, message: renderMessage(message) };
    },
  },
  'chat.delete': {
    token: 'bot',
    scopes: () => ['chat:write'],
    handle: ({ args, ws, host }) => {
      const channel = channelFor(ws, args, host.botUserId);
      const message = ws.findMessage(channel.id, required(args, 'ts', 'message_not_found'));
      if (!message) throw new MethodError('message_not_found');
      if (message.user !== host.botUserId) throw new MethodError('cant_delete_message');
      message.deleted = true;
      emitDeleted(host, channel, message, ws.nextTs());
      return { channel: channel.id, ts: message.ts };
    },
  },
  'chat.postEphemeral': {
    token: 'bot',
    scopes: () => ['chat:write'],
    handle: ({ args, ws, host }) => {
      const channel = joinedChannel(ws, args, host.botUserId);
      const user = required(args, 'user', 'user_not_in_channel');
      if (!ws.users.has(user)) throw new MethodError('user_not_found');
      if (!channel.members.has(user)) throw new MethodError('user_not_in_channel');
      const body = content(args, MAX_TEXT);
      const threadTs = str(args, 'thread_ts');
      ws.ephemerals.push({
        channel: channel.id,
        user,
        ...body,
        ...(threadTs ? { threadTs } : {}),
        at: Date.now(),
        source: 'chat.postEphemeral',
      });
      return { message_ts: ws.nextTs() };
    },
  },
  'chat.getPermalink': {
    token: 'bot',
    scopes: () => [],
    handle: ({ args, ws, host }) => {
      const channel = channelFor(ws, args, host.botUserId);
      const ts = required(args, 'message_ts', 'message_not_found');
      if (!ws.findMessage(channel.id, ts)) throw new MethodError('message_not_found');
      return { channel: channel.id, permalink: permalink(channel.id, ts) };
    },
  },
};
