/**
 * @module queue/pin-lookup
 * A 📌 reaction is recorded as `PinRequested` by the event listener (no Web API call while Slack
 * waits); this job looks the message up — in the channel's history, or among thread replies, which
 * history never lists — and pins it to the timeline with its author, text and own time, on behalf of
 * whoever reacted. Safe to run twice: the pin is recorded under a key made from the request.
 */
import type { EventOf, RecordedEvent } from '../incident/events.js';
import type { IncidentState } from '../incident/state.js';
import { fromSlackText, truncate } from '../slack/text.js';
import { slackTsToMs } from '../slack/time.js';
import { type EffectContext, recordSystem } from './context.js';

const PINNED_TEXT_MAX = 4000;

interface FoundMessage {
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
}

async function findMessage(ctx: EffectContext, channel: string, ts: string): Promise<FoundMessage | undefined> {
  const history = await ctx.slack.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  const top = history.messages?.find((m) => m.ts === ts);
  if (top) return top;
  // Not a message of the channel itself: a reply in a thread (replies accepts a reply's ts too).
  try {
    const replies = await ctx.slack.conversations.replies({ channel, ts, latest: ts, oldest: ts, inclusive: true });
    return replies.messages?.find((m) => m.ts === ts);
  } catch (error) {
    if ((error as { data?: { error?: string } }).data?.error === 'thread_not_found') return undefined;
    throw error;
  }
}

export async function pinRequestedMessage(
  ctx: EffectContext,
  event: RecordedEvent & EventOf<'PinRequested'>,
  state: IncidentState,
): Promise<void> {
  const { channelId, ts } = event.data;
  // Taken off (or pinned) meanwhile: nothing to look up.
  if (!Object.hasOwn(state.pinRequests, ts)) return;
  const message = await findMessage(ctx, channelId, ts);
  if (!message) {
    ctx.logger.info({ incidentId: state.id, ts }, 'the 📌 message is gone; nothing pinned');
    return;
  }
  await recordSystem(
    ctx,
    state.id,
    {
      type: 'pinMessage',
      channelId,
      ts,
      author: message.user ?? message.bot_id ?? 'unknown',
      text: truncate(fromSlackText(message.text ?? ''), PINNED_TEXT_MAX),
      via: 'reaction',
    },
    `sys:pin:${event.seq}`,
    { actor: event.actor, at: slackTsToMs(ts) },
  );
}
