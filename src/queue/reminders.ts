/**
 * @module queue/reminders
 * The protocol's timers firing: a step past its target nudges its owner once (or, when nobody holds the
 * owner role, asks the channel who takes it, with a Take button: the commander is not its owner), and an
 * update due reminds comms (or the commander) with Post update / Snooze buttons, then again every
 * cadence until someone posts. A timer whose moment has moved on does nothing.
 */
import { COMMANDER, roleLabel } from '../incident/roles.js';
import { severityLabel } from '../incident/severity.js';
import type { IncidentState } from '../incident/state.js';
import { findStep } from '../protocol/definition.js';
import { isClosed, nextUpdateDue, stepDueAt, updateCadence } from '../protocol/progress.js';
import { lateStepNudge } from '../slack/blocks/protocol.js';
import { unheldStepCall, updateReminder } from '../slack/blocks/reminders.js';
import { dayOf, morningOf, reviewDueAt } from '../templates/postmortem.js';
import { type EffectContext, once } from './context.js';
import { uploadExport } from './exports.js';
import type { TimerJob } from './names.js';
import { postOnce } from './post.js';
import { protocolOf } from './protocol-effects.js';
import { scheduleTimer } from './timers.js';

type StepTimer = Extract<TimerJob, { kind: 'step-late' }>;
type PostmortemTimer = Extract<TimerJob, { kind: 'postmortem-due' | 'postmortem-soon' }>;
type UpdateTimer = Extract<TimerJob, { kind: 'update-due' }>;

export async function nudgeLateStep(ctx: EffectContext, state: IncidentState, timer: StepTimer): Promise<string> {
  const protocol = protocolOf(ctx, state);
  const numbered = protocol ? findStep(protocol, timer.step) : undefined;
  if (!protocol || !numbered || !state.channel) return 'no such step';
  if (isClosed(state.steps[timer.step])) return 'step closed';
  if (stepDueAt(state, protocol, numbered) !== timer.due) return 'target moved';
  const role = numbered.step.owner;
  const owner = state.roles[role];
  const channel = state.channel.id;
  // One post per step either way: the same key, so a retry never adds a second.
  if (!owner) {
    const call = unheldStepCall(numbered, role, roleLabel(ctx.templates.roles, role));
    await postOnce(ctx, state.id, `nudge.step.${timer.step}`, { channel, text: call.text, blocks: call.blocks });
    return 'asked who takes the role';
  }
  await postOnce(ctx, state.id, `nudge.step.${timer.step}`, {
    channel,
    text: lateStepNudge(state, numbered, owner, timer.due, ctx.config.timeZone),
  });
  return 'nudged';
}

export async function remindUpdate(ctx: EffectContext, state: IncidentState, timer: UpdateTimer): Promise<string> {
  const protocol = protocolOf(ctx, state);
  const due = nextUpdateDue(state, protocol);
  // The cadence at this reminder (slower once the incident has run long: update_cadence_after).
  const cadence = updateCadence(state, protocol, timer.due);
  if (due === undefined || cadence === undefined || !state.channel) return 'no updates due';
  if (due > timer.due) return 'an update or snooze moved it';
  // Comms (else the commander) writes it; a deputy, who owns the clock, is called on too.
  const writer = state.roles.comms ?? (state.roles[COMMANDER] as string);
  const deputy = state.roles.deputy;
  const to = deputy && deputy !== writer ? [writer, deputy] : [writer];
  const channel = state.channel.id;
  const message = updateReminder(state, to, timer.due, ctx.config.timeZone);
  await postOnce(ctx, state.id, `reminder.update.${timer.due}`, {
    channel,
    text: message.text,
    blocks: message.blocks,
  });
  // Until someone posts or snoozes, remind again every cadence.
  await scheduleTimer(ctx, { incidentId: state.id, kind: 'update-due', due: timer.due + cadence }, timer.due + cadence);
  return 'reminded';
}

/**
 * When the postmortem's reminder goes out for a resolved incident: 09:00 on the review day the resolve
 * form set, else when templates/postmortem.yaml says it is due; undefined for no reminder.
 */
export function postmortemDueAt(ctx: EffectContext, state: IncidentState): number | undefined {
  if (state.resolvedAt === undefined) return undefined;
  const tz = ctx.config.timeZone;
  const byRule = reviewDueAt(
    ctx.templates.postmortemDue,
    state.severity,
    state.rollbackOrder.length > 0,
    state.resolvedAt,
    tz,
  );
  const day = state.postmortem?.reviewDate;
  // The day the form kept is the rule's own: its time too; another day picked: that morning.
  if (day && (byRule === undefined || dayOf(byRule, tz) !== day)) return morningOf(day, tz);
  return byRule;
}

/**
 * The postmortem's owner (the commander when none was named) is reminded the day before its review and
 * on the day, with the Markdown timeline attached to the second; nothing once it is published.
 */
export async function remindPostmortem(
  ctx: EffectContext,
  state: IncidentState | undefined,
  timer: PostmortemTimer,
): Promise<string> {
  if (!state?.channel || state.status !== 'resolved' || state.resolvedAt !== timer.resolvedAt)
    return 'no longer resolved';
  if (state.postmortem?.status === 'published') return 'published already';
  const owner = state.postmortem?.owner ?? (state.roles[COMMANDER] as string);
  const channel = state.channel.id;
  const review = state.postmortem?.reviewDate ? ` (review on ${state.postmortem.reviewDate})` : '';
  if (timer.kind === 'postmortem-soon') {
    const text = `<@${owner}> the ${severityLabel(state.severity)} postmortem for ${state.id} is due tomorrow${review}. \`/incident postmortem review\` once it is ready for review.`;
    await postOnce(ctx, state.id, `postmortem-soon.${timer.resolvedAt}`, { channel, text });
    return 'reminded ahead';
  }
  await once(ctx, state.id, `postmortem.${timer.resolvedAt}`, async () => {
    await uploadExport(ctx, {
      incidentId: state.id,
      format: 'md',
      channel,
      user: owner,
      comment: `<@${owner}> the ${severityLabel(state.severity)} postmortem for ${state.id} is due today${review}. Here is the timeline to start from.`,
    });
  });
  return 'reminded';
}
