/**
 * @module sandbox/methods/files
 * The upload flow Slack's SDKs use today: files.getUploadURLExternal, a POST of the bytes to the
 * returned URL, then files.completeUploadExternal to share the file in a channel.
 */
import { mentionsOf } from '../mentions.js';
import { BOT_ID } from '../workspace.js';
import { joinedChannel } from './conversations.js';
import { json, MethodError, type MethodSpec, required, str } from './types.js';

const MAX_FILE_BYTES = 1024 * 1024 * 1024;

export const filesMethods: Record<string, MethodSpec> = {
  'files.getUploadURLExternal': {
    token: 'bot',
    scopes: () => ['files:write'],
    handle: ({ args, ws, host }) => {
      const filename = required(args, 'filename');
      const length = Number(required(args, 'length'));
      if (!Number.isInteger(length) || length <= 0 || length > MAX_FILE_BYTES) {
        throw new MethodError('invalid_arguments', {
          response_metadata: { messages: ['[ERROR] length must be a positive integer [json-pointer:/length]'] },
        });
      }
      const id = ws.nextId('F');
      ws.files.set(id, { id, filename, length, channels: [], completed: false });
      return { upload_url: `${host.baseUrl()}/upload/${id}`, file_id: id };
    },
  },
  'files.completeUploadExternal': {
    token: 'bot',
    scopes: () => ['files:write'],
    handle: ({ args, ws, host }) => {
      const files = json(args, 'files', 'invalid_arguments');
      if (!Array.isArray(files) || files.length === 0) throw new MethodError('invalid_arguments');
      const channelId = str(args, 'channel_id') ?? str(args, 'channels');
      const channel = channelId ? joinedChannel(ws, { channel: channelId }, host.botUserId) : undefined;
      const shared = files.map((entry: unknown) => {
        const { id, title } = (entry ?? {}) as { id?: string; title?: string };
        const file = id ? ws.files.get(id) : undefined;
        if (!file) throw new MethodError('file_not_found');
        if (!file.content) throw new MethodError('file_upload_not_complete');
        if (file.content.length !== file.length) throw new MethodError('file_size_mismatch');
        file.completed = true;
        if (title) file.title = title;
        if (channel) file.channels.push(channel.id);
        return file;
      });
      const comment = str(args, 'initial_comment');
      if (channel) {
        channel.messages.push({
          ts: ws.nextTs(),
          channel: channel.id,
          user: host.botUserId,
          botId: BOT_ID,
          text: comment ?? '',
          ...(str(args, 'thread_ts') ? { threadTs: str(args, 'thread_ts') } : {}),
          files: shared.map((f) => f.id),
          updates: 0,
          pinned: false,
          reactions: new Map(),
          deleted: false,
          mentions: mentionsOf(comment, undefined),
        });
      }
      return {
        files: shared.map((f) => ({ id: f.id, name: f.filename, title: f.title ?? f.filename, size: f.length })),
      };
    },
  },
};
