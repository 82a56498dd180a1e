/**
 * @module queue/followup-reminders
 * A follow-up past its due day is called out to its owner in the incident's channel at 09:00 of the day
 * after, then weekly, until it is done (its GitHub issue closed). Timers: `followup-overdue`.
 */
import { followUpOf } from '../incident/followups.js';
import type { IncidentState } from '../incident/state.js';
import { dayOf, morningOf } from '../templates/postmortem.js';
import type { EffectContext } from './context.js';
import { type TimerJob, timerJobId } from './names.js';
import { postOnce } from './post.js';
import { scheduleTimer } from './timers.js';

const DAY_MS = 24 * 3_600_000;
export const FOLLOWUP_REMINDER_EVERY_MS = 7 * DAY_MS;

type OverdueTimer = Extract<TimerJob, { kind: 'followup-overdue' }>;

/** Arms the first overdue reminder of a follow-up with a due day: 09:00 the day after it. */
export async function armFollowUpReminder(ctx: EffectContext, state: IncidentState, followUpId: string): Promise<void> {
  const f = followUpOf(state.followUps, followUpId);
  if (!f?.due) return;
  const tz = ctx.config.timeZone;
  const first = morningOf(dayOf(f.due + DAY_MS + 3_600_000, tz), tz);
  await scheduleTimer(ctx, { incidentId: state.id, kind: 'followup-overdue', followUpId, due: first }, first);
}

export async function remindFollowUp(
  ctx: EffectContext,
  state: IncidentState | undefined,
  timer: OverdueTimer,
): Promise<string> {
  const f = state ? followUpOf(state.followUps, timer.followUpId) : undefined;
  if (!state?.channel || !f || f.doneAt !== undefined) return 'done or gone';
  const who = f.owner ? `<@${f.owner}>` : 'Nobody owns it:';
  const due = f.due ? dayOf(f.due, ctx.config.timeZone) : 'its day';
  const issue = f.issue ? ` (<${f.issue.url}|${f.issue.repo}#${f.issue.number}>)` : '';
  const text = `⏰ ${who} the follow-up of ${state.id} "${f.text.slice(0, 300)}"${issue} was due ${due} and is not done yet.`;
  await postOnce(ctx, state.id, timerJobId(timer), { channel: state.channel.id, text });
  // A week on, at the same hour; weeks missed while nothing ran are not made up.
  let next = timer.due + FOLLOWUP_REMINDER_EVERY_MS;
  while (next <= Date.now()) next += FOLLOWUP_REMINDER_EVERY_MS;
  await scheduleTimer(ctx, { ...timer, due: next }, next);
  return 'reminded';
}
