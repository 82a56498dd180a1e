/**
 * @module queue/post
 * Posting a message as an effect, at most once even across crashes: every post carries Slack message
 * metadata naming the incident and the effect; when a run finds that an earlier run attempted the
 * post but died before storing its result, it looks for the marked message in the channel (or
 * thread) before posting again.
 */
import type { KnownBlock } from '@slack/types';
import { slackAt } from '../slack/pacing/priority.js';
import { type EffectContext, type FAILED, once } from './context.js';
import { classifySlackError } from './slack-errors.js';

export const EFFECT_EVENT_TYPE = 'warroom_effect';
/** How many messages to look through (from shortly before the attempt on) for one a crashed run posted. */
const RECOVERY_WINDOW_MESSAGES = 200;
/** Clocks differ a little between warroom and Slack: look from this long before the attempt. */
const CLOCK_SLACK_MS = 60_000;

export interface PostArgs {
  channel: string;
  text: string;
  blocks?: KnownBlock[];
  thread_ts?: string;
}

function metadata(incidentId: string, key: string) {
  return { event_type: EFFECT_EVENT_TYPE, event_payload: { incident: incidentId, effect: key } };
}

/**
 * Posts with the effect's marker; returns the message ts. At the context's priority (the board's
 * is `high`), but always `low` in the announcement feed.
 */
export async function postMarked(ctx: EffectContext, incidentId: string, key: string, args: PostArgs): Promise<string> {
  const slack = args.channel === ctx.config.announceChannel ? slackAt(ctx.slack, 'low') : ctx.slack;
  const posted = await slack.chat.postMessage({ ...args, metadata: metadata(incidentId, key) });
  return posted.ts as string;
}

/** The ts of a message carrying this effect's marker, if one is in the channel or thread. */
export async function findMarked(
  ctx: EffectContext,
  incidentId: string,
  key: string,
  args: Pick<PostArgs, 'channel' | 'thread_ts'>,
  attemptedAt: number,
): Promise<string | undefined> {
  const oldest = ((attemptedAt - CLOCK_SLACK_MS) / 1000).toFixed(6);
  const page = args.thread_ts
    ? await ctx.slack.conversations.replies({
        channel: args.channel,
        ts: args.thread_ts,
        oldest,
        limit: RECOVERY_WINDOW_MESSAGES,
        include_all_metadata: true,
      })
    : await ctx.slack.conversations.history({
        channel: args.channel,
        oldest,
        limit: RECOVERY_WINDOW_MESSAGES,
        include_all_metadata: true,
      });
  const found = page.messages?.find((m) => {
    const payload = m.metadata?.event_payload as { incident?: string; effect?: string } | undefined;
    return m.metadata?.event_type === EFFECT_EVENT_TYPE && payload?.incident === incidentId && payload.effect === key;
  });
  return found?.ts;
}

/** Posts a message for an effect, once. Returns its ts, or FAILED when Slack refused it for good. */
export function postOnce(
  ctx: EffectContext,
  incidentId: string,
  key: string,
  args: PostArgs,
): Promise<string | typeof FAILED> {
  return once(
    ctx,
    incidentId,
    key,
    () => postMarked(ctx, incidentId, key, args),
    (attemptedAt) => findMarked(ctx, incidentId, key, args, attemptedAt),
  );
}

/**
 * Posts once in a channel warroom may not have joined yet (a bot starts in no channel): on
 * `not_in_channel` it joins (public channels) and posts. A private channel cannot be joined: that is
 * logged as what the operator must do, and the post fails for good (recorded on the timeline).
 */
export function postOnceJoining(
  ctx: EffectContext,
  incidentId: string,
  key: string,
  args: PostArgs,
  variable: string,
): Promise<string | typeof FAILED> {
  return once(
    ctx,
    incidentId,
    key,
    async () => {
      try {
        return await postMarked(ctx, incidentId, key, args);
      } catch (error) {
        const code = classifySlackError(error).error;
        if (code === 'channel_not_found') logPrivate(ctx, variable, args.channel);
        if (code !== 'not_in_channel') throw error;
      }
      try {
        await ctx.slack.conversations.join({ channel: args.channel });
      } catch (error) {
        const code = classifySlackError(error).error;
        if (code === 'method_not_supported_for_channel_type' || code === 'channel_not_found') {
          logPrivate(ctx, variable, args.channel);
        }
        throw error;
      }
      return await postMarked(ctx, incidentId, key, args);
    },
    (attemptedAt) => findMarked(ctx, incidentId, key, args, attemptedAt),
  );
}

function logPrivate(ctx: EffectContext, variable: string, channel: string): void {
  ctx.logger.error(
    { variable, channel },
    `warroom cannot post in ${variable} (${channel}): it is private, or not a channel warroom can see. Invite the app to it (/invite @warroom in that channel), or set ${variable} to a public channel`,
  );
}
