/**
 * @module queue/refresh
 * The `refresh` job: renders a projection of the incident's current state onto its Slack message
 * (board, announcement) or the channel topic. Payload: { incidentId, target }. At most one runs per
 * incident and target (BullMQ deduplication keeps the last request while one is active), and renders
 * are spaced at least a second apart, so a burst of changes makes about one edit a second.
 * Safe to run twice: it always renders the latest state.
 */
import { DelayedError, type Job } from 'bullmq';
import type { IncidentState } from '../incident/state.js';
import { renderAnnouncement, renderBoard, renderTopic } from '../slack/blocks/board.js';
import type { EffectContext } from './context.js';
import type { RefreshJob, RefreshTarget } from './names.js';
import { renderPhases } from './protocol-effects.js';
import { alreadyShown, noteRendered } from './rendered.js';
import { classifySlackError } from './slack-errors.js';

export const MIN_RENDER_INTERVAL_MS = 1000;

export async function processRefresh(ctx: EffectContext, job: Job<RefreshJob>, token?: string): Promise<string> {
  const { incidentId, target } = job.data;
  const renderedKey = ctx.store.keys.renderedAt(incidentId);
  const last = Number((await ctx.redis.hget(renderedKey, target)) ?? 0);
  const now = Date.now();
  if (now - last < MIN_RENDER_INTERVAL_MS) {
    await job.moveToDelayed(last + MIN_RENDER_INTERVAL_MS, token);
    throw new DelayedError();
  }
  const { state } = await ctx.store.load(incidentId);
  if (!state?.channel) return 'nothing to render yet';
  try {
    const outcome = await render(ctx, state, target, now);
    // Only edits Slack received count towards the spacing: a render that changed nothing sent none.
    if (/ (rendered|set)$/.test(outcome)) await ctx.redis.hset(renderedKey, target, String(now));
    return outcome;
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure.retry) throw error;
    // The message or channel is gone, or Slack refuses it for good: retrying cannot help.
    ctx.logger.warn({ incidentId, target, error: failure.error }, 'refresh failed for good');
    return `failed: ${failure.error}`;
  }
}

async function render(ctx: EffectContext, state: IncidentState, target: RefreshTarget, now: number): Promise<string> {
  const incidentId = state.id;
  const channel = state.channel as NonNullable<IncidentState['channel']>;
  switch (target) {
    case 'board': {
      if (!state.boardTs) return 'no board yet';
      const view = renderBoard(state, now, ctx.config.timeZone, ctx.templates);
      if (await alreadyShown(ctx, incidentId, 'board', view)) return 'board unchanged';
      await ctx.slack.chat.update({ channel: channel.id, ts: state.boardTs, text: view.text, blocks: view.blocks });
      await noteRendered(ctx, incidentId, 'board', view);
      return 'board rendered';
    }
    case 'announcement': {
      if (!state.announcement) return 'no announcement';
      const view = renderAnnouncement(state, channel.id);
      if (await alreadyShown(ctx, incidentId, 'announcement', view)) return 'announcement unchanged';
      await ctx.slack.chat.update({
        channel: state.announcement.channelId,
        ts: state.announcement.ts,
        text: view.text,
        blocks: view.blocks,
      });
      await noteRendered(ctx, incidentId, 'announcement', view);
      return 'announcement rendered';
    }
    case 'protocol':
      return renderPhases(ctx, state, now);
    case 'topic': {
      const topic = renderTopic(state);
      const results = ctx.store.keys.effectResults(incidentId);
      // Setting the same topic again would post a "set the topic" line in the channel for nothing.
      if ((await ctx.redis.hget(results, 'topic.current')) === topic) return 'topic unchanged';
      await ctx.slack.conversations.setTopic({ channel: channel.id, topic });
      await ctx.redis.hset(results, 'topic.current', topic);
      return 'topic set';
    }
  }
}
