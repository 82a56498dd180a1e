/**
 * @module queue/dispatch
 * The `dispatch` job: carries out one recorded event's effects, in log order per incident.
 * Payload: { incidentId, seq }. Outcome: the event's posts made once each, refreshes requested, the
 * incident's applied cursor moved to seq. Safe to run twice: a cursor at or past seq means done, and
 * each post is guarded by `once`. An event whose predecessor is not applied yet waits (delayed job).
 */
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { RecordedEvent } from '../incident/events.js';
import type { IncidentState } from '../incident/state.js';
import { announcementThreadPost, channelPost } from '../slack/blocks/posts.js';
import type { EffectContext } from './context.js';
import { type DispatchJob, dispatchJobId, type RefreshTarget } from './names.js';
import { postOnce } from './post.js';
import { applyProtocolEffects } from './protocol-effects.js';
import { createChannel, pinBoard, setUpChannel } from './provision.js';
import { postmortemDueAt } from './reminders.js';
import { applyRoleEffects, scheduleDeclareTimers } from './role-effects.js';
import { cancelAllTimers, scheduleTimer } from './timers.js';

/** How long an event waits before looking again for its predecessor (it is also woken early). */
const WAIT_FOR_PREDECESSOR_MS = 250;

const REFRESHES: Partial<Record<RecordedEvent['type'], RefreshTarget[]>> = {
  StatusChanged: ['board', 'announcement', 'topic'],
  SeverityChanged: ['board', 'announcement', 'topic', 'protocol'],
  IncidentResolved: ['board', 'announcement', 'topic', 'protocol'],
  IncidentReopened: ['board', 'announcement', 'topic', 'protocol'],
  UpdatePosted: ['board'],
  UpdatesSnoozed: ['board'],
  StepCompleted: ['board', 'protocol'],
  StepSkipped: ['board', 'protocol'],
  StepBlocked: ['board', 'protocol'],
  RoleAssigned: ['board', 'protocol'],
  RoleUnassigned: ['board', 'protocol'],
  HandoffOffered: ['board'],
  HandoffAccepted: ['board', 'protocol'],
  HandoffDeclined: ['board'],
  HandoffExpired: ['board'],
  HandoffWithdrawn: ['board'],
  AnnouncementPosted: ['announcement'],
};

async function postEffects(ctx: EffectContext, event: RecordedEvent, state: IncidentState): Promise<void> {
  const channel = state.channel;
  const inChannel = channelPost(event, state);
  if (channel && inChannel) {
    await postOnce(ctx, state.id, `post.${event.seq}`, {
      channel: channel.id,
      text: inChannel.text,
      blocks: inChannel.blocks,
    });
  }
  const announcement = state.announcement;
  const inThread = announcementThreadPost(event, state);
  if (announcement && inThread) {
    await postOnce(ctx, state.id, `thread.${event.seq}`, {
      channel: announcement.channelId,
      thread_ts: announcement.ts,
      text: inThread.text,
      blocks: inThread.blocks,
    });
  }
}

/** The effects of one event, given the incident's current state. */
export async function applyEffects(ctx: EffectContext, event: RecordedEvent, state: IncidentState): Promise<void> {
  switch (event.type) {
    case 'IncidentDeclared':
      await createChannel(ctx, state);
      await scheduleDeclareTimers(ctx, state);
      break;
    case 'ChannelCreated':
      await setUpChannel(ctx, state);
      break;
    case 'BoardPosted':
      await pinBoard(ctx, state);
      break;
    case 'IncidentResolved': {
      await cancelAllTimers(ctx, state.id);
      await postEffects(ctx, event, state);
      const due = postmortemDueAt(ctx, state);
      if (due !== undefined && state.resolvedAt !== undefined) {
        await scheduleTimer(
          ctx,
          { incidentId: state.id, kind: 'postmortem-due', resolvedAt: state.resolvedAt, due },
          due,
        );
      }
      break;
    }
    default:
      if (!(await applyRoleEffects(ctx, event, state))) await postEffects(ctx, event, state);
  }
  await applyProtocolEffects(ctx, event, state);
  const targets = REFRESHES[event.type];
  if (targets) await ctx.effects.refresh(state.id, targets);
}

export async function processDispatch(ctx: EffectContext, job: Job<DispatchJob>, token?: string): Promise<string> {
  const dispatch = job.data;
  const { incidentId, seq, after } = dispatch;
  const cursor = await ctx.store.appliedCursor(incidentId);
  if (cursor >= seq) {
    await ctx.store.advanceCursor(dispatch);
    return 'already applied';
  }
  if (cursor !== after) {
    // The effectful event before this one is not applied yet: look again soon (it also wakes us).
    await job.moveToDelayed(Date.now() + WAIT_FOR_PREDECESSOR_MS, token);
    throw new DelayedError();
  }
  const [event] = await ctx.store.readEvents(incidentId, seq, seq);
  if (!event) throw new UnrecoverableError(`no event ${incidentId}#${seq} in the log`);
  const { state } = await ctx.store.load(incidentId);
  if (!state) throw new UnrecoverableError(`${incidentId} has no state`);
  await applyEffects(ctx, event, state);
  await ctx.store.advanceCursor(dispatch);
  await wakeSuccessor(ctx, incidentId, seq);
  return 'applied';
}

/** The next effectful event's job may be waiting for this one: run it now rather than at its next look. */
async function wakeSuccessor(ctx: EffectContext, incidentId: string, seq: number): Promise<void> {
  const next = await ctx.store.nextEffectful(incidentId, seq);
  if (next === undefined) return;
  const job = await ctx.effects.queue.getJob(dispatchJobId(incidentId, next));
  if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
}
