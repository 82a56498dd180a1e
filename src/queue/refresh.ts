/**
 * @module queue/refresh
 * Bringing an incident's projections (board, announcement, topic, checklist messages) up to date with
 * its current state, the board first. Each target is rendered and compared with what Slack shows
 * (`rendered.ts`); only what changed is sent, and edits of one target are spaced at least a second
 * apart, so a burst of changes makes about one edit a second per message.
 *
 * The drain does this for the events it applies, before their posts, under the incident's drain lock.
 * The `refresh` job (payload { incidentId, group }) does it for what the drain had to leave: a target
 * edited less than a second ago, a Slack error worth retrying, the board's clock (the sweeper). There is
 * one per incident and group, so a rate-limited topic never holds back the board. It takes the same
 * lock, so one process at a time writes an incident's messages and a late edit never overwrites a
 * newer one. Safe to run twice: it always renders the latest state.
 */

import type { WebClient } from '@slack/web-api';
import { DelayedError, type Job } from 'bullmq';
import type { IncidentState } from '../incident/state.js';
import { renderAnnouncement, renderBoard, renderTopic } from '../slack/blocks/board.js';
import { SURFACE_PRIORITY, slackAt } from '../slack/pacing/priority.js';
import { MetricStore } from '../store/metric-store.js';
import type { EffectContext } from './context.js';
import { acquireDrainLock } from './drain-lock.js';
import type { RefreshGroup, RefreshJob } from './names.js';
import { renderPhases } from './protocol-effects.js';
import { hashOf, noteRendered, readShown, type Shown } from './rendered.js';
import { backoffDelay, classifySlackError } from './slack-errors.js';

export const MIN_RENDER_INTERVAL_MS = 1000;

/** How long a refresh that found the incident's drain at work waits before it looks again. */
const BUSY_RETRY_MS = 250;

/** What a refresh can bring up to date; the refresh job does all, the drain what its events change. */
export type SurfaceGroup = RefreshGroup;
export const ALL_SURFACES: readonly SurfaceGroup[] = ['board', 'announcement', 'topic', 'protocol'];

/** What a refresh had to leave in one group: edited too recently (until `dueAt`), or a Slack error worth retrying. */
export interface LeftOver {
  dueAt?: number;
  transient?: unknown;
}

export interface RefreshOutcome {
  /** What happened to each message (and the topic) that needed an edit. */
  outcomes: string[];
  /** By group, what is left for a `refresh` job of that group. */
  left: Partial<Record<SurfaceGroup, LeftOver>>;
}

/** One thing a refresh keeps current: what it should show, and how to make Slack show it. */
interface Surface {
  group: SurfaceGroup;
  target: string;
  view: unknown;
  /** Shows the view, with `slack` paced at the surface's priority. */
  send(slack: WebClient): Promise<void>;
}

/** Every surface of the incident as its current state would show it, the board first. */
async function surfaces(
  ctx: EffectContext,
  state: IncidentState,
  groups: ReadonlySet<SurfaceGroup>,
  now: number,
): Promise<Surface[]> {
  const channel = state.channel as NonNullable<IncidentState['channel']>;
  const list: Surface[] = [];
  const { boardTs, announcement } = state;
  if (boardTs && groups.has('board')) {
    const metric = await new MetricStore(ctx.redis, ctx.config.keyPrefix).snapshot(state.id);
    const view = renderBoard(state, now, ctx.config.timeZone, ctx.templates, metric);
    list.push({
      group: 'board',
      target: 'board',
      view,
      send: async (slack) => {
        await slack.chat.update({ channel: channel.id, ts: boardTs, text: view.text, blocks: view.blocks });
      },
    });
  }
  if (announcement && groups.has('announcement')) {
    const view = renderAnnouncement(state, channel.id);
    list.push({
      group: 'announcement',
      target: 'announcement',
      view,
      send: async (slack) => {
        await slack.chat.update({
          channel: announcement.channelId,
          ts: announcement.ts,
          text: view.text,
          blocks: view.blocks,
        });
      },
    });
  }
  if (groups.has('topic')) {
    const topic = renderTopic(state);
    list.push({
      group: 'topic',
      target: 'topic',
      view: topic,
      send: async (slack) => {
        await slack.conversations.setTopic({ channel: channel.id, topic });
      },
    });
  }
  const phases = groups.has('protocol') ? await renderPhases(ctx, state, now) : [];
  for (const { target, ref, message } of phases) {
    list.push({
      group: 'protocol',
      target,
      view: message,
      send: async (slack) => {
        await slack.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks });
      },
    });
  }
  return list;
}

/**
 * Sends every surface whose render differs from what Slack shows, in order, each at most once a
 * second. Slack errors that no retry can fix are logged and the surface left as it is; what is edited
 * too soon, or meets an error worth retrying, is returned by group, not thrown.
 */
export async function refreshProjections(
  ctx: EffectContext,
  state: IncidentState,
  groups: Iterable<SurfaceGroup> = ALL_SURFACES,
): Promise<RefreshOutcome> {
  const result: RefreshOutcome = { outcomes: [], left: {} };
  // A channel that could not be created has nothing to show anything in.
  if (!state.channel) return result;
  const now = Date.now();
  const list = await surfaces(ctx, state, new Set(groups), now);
  const shown = await readShown(
    ctx,
    state.id,
    list.map((s) => s.target),
  );
  for (const [i, surface] of list.entries()) {
    const { hash, at } = shown[i] as Shown;
    if (hash === hashOf(surface.view)) continue;
    // Setting the same topic again would post a "set the topic" line in the channel for nothing.
    if (surface.target === 'topic' && hash === undefined && (await legacyTopic(ctx, state.id)) === surface.view)
      continue;
    const left = result.left[surface.group] ?? {};
    const due = at + MIN_RENDER_INTERVAL_MS;
    if (due > now) {
      left.dueAt = Math.min(left.dueAt ?? due, due);
      result.left[surface.group] = left;
      result.outcomes.push(`${surface.target} in ${due - now} ms`);
      continue;
    }
    try {
      await surface.send(slackAt(ctx.slack, SURFACE_PRIORITY[surface.group]));
      await noteRendered(ctx, state.id, surface.target, surface.view);
      result.outcomes.push(`${surface.target} sent`);
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.retry) {
        left.transient ??= error;
        result.left[surface.group] = left;
        result.outcomes.push(`${surface.target} to retry: ${failure.error}`);
        continue;
      }
      // The message or channel is gone, or Slack refuses it for good: retrying cannot help.
      ctx.logger.warn(
        { incidentId: state.id, target: surface.target, error: failure.error },
        'refresh failed for good',
      );
      result.outcomes.push(`${surface.target} failed: ${failure.error}`);
    }
  }
  return result;
}

/** The topic as warroom set it before it kept a hash of it (incidents opened on an earlier version). */
async function legacyTopic(ctx: EffectContext, incidentId: string): Promise<string | undefined> {
  return (await ctx.redis.hget(ctx.store.keys.effectResults(incidentId), 'topic.current')) ?? undefined;
}

/**
 * After the drain's refresh: asks each group's refresh job for what was left in it, when it is due (or
 * after a backoff). One job per group, so a rate-limited topic never holds back the board.
 */
export async function followUpRefresh(ctx: EffectContext, incidentId: string, outcome: RefreshOutcome): Promise<void> {
  const now = Date.now();
  for (const [group, left] of Object.entries(outcome.left) as [SurfaceGroup, LeftOver][]) {
    const retryAt = left.transient === undefined ? Number.POSITIVE_INFINITY : now + backoffDelay(1, left.transient);
    const at = Math.min(left.dueAt ?? Number.POSITIVE_INFINITY, retryAt);
    if (Number.isFinite(at)) await ctx.effects.refresh(incidentId, group, Math.max(0, at - now));
  }
}

/** The `refresh` job: one group of one incident's surfaces, under the incident's drain lock. */
export async function processRefresh(ctx: EffectContext, job: Job<RefreshJob>, token?: string): Promise<string> {
  const { incidentId, group } = job.data;
  const lock = await acquireDrainLock(ctx.redis, ctx.store.keys.drainLock(incidentId));
  if (!lock) {
    // The drain is at work on this incident and refreshes what its events change; look again after it.
    await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
    throw new DelayedError();
  }
  let outcome: RefreshOutcome;
  try {
    const { state } = await ctx.store.load(incidentId);
    if (!state?.channel) return 'nothing to render yet';
    outcome = await refreshProjections(ctx, state, group ? [group] : ALL_SURFACES);
  } finally {
    await lock.release();
  }
  const left = Object.values(outcome.left);
  const transient = left.find((l) => l.transient !== undefined)?.transient;
  if (transient !== undefined) throw transient;
  const dueAt = Math.min(...left.map((l) => l.dueAt ?? Number.POSITIVE_INFINITY));
  if (Number.isFinite(dueAt)) {
    await job.moveToDelayed(dueAt, token);
    throw new DelayedError();
  }
  return outcome.outcomes.join('; ') || 'all up to date';
}
