/**
 * @module queue/timers
 * Timers are delayed BullMQ jobs: a handoff offer lapsing, a commander in the seat too long, a role
 * nobody took. Each checks, when it fires, that what it is about is still true (so a timer whose
 * condition ended does nothing), and all of an incident's timers are removed when it is resolved.
 * Payload: a TimerJob. Safe to run twice: the effect it has is recorded or guarded by `once`.
 */
import type { Job } from 'bullmq';
import { SYSTEM_ACTOR } from '../incident/events.js';
import { COMMANDER, roleLabel } from '../incident/roles.js';
import { Actions } from '../slack/ids.js';
import { mention } from '../slack/text.js';
import { type EffectContext, recordSystem } from './context.js';
import { remindFollowUp } from './followup-reminders.js';
import { type TimerJob, timerJobId } from './names.js';
import { postOnce } from './post.js';
import { nudgeLateStep, remindPostmortem, remindUpdate } from './reminders.js';

/** Schedules a timer to fire at `at` (epoch ms). Idempotent per timer. */
export async function scheduleTimer(ctx: EffectContext, timer: TimerJob, at: number): Promise<void> {
  const jobId = timerJobId(timer);
  await ctx.redis.sadd(ctx.store.keys.timers(timer.incidentId), jobId);
  await ctx.effects.queue.add('timer', timer, { jobId, delay: Math.max(0, at - Date.now()) });
}

/** Removes a timer that has not fired. */
export async function cancelTimer(ctx: EffectContext, timer: TimerJob): Promise<void> {
  const jobId = timerJobId(timer);
  await removeDelayed(ctx, jobId);
  await ctx.redis.srem(ctx.store.keys.timers(timer.incidentId), jobId);
}

/** Removes every timer of an incident (on resolve). */
export async function cancelAllTimers(ctx: EffectContext, incidentId: string): Promise<void> {
  const key = ctx.store.keys.timers(incidentId);
  for (const jobId of await ctx.redis.smembers(key)) await removeDelayed(ctx, jobId);
  await ctx.redis.del(key);
}

async function removeDelayed(ctx: EffectContext, jobId: string): Promise<void> {
  const job = await ctx.effects.queue.getJob(jobId);
  if (job && (await job.isDelayed())) await job.remove().catch(() => undefined);
}

/** How often the channel of an incident nobody commands is reminded of it. */
export const NO_COMMANDER_NUDGE_MS = 5 * 60_000;

export async function processTimer(ctx: EffectContext, job: Job<TimerJob>): Promise<string> {
  const timer = job.data;
  await ctx.redis.srem(ctx.store.keys.timers(timer.incidentId), timerJobId(timer));
  const { state } = await ctx.store.load(timer.incidentId);
  if (timer.kind === 'postmortem-due' || timer.kind === 'postmortem-soon') return remindPostmortem(ctx, state, timer);
  if (timer.kind === 'followup-overdue') return remindFollowUp(ctx, state, timer);
  if (!state || state.status === 'resolved' || !state.channel) return 'incident closed';
  const channel = state.channel.id;
  switch (timer.kind) {
    case 'offer-expiry':
      await recordSystem(
        ctx,
        state.id,
        { type: 'expireHandoff', offerId: timer.offerId },
        `sys:expire:${timer.offerId}`,
      );
      return 'offer checked';
    case 'commander-shift': {
      if (state.roles[COMMANDER] !== timer.user || state.roleSince[COMMANDER] !== timer.since) return 'no longer true';
      const hours = Math.round((ctx.templates.roles.commanderShiftMs / 3_600_000) * 10) / 10;
      const text = `${mention(timer.user)}, you have been commander of ${state.id} for ${hours} h. Time to hand off: \`/incident handoff commander @someone\`.`;
      await postOnce(ctx, state.id, timerJobId(timer), { channel, text });
      return 'reminded';
    }
    case 'no-commander': {
      if (state.roles[COMMANDER] !== SYSTEM_ACTOR) return 'no longer true';
      const offered = Object.values(state.offers).find((o) => o.role === COMMANDER);
      const to = offered ? ` ${mention(offered.to)}, command is offered to you: accept it on the offer above.` : '';
      const text = `Nobody has command of ${state.id} yet (declared from PagerDuty).${to} Anyone can take it: \`/incident handoff commander me\`.`;
      await postOnce(ctx, state.id, timerJobId(timer), { channel, text });
      const next = timer.due + NO_COMMANDER_NUDGE_MS;
      await scheduleTimer(ctx, { incidentId: state.id, kind: 'no-commander', due: next }, next);
      return 'reminded';
    }
    case 'oncall-check':
      await ctx.effects.lookUpOnCall({ incidentId: state.id, service: timer.service, at: timer.due });
      return 'on-call asked for';
    case 'step-late':
      return nudgeLateStep(ctx, state, timer);
    case 'update-due':
      return remindUpdate(ctx, state, timer);
    case 'role-unassigned': {
      if (state.roles[timer.role]) return 'no longer true';
      const label = roleLabel(ctx.templates.roles, timer.role);
      const text = `Nobody has taken *${label}* on ${state.id} yet.`;
      await postOnce(ctx, state.id, timerJobId(timer), {
        channel,
        text,
        blocks: [
          {
            type: 'section',
            text: { type: 'mrkdwn', text },
            accessory: {
              type: 'button',
              action_id: Actions.takeRole,
              text: { type: 'plain_text', text: `Take ${label}`.slice(0, 75) },
              value: timer.role,
            },
          },
        ],
      });
      return 'reminded';
    }
  }
}
