/**
 * @module slack/listeners/events/timeline-pins
 * Messages on the timeline: a pin or a 📌 reaction in an incident channel adds the message, with its
 * author and its own time; unpinning, removing the reaction, editing or deleting it updates the entry.
 * If Redis cannot take it, the listener throws so that Slack gets a 500 and delivers the event again.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Command } from '../../../incident/decide.js';
import type { Services } from '../../../services.js';
import { recordCommand } from '../../../store/record-command.js';
import { fromSlackText, truncate } from '../../text.js';
import { slackTsToMs } from '../../time.js';

export const PIN_REACTION = 'pushpin';

/** Slack messages can be ten times longer than a timeline entry keeps: the rest is cut, visibly. */
const PINNED_TEXT_MAX = 4000;

function pinnedText(text: string | undefined): string {
  return truncate(fromSlackText(text ?? ''), PINNED_TEXT_MAX);
}

type Args<E extends string> = SlackEventMiddlewareArgs<E> & AllMiddlewareArgs;

async function recordForChannel(
  services: Services,
  channelId: string,
  command: Command,
  meta: { actor: string; at: number },
  eventId: string,
): Promise<void> {
  const incidentId = await services.store.incidentForChannel(channelId);
  if (!incidentId) return;
  const outcome = await recordCommand(services.store, incidentId, command, meta, `ev:${eventId}`, services.templates);
  if (outcome.ok && outcome.dispatches.length > 0)
    await services.effects.dispatch(outcome.dispatches).catch(() => undefined);
}

function eventIdOf(body: unknown): string {
  return String((body as { event_id?: string }).event_id ?? '');
}

export function pinAdded(services: Services) {
  return async ({ event, body, context }: Args<'pin_added'>) => {
    const item = event.item as
      | { type?: string; message?: { ts?: string; text?: string; user?: string; bot_id?: string } }
      | undefined;
    if (!item || typeof item !== 'object' || item.type !== 'message') return;
    const message = item.message;
    if (typeof message?.ts !== 'string') return;
    // warroom pins its own board; that is not a timeline entry.
    if (message.user === context.botUserId || (message.bot_id && message.bot_id === context.botId)) return;
    await recordForChannel(
      services,
      event.channel_id,
      {
        type: 'pinMessage',
        channelId: event.channel_id,
        ts: message.ts,
        author: message.user ?? message.bot_id ?? 'unknown',
        text: pinnedText(message.text),
        via: 'pin',
      },
      { actor: event.user, at: slackTsToMs(message.ts) },
      eventIdOf(body),
    );
  };
}

export function pinRemoved(services: Services) {
  return async ({ event, body }: Args<'pin_removed'>) => {
    const item = event.item as { message?: { ts?: string } } | undefined;
    const message = item && typeof item === 'object' ? item.message : undefined;
    if (typeof message?.ts !== 'string') return;
    await recordForChannel(
      services,
      event.channel_id,
      { type: 'unpinMessage', ts: message.ts, via: 'pin' },
      { actor: event.user, at: slackTsToMs(event.event_ts) },
      eventIdOf(body),
    );
  };
}

/**
 * A 📌 is recorded at once, with no Web API call while Slack waits for the answer; a job looks the
 * message up (it may be a thread reply, which channel history never lists) and pins it.
 */
export function reactionAdded(services: Services) {
  return async ({ event, body }: Args<'reaction_added'>) => {
    if (event.reaction !== PIN_REACTION || event.item?.type !== 'message') return;
    const { channel, ts } = event.item;
    if (typeof channel !== 'string' || typeof ts !== 'string' || !/^\d+\.\d+$/.test(ts)) return;
    await recordForChannel(
      services,
      channel,
      { type: 'requestPin', channelId: channel, ts },
      { actor: event.user, at: slackTsToMs(event.event_ts) },
      eventIdOf(body),
    );
  };
}

export function reactionRemoved(services: Services) {
  return async ({ event, body }: Args<'reaction_removed'>) => {
    if (event.reaction !== PIN_REACTION || event.item?.type !== 'message' || typeof event.item.ts !== 'string') return;
    await recordForChannel(
      services,
      event.item.channel,
      { type: 'unpinMessage', ts: event.item.ts, via: 'reaction' },
      { actor: event.user, at: slackTsToMs(event.event_ts) },
      eventIdOf(body),
    );
  };
}

/**
 * Edits and deletions of messages that are on a timeline. Every edited message of every channel the
 * bot is in arrives here, so the channel is checked first and the text read only for an incident's;
 * warroom's own messages (its checklists re-rendered) are never timeline edits.
 */
export function messageChanged(services: Services) {
  return async ({ event, body, context }: Args<'message'>) => {
    const e = event as {
      subtype?: string;
      channel: string;
      ts: string;
      deleted_ts?: string;
      message?: { ts?: string; text?: string; user?: string; bot_id?: string };
    };
    if (e.subtype !== 'message_changed' && e.subtype !== 'message_deleted') return;
    if (typeof e.channel !== 'string' || !(await services.store.incidentForChannel(e.channel))) return;
    if (e.subtype === 'message_changed' && e.message?.ts) {
      const own = e.message.user === context.botUserId || (e.message.bot_id && e.message.bot_id === context.botId);
      if (own) return;
      await recordForChannel(
        services,
        e.channel,
        { type: 'editPinnedMessage', ts: e.message.ts, text: pinnedText(e.message.text) },
        { actor: e.message.user ?? 'warroom', at: slackTsToMs(e.ts) },
        eventIdOf(body),
      );
    } else if (e.subtype === 'message_deleted' && e.deleted_ts) {
      await recordForChannel(
        services,
        e.channel,
        { type: 'unpinMessage', ts: e.deleted_ts, via: 'deleted' },
        { actor: 'warroom', at: slackTsToMs(e.ts) },
        eventIdOf(body),
      );
    }
  };
}
