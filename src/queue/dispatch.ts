/**
 * @module queue/dispatch
 * The `drain` job: carries out an incident's recorded effects in log order. Payload: { incidentId }.
 * It follows the effect chain from the applied cursor: for each event, its posts (each once), its
 * refreshes, then the cursor moves on (compare-and-set). Safe to run twice or to die half-way: the
 * cursor says what is done, and each post is guarded by `once`. At most one drain per incident runs
 * at a time (BullMQ deduplication, and a Redis lock for when BullMQ hands a lapsed job to a second
 * worker), so effects on one channel land in log order and are not done twice side by side.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { serviceOfIncident } from '../catalog/lookup.js';
import type { RecordedEvent } from '../incident/events.js';
import type { IncidentState } from '../incident/state.js';
import { impactOrServicePost } from '../slack/blocks/metric.js';
import { announcementThreadPost, channelPost } from '../slack/blocks/posts.js';
import { FreezeStore } from '../store/freeze-store.js';
import { renewExportBookmark } from './bookmark.js';
import { postChangesCard } from './changes-card.js';
import type { EffectContext } from './context.js';
import { acquireDrainLock, type DrainLock } from './drain-lock.js';
import { armFollowUpReminder } from './followup-reminders.js';
import { changeFreeze } from './freeze-effects.js';
import { postRecovery } from './metric-effects.js';
import { armMetricPoll, keyMetricOf } from './metric-poll.js';
import type { DrainJob } from './names.js';
import { pinRequestedMessage } from './pin-lookup.js';
import { postOnce } from './post.js';
import { applyProtocolEffects } from './protocol-effects.js';
import { createChannel, pinBoard, setUpChannel } from './provision.js';
import { followUpRefresh, refreshProjections, type SurfaceGroup } from './refresh.js';
import { postmortemDueAt } from './reminders.js';
import { applyRoleEffects, invite, scheduleDeclareTimers } from './role-effects.js';
import { applyRollbackEffects, postLandedDeploy } from './rollback-effects.js';
import { cancelAllTimers, scheduleTimer } from './timers.js';

/** Events that change a workspace-wide index (open incidents, channel → incident). */
const INDEXED: ReadonlySet<RecordedEvent['type']> = new Set([
  'IncidentDeclared',
  'IncidentReopened',
  'IncidentResolved',
  'ChannelCreated',
]);

/** What each event changes among the board, announcement, topic and checklist messages. */
const CHANGES: Partial<Record<RecordedEvent['type'], readonly SurfaceGroup[]>> = {
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
  SuspectNamed: ['board', 'protocol'],
  RollbackRequested: ['board', 'protocol'],
  RollbackDispatched: ['protocol'],
  RollbackFailed: ['board', 'protocol'],
  RollbackDeployed: ['board', 'protocol'],
  StatusPagePublished: ['board', 'protocol'],
  StatusPagePublishFailed: ['board'],
  ImpactStarted: ['board'],
  ServiceChanged: ['board'],
  MetricBaselineRecorded: ['board'],
  RecoveryObserved: ['board'],
  PageRequested: ['board'],
  PageSent: ['board'],
  PageFailed: ['board'],
  PageAcknowledged: ['board'],
  PageResolved: ['board'],
  OnCallSeen: ['board'],
  PostmortemStatusChanged: ['board'],
};

async function postEffects(ctx: EffectContext, event: RecordedEvent, state: IncidentState): Promise<void> {
  const channel = state.channel;
  const inChannel = channelPost(event, state, ctx.templates.catalog);
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

/** Pages PagerDuty took that nobody resolved yet. */
function hasOpenPages(state: IncidentState): boolean {
  return Object.values(state.paging.pages).some((p) => p.sentAt !== undefined && p.resolvedAt === undefined);
}

/** Asks who is on call for the incident's service, when PagerDuty knows it and warroom may ask. */
async function lookUpOnCall(ctx: EffectContext, state: IncidentState, at: number, offerCommandTo?: string) {
  const catalog = ctx.templates.catalog;
  const name = serviceOfIncident(catalog, state);
  const service = name && Object.hasOwn(catalog.services, name) ? catalog.services[name] : undefined;
  if (!service?.pagerduty || !ctx.config.pagerduty.token) return;
  await ctx.effects.lookUpOnCall({
    incidentId: state.id,
    service: service.name,
    at,
    ...(offerCommandTo ? { offerCommandTo } : {}),
  });
}

/** The effects of one event, given the incident's current state. */
export async function applyEffects(ctx: EffectContext, event: RecordedEvent, state: IncidentState): Promise<void> {
  // The indexes were written after the append; a crash in between would have lost them: write again.
  if (INDEXED.has(event.type)) await ctx.store.indexEvents(state.id, [event]);
  switch (event.type) {
    case 'IncidentDeclared':
      // The freeze holds from the declare, before Slack is asked for anything.
      await changeFreeze(ctx, state, event.seq);
      await createChannel(ctx, state);
      await scheduleDeclareTimers(ctx, state);
      if (keyMetricOf(ctx, state)) await armMetricPoll(ctx, state.id);
      await lookUpOnCall(ctx, state, event.at, event.data.pagerduty?.assignee?.id);
      break;
    case 'IncidentReopened':
      if (keyMetricOf(ctx, state)) await armMetricPoll(ctx, state.id);
      // The on-call is read again (its checks stopped at the resolve).
      await lookUpOnCall(ctx, state, event.at);
      if (!(await applyRoleEffects(ctx, event, state))) await postEffects(ctx, event, state);
      break;
    case 'ServiceChanged':
    case 'ImpactStarted':
      if (keyMetricOf(ctx, state)) await armMetricPoll(ctx, state.id);
      if (event.type === 'ServiceChanged') await lookUpOnCall(ctx, state, event.at);
      if (state.channel) {
        const post = impactOrServicePost(event, state, ctx.config.timeZone);
        await postOnce(ctx, state.id, `post.${event.seq}`, { channel: state.channel.id, ...post });
      }
      break;
    case 'RecoveryObserved':
      await postRecovery(ctx, state, event.seq);
      break;
    case 'ChannelCreated':
      await setUpChannel(ctx, state);
      break;
    case 'BoardPosted':
      await pinBoard(ctx, state);
      break;
    case 'ExportLinksRevoked':
      await renewExportBookmark(ctx, state, event.seq);
      await postEffects(ctx, event, state);
      break;
    case 'PinRequested':
      await pinRequestedMessage(ctx, event, state);
      break;
    case 'ChangesListed':
      await postChangesCard(ctx, state, event);
      break;
    case 'RollbackRequested':
    case 'RollbackFailed':
    case 'RollbackDeployed':
      await applyRollbackEffects(ctx, event, state);
      await postEffects(ctx, event, state);
      break;
    case 'DeployLanded':
      await postLandedDeploy(ctx, event, state);
      break;
    case 'FollowUpAdded':
      // (Quiet on the timeline, but a due day arms its overdue reminder.)
      if (event.data.due !== undefined && event.data.followUpId)
        await armFollowUpReminder(ctx, state, event.data.followUpId);
      break;
    case 'FollowUpFilingRequested':
      await ctx.effects.fileFollowUp({ incidentId: state.id, followUpId: event.data.followUpId }, event.at);
      break;
    case 'PageRequested':
      await ctx.effects.page({ incidentId: state.id, pageId: event.data.pageId });
      break;
    case 'PersonInvited':
      await invite(ctx, state, `invite.${event.seq}`, event.data.user);
      await postEffects(ctx, event, state);
      break;
    case 'StatusPagePublishRequested':
      await ctx.effects.publishStatusPage({ incidentId: state.id, publishId: event.data.publishId });
      break;
    case 'IncidentResolved': {
      await cancelAllTimers(ctx, state.id);
      await new FreezeStore(ctx.redis, ctx.config.keyPrefix).clearRolledBack(state.id);
      await renewExportBookmark(ctx, state, event.seq);
      await postEffects(ctx, event, state);
      if (hasOpenPages(state)) await ctx.effects.resolvePages({ incidentId: state.id }, event.at);
      const due = postmortemDueAt(ctx, state);
      if (due !== undefined && state.resolvedAt !== undefined) {
        await scheduleTimer(
          ctx,
          { incidentId: state.id, kind: 'postmortem-due', resolvedAt: state.resolvedAt, due },
          due,
        );
        // And the day before, when the review is more than a day away.
        const soon = due - 24 * 3_600_000;
        if (soon > event.at) {
          await scheduleTimer(
            ctx,
            { incidentId: state.id, kind: 'postmortem-soon', resolvedAt: state.resolvedAt, due: soon },
            soon,
          );
        }
      }
      break;
    }
    default:
      if (!(await applyRoleEffects(ctx, event, state))) await postEffects(ctx, event, state);
  }
  await applyProtocolEffects(ctx, event, state);
}

/** How many events one drain applies before it makes way for other incidents (it runs again after). */
const DRAIN_BATCH = 100;

/**
 * How long a drain waits for the incident's lock when a refresh or another drain holds it: what a responder clicked
 * is applied as soon as the holder is done, not a queue round trip later.
 */
const LOCK_WAIT_MS = 1000;
/** How long a drain that found the lock held all that time waits, out of its worker slot, before it looks again. */
const BUSY_RETRY_MS = 250;

export async function processDrain(ctx: EffectContext, job: Job<DrainJob>): Promise<string> {
  const { incidentId } = job.data;
  const lock = await acquireDrainLock(ctx.redis, ctx.store.keys.drainLock(incidentId), LOCK_WAIT_MS);
  if (!lock) {
    // Another drain is at work on this incident; look again shortly so nothing it missed waits.
    await ctx.effects.drain(incidentId, BUSY_RETRY_MS);
    return 'another drain is running';
  }
  try {
    return await drainLocked(ctx, incidentId, lock);
  } finally {
    await lock.release();
  }
}

async function drainLocked(ctx: EffectContext, incidentId: string, lock: DrainLock): Promise<string> {
  let applied = 0;
  let refreshed = { length: -1, groups: new Set<SurfaceGroup>() };
  for (; applied < DRAIN_BATCH; applied += 1) {
    if (!(await lock.held())) throw new Error(`lost the drain lock of ${incidentId}; another drain takes over`);
    const after = await ctx.store.appliedCursor(incidentId);
    const seq = await ctx.store.nextEffectful(incidentId, after);
    if (seq === undefined) return `applied ${applied}`;
    const [event] = await ctx.store.readEvents(incidentId, seq, seq);
    if (!event) throw new UnrecoverableError(`no event ${incidentId}#${seq} in the log`);
    const { state, length } = await ctx.store.load(incidentId);
    if (!state) throw new UnrecoverableError(`${incidentId} has no state`);
    // The projections first (the board is what responders watch), then the event's own posts. They show
    // the log as it is now, so what one refresh covered is current for every event up to `length`.
    if (refreshed.length !== length) refreshed = { length, groups: new Set() };
    const groups = new Set((CHANGES[event.type] ?? []).filter((g) => !refreshed.groups.has(g)));
    if (groups.size > 0) {
      await followUpRefresh(ctx, incidentId, await refreshProjections(ctx, state, groups));
      for (const group of groups) refreshed.groups.add(group);
    }
    await applyEffects(ctx, event, state);
    await ctx.store.advanceCursor({ incidentId, seq, after });
  }
  await ctx.effects.drain(incidentId);
  return `applied ${applied}, more to come`;
}
