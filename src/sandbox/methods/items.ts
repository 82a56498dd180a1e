/**
 * @module sandbox/methods/items
 * pins.add / pins.remove / reactions.add / bookmarks.add / bookmarks.edit: things attached to messages and channels.
 */
import { renderMessage } from './chat.js';
import { channelFor, joinedChannel } from './conversations.js';
import { type Args, MethodError, type MethodSpec, required, str } from './types.js';

const MAX_PINS = 100;
const MAX_BOOKMARKS = 100;

function messageArg(args: Args) {
  const ts = str(args, 'timestamp');
  if (!ts) throw new MethodError('no_item_specified');
  if (!/^\d+\.\d+$/.test(ts)) throw new MethodError('bad_timestamp');
  return ts;
}

export const itemMethods: Record<string, MethodSpec> = {
  'pins.add': {
    token: 'bot',
    scopes: () => ['pins:write'],
    handle: ({ args, ws, host }) => {
      const channel = joinedChannel(ws, args, host.botUserId);
      const message = ws.findMessage(channel.id, messageArg(args));
      if (!message) throw new MethodError('message_not_found');
      if (message.pinned) throw new MethodError('already_pinned');
      if (channel.messages.filter((m) => m.pinned && !m.deleted).length >= MAX_PINS) {
        throw new MethodError('too_many_pins');
      }
      message.pinned = true;
      host.emitEvent({
        type: 'pin_added',
        user: host.botUserId,
        channel_id: channel.id,
        item: { type: 'message', channel: channel.id, created_by: host.botUserId, message: renderMessage(message) },
        item_user: message.user,
      });
      return {};
    },
  },
  'pins.remove': {
    token: 'bot',
    scopes: () => ['pins:write'],
    handle: ({ args, ws, host }) => {
      const channel = joinedChannel(ws, args, host.botUserId);
      const message = ws.findMessage(channel.id, messageArg(args));
      if (!message) throw new MethodError('message_not_found');
      if (!message.pinned) throw new MethodError('no_pin');
      message.pinned = false;
      return {};
    },
  },
  'reactions.add': {
    token: 'bot',
    scopes: () => ['reactions:write'],
    handle: ({ args, ws, host }) => {
      const channel = channelFor(ws, args, host.botUserId);
      const name = required(args, 'name', 'invalid_name');
      if (!/^[a-z0-9_+'-]+$/.test(name)) throw new MethodError('invalid_name');
      const message = ws.findMessage(channel.id, messageArg(args));
      if (!message) throw new MethodError('message_not_found');
      const who = message.reactions.get(name) ?? new Set<string>();
      if (who.has(host.botUserId)) throw new MethodError('already_reacted');
      who.add(host.botUserId);
      message.reactions.set(name, who);
      return {};
    },
  },
  'bookmarks.add': {
    token: 'bot',
    scopes: () => ['bookmarks:write'],
    handle: ({ args, ws, host }) => {
      const channel = joinedChannel(ws, args, host.botUserId, 'channel_id');
      const title = required(args, 'title');
      const type = required(args, 'type', 'invalid_bookmark_type');
      if (type !== 'link') throw new MethodError('invalid_bookmark_type');
      const link = str(args, 'link');
      if (!link || !/^https?:\/\/\S+$/.test(link)) throw new MethodError('invalid_link');
      if (channel.bookmarks.length >= MAX_BOOKMARKS) throw new MethodError('too_many_bookmarks');
      const emoji = str(args, 'emoji');
      const bookmark = { id: ws.nextId('Bk'), title, type, link, ...(emoji ? { emoji } : {}) };
      channel.bookmarks.push(bookmark);
      return {
        bookmark: {
          id: bookmark.id,
          channel_id: channel.id,
          title,
          link,
          emoji: emoji ?? null,
          type,
          date_created: Math.floor(Date.now() / 1000),
          date_updated: 0,
          rank: String(channel.bookmarks.length),
        },
      };
    },
  },
  'bookmarks.edit': {
    token: 'bot',
    scopes: () => ['bookmarks:write'],
    handle: ({ args, ws, host }) => {
      const channel = joinedChannel(ws, args, host.botUserId, 'channel_id');
      const id = required(args, 'bookmark_id', 'invalid_bookmark_id');
      const bookmark = channel.bookmarks.find((b) => b.id === id);
      if (!bookmark) throw new MethodError('invalid_bookmark_id');
      const link = str(args, 'link');
      if (link !== undefined && !/^https?:\/\/\S+$/.test(link)) throw new MethodError('invalid_link');
      const title = str(args, 'title');
      if (link !== undefined) bookmark.link = link;
      if (title !== undefined) bookmark.title = title;
      return {
        bookmark: {
          id: bookmark.id,
          channel_id: channel.id,
          title: bookmark.title,
          link: bookmark.link,
          emoji: bookmark.emoji ?? null,
          type: bookmark.type,
          date_updated: Math.floor(Date.now() / 1000),
        },
      };
    },
  },
};
