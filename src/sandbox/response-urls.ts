/** @module sandbox/response-urls — response_urls issued with interactions, and what a post to one does. */
import { randomUUID } from 'node:crypto';
import { mentionsOf } from './mentions.js';
import { BOT_ID, BOT_USER_ID, type Workspace } from './workspace.js';

/** A post the app made to a response_url. */
export interface RecordedResponse {
  id: string;
  user: string;
  channel: string;
  body: Record<string, unknown>;
  at: number;
}

interface ResponseUrl {
  user: string;
  channel: string;
  uses: number;
  issuedAt: number;
  messageTs?: string;
}

const MAX_RESPONSE_URL_USES = 5;
/** Slack: "use a response_url up to five times within 30 minutes". */
export const RESPONSE_URL_TTL_MS = 30 * 60_000;

/** The response_urls issued so far; each takes a few posts, recorded in `responses`. */
export class ResponseUrls {
  private readonly urls = new Map<string, ResponseUrl>();

  constructor(
    private readonly workspace: Workspace,
    private readonly responses: RecordedResponse[],
    private readonly ttlMs: () => number = () => RESPONSE_URL_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Issues the id of a response_url for an interaction by `user` in `channel` (on the message at `messageTs`). */
  issue(user: string, channel: string, messageTs?: string): string {
    const id = randomUUID();
    this.urls.set(id, { user, channel, uses: 0, issuedAt: this.now(), ...(messageTs ? { messageTs } : {}) });
    return id;
  }

  /**
   * Handles a post of `raw` to response_url `id` as Slack does: replaces or deletes the original message, posts
   * in the channel, or shows the user an ephemeral message; answers Slack's errors for unknown or used-up URLs.
   */
  handle(id: string, raw: string): { status: number; body: Record<string, unknown> } {
    const target = this.urls.get(id);
    if (!target) return { status: 404, body: { ok: false, error: 'invalid_url' } };
    if (this.now() - target.issuedAt > this.ttlMs()) return { status: 404, body: { ok: false, error: 'expired_url' } };
    if (target.uses >= MAX_RESPONSE_URL_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
    target.uses += 1;
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    }
    this.responses.push({ id, user: target.user, channel: target.channel, body: message, at: Date.now() });
    const text = typeof message.text === 'string' ? message.text : '';
    const blocks = Array.isArray(message.blocks) ? message.blocks : undefined;
    if (message.delete_original === true && target.messageTs) {
      const original = this.workspace.findMessage(target.channel, target.messageTs);
      if (original) original.deleted = true;
    } else if (message.replace_original === true && target.messageTs) {
      const original = this.workspace.findMessage(target.channel, target.messageTs);
      if (original) {
        original.text = text;
        if (blocks) original.blocks = blocks;
        original.updates += 1;
      }
    } else if (message.response_type === 'in_channel') {
      const channel = this.workspace.channels.get(target.channel);
      channel?.messages.push({
        ts: this.workspace.nextTs(),
        channel: target.channel,
        user: BOT_USER_ID,
        botId: BOT_ID,
        text,
        ...(blocks ? { blocks } : {}),
        updates: 0,
        pinned: false,
        reactions: new Map(),
        deleted: false,
        mentions: mentionsOf(text, blocks),
      });
    } else {
      this.workspace.ephemerals.push({
        channel: target.channel,
        user: target.user,
        text,
        ...(blocks ? { blocks } : {}),
        at: Date.now(),
        source: 'response_url',
      });
    }
    return { status: 200, body: { ok: true } };
  }
}
