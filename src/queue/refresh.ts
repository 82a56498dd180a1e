/**
 * @module queue/refresh
 * Bringing an incident's projections (board, announcement, topic, checklist messages) up to date with
 * its current state, the board first. Each target is rendered and compared with what Slack shows
 * (`rendered.ts`); only what changed is sent, and edits of one target are spaced at least a second
 * apart, so a burst of changes makes about one edit a second per message.
 *
 * The drain does this for the events it applies, before their posts, under the incident's drain lock.
 * The `refresh` job (payload { incidentId }) does it for what the drain had to leave: a target edited
 * less than a second ago, a Slack error worth retrying, the board's clock (the sweeper). It takes the
 * same lock, so one process at a time writes an incident's messages and a late edit never overwrites
 * a newer one. Safe to run twice: it always renders the latest state.
 */
import { DelayedError, type Job } from 'bullmq';
import type { IncidentState } from '../incident/state.js';
import { renderAnnouncement, renderBoard, renderTopic } from '../slack/blocks/board.js';
import type { EffectContext } from './context.js';
import { acquireDrainLock } from './drain-lock.js';
import type { RefreshJob } from './names.js';
import { renderPhases } from './protocol-effects.js';
import { hashOf, noteRendered, readShown, type Shown } from './rendered.js';
import { backoffDelay, classifySlackError } from './slack-errors.js';

export const MIN_RENDER_INTERVAL_MS = 1000;

/** How long a refresh that found the incident's drain at work waits before it looks again. */
const BUSY_RETRY_MS = 250;

export interface RefreshOutcome {
  /** What happened to each message (and the topic) that needed an edit. */
  outcomes: string[];
  /** When the edits left for later (that message was edited too recently) may be sent; undefined if none. */
  dueAt?: number;
  /** A Slack error worth retrying, if an edit met one (the others were still sent). */
  transient?: unknown;
}

/** What a refresh can bring up to date; the refresh job does all, the drain what its events change. */
export type SurfaceGroup = 'board' | 'announcement' | 'topic' | 'protocol';
export const ALL_SURFACES: ReadonlySet<SurfaceGroup> = new Set(['board', 'announcement', 'topic', 'protocol']);

/** One thing a refresh keeps current: what it should show, and how to make Slack show it. */
interface Surface {
  target: string;
  view: unknown;
  send(): Promise<void>;
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
    const view = renderBoard(state, now, ctx.config.timeZone, ctx.templates);
    list.push({
      target: 'board',
      view,
      send: async () => {
        await ctx.slack.chat.update({ channel: channel.id, ts: boardTs, text: view.text, blocks: view.blocks });
      },
    });
  }
  if (announcement && groups.has('announcement')) {
    const view = renderAnnouncement(state, channel.id);
    list.push({
      target: 'announcement',
      view,
      send: async () => {
        await ctx.slack.chat.update({
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
      target: 'topic',
      view: topic,
      send: async () => {
        await ctx.slack.conversations.setTopic({ channel: channel.id, topic });
      },
    });
  }
  const phases = groups.has('protocol') ? await renderPhases(ctx, state, now) : [];
  for (const { target, ref, message } of phases) {
    list.push({
      target,
      view: message,
      send: async () => {
        await ctx.slack.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks });
      },
    });
  }
  return list;
}

/**
 * Sends every surface whose render differs from what Slack shows, in order, each at most once a
 * second. Slack errors that no retry can fix are logged and the surface left as it is; the first
 * one worth retrying is returned, not thrown.
 */
export async function refreshProjections(
  ctx: EffectContext,
  state: IncidentState,
  groups: ReadonlySet<SurfaceGroup> = ALL_SURFACES,
): Promise<RefreshOutcome> {
  const now = Date.now();
  const list = await surfaces(ctx, state, groups, now);
  const shown = await readShown(
    ctx,
    state.id,
    list.map((s) => s.target),
  );
  const result: RefreshOutcome = { outcomes: [] };
  for (const [i, surface] of list.entries()) {
    const { hash, at } = shown[i] as Shown;
    // Setting the same topic again would post a "set the topic" line in the channel for nothing.
    if (hash === hashOf(surface.view)) continue;
    const due = at + MIN_RENDER_INTERVAL_MS;
    if (due > now) {
      result.dueAt = Math.min(result.dueAt ?? due, due);
      result.outcomes.push(`${surface.target} in ${due - now} ms`);
      continue;
    }
    try {
      await surface.send();
      await noteRendered(ctx, state.id, surface.target, surface.view);
      result.outcomes.push(`${surface.target} sent`);
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.retry) {
        result.transient ??= error;
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

/** After the drain's refresh: asks the refresh job for what it left (later, or with backoff). */
export async function followUpRefresh(ctx: EffectContext, incidentId: string, outcome: RefreshOutcome): Promise<void> {
  const now = Date.now();
  const retryAt = outcome.transient === undefined ? undefined : now + backoffDelay(1, outcome.transient);
  const at = Math.min(outcome.dueAt ?? Number.POSITIVE_INFINITY, retryAt ?? Number.POSITIVE_INFINITY);
  if (Number.isFinite(at)) await ctx.effects.refresh(incidentId, Math.max(0, at - now));
}

export async function processRefresh(ctx: EffectContext, job: Job<RefreshJob>, token?: string): Promise<string> {
  const { incidentId } = job.data;
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
    outcome = await refreshProjections(ctx, state);
  } finally {
    await lock.release();
  }
  if (outcome.transient !== undefined) throw outcome.transient;
  if (outcome.dueAt !== undefined) {
    await job.moveToDelayed(outcome.dueAt, token);
    throw new DelayedError();
  }
  return outcome.outcomes.join('; ') || 'all up to date';
}
