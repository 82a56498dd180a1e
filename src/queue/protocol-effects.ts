/**
 * @module queue/protocol-effects
 * The protocol in Slack: one message per phase (posted with the channel, edited in place, re-posted on
 * request), the step timers and update reminders (delayed jobs, rescheduled as the incident moves),
 * and the deploy freeze kept in step with severity and status.
 */

import type { RecordedEvent } from '../incident/events.js';
import { protocolNamed } from '../incident/rules.js';
import type { IncidentState } from '../incident/state.js';
import type { Protocol } from '../protocol/definition.js';
import { numberedSteps } from '../protocol/definition.js';
import { isClosed, nextUpdateDue, stepDueAt } from '../protocol/progress.js';
import { renderPhase } from '../slack/blocks/protocol.js';
import type { EffectContext } from './context.js';
import { syncDeployFreeze } from './freeze-effects.js';
import { postOnce } from './post.js';
import { noteRendered } from './rendered.js';
import { scheduleTimer } from './timers.js';

export interface PhaseRef {
  channel: string;
  ts: string;
}

export function protocolOf(ctx: EffectContext, state: IncidentState): Protocol | undefined {
  return protocolNamed(ctx.templates, state.protocol);
}

/** Where each phase message is (the latest posting), by phase id. */
export async function phaseRefs(ctx: EffectContext, incidentId: string): Promise<Record<string, PhaseRef>> {
  const raw = await ctx.redis.hget(ctx.store.keys.effectResults(incidentId), 'phase-refs');
  return raw ? (JSON.parse(raw) as Record<string, PhaseRef>) : {};
}

/** Posts every phase message (once per `key`), and points later edits at the new messages. */
export async function postPhases(ctx: EffectContext, state: IncidentState, key: string): Promise<void> {
  const protocol = protocolOf(ctx, state);
  const channel = state.channel?.id;
  if (!protocol || !channel) return;
  const refs: Record<string, PhaseRef> = {};
  for (const [index, phase] of protocol.phases.entries()) {
    const message = renderPhase(state, protocol, index, ctx.templates, Date.now(), ctx.config.timeZone);
    const ts = await postOnce(ctx, state.id, `${key}.${phase.id}`, {
      channel,
      text: message.text,
      blocks: message.blocks,
    });
    if (typeof ts === 'string') {
      refs[phase.id] = { channel, ts };
      await noteRendered(ctx, state.id, `phase.${phase.id}.${ts}`, message);
    }
  }
  await ctx.redis.hset(ctx.store.keys.effectResults(state.id), 'phase-refs', JSON.stringify(refs));
}

/** Each phase message as the current state would show it, with where it is. */
export async function renderPhases(
  ctx: EffectContext,
  state: IncidentState,
  now: number,
): Promise<{ target: string; ref: PhaseRef; message: ReturnType<typeof renderPhase> }[]> {
  const protocol = protocolOf(ctx, state);
  if (!protocol) return [];
  const refs = await phaseRefs(ctx, state.id);
  return protocol.phases.flatMap((phase, index) => {
    const ref = refs[phase.id];
    if (!ref) return [];
    const message = renderPhase(state, protocol, index, ctx.templates, now, ctx.config.timeZone);
    return [{ target: `phase.${phase.id}.${ref.ts}`, ref, message }];
  });
}

/** Schedules the timers the incident needs now: each open step's target, and the next update. */
export async function scheduleProtocolTimers(ctx: EffectContext, state: IncidentState): Promise<void> {
  if (state.status === 'resolved') return;
  const protocol = protocolOf(ctx, state);
  if (!protocol) return;
  for (const numbered of numberedSteps(protocol)) {
    if (isClosed(state.steps[numbered.step.id])) continue;
    const due = stepDueAt(state, protocol, numbered);
    if (due === undefined) continue;
    await scheduleTimer(ctx, { incidentId: state.id, kind: 'step-late', step: numbered.step.id, due }, due);
  }
  const due = nextUpdateDue(state, protocol);
  if (due !== undefined) await scheduleTimer(ctx, { incidentId: state.id, kind: 'update-due', due }, due);
}

/** Protocol effects of an event that are not posts: re-posting, timers, freeze. */
export async function applyProtocolEffects(
  ctx: EffectContext,
  event: RecordedEvent,
  state: IncidentState,
): Promise<void> {
  switch (event.type) {
    case 'ProtocolReposted':
      await postPhases(ctx, state, `repost.${event.seq}`);
      break;
    case 'StepCompleted':
    case 'StepSkipped':
    case 'StepBlocked':
    case 'UpdatePosted':
    case 'UpdatesSnoozed':
      await scheduleProtocolTimers(ctx, state);
      break;
    case 'SeverityChanged':
    case 'IncidentReopened':
      await scheduleProtocolTimers(ctx, state);
      await syncDeployFreeze(ctx, state, event.seq);
      break;
    case 'IncidentResolved':
      await syncDeployFreeze(ctx, state, event.seq);
      break;
    default:
      break;
  }
}
