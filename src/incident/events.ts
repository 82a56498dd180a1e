/**
 * @module incident/events
 * Everything that can happen to an incident, as immutable, versioned events (zod schemas). An event in
 * the log carries two clocks: `at`, when the responder acted (Slack's own timestamps), and
 * `recordedAt`, when Redis appended it (Redis TIME). Both are UTC epoch milliseconds.
 */
import { z } from 'zod';
import { flatUnion } from './flat-union.js';
import { SEVERITIES } from './severity.js';
import { STATUSES } from './status.js';

const severity = z.enum(SEVERITIES);
const status = z.enum(STATUSES);
const text = z.string().max(4000);
const userId = z.string().regex(/^[UWB][A-Z0-9]+$/);
const channelId = z.string().regex(/^[CGD][A-Z0-9]+$/);
const messageTs = z.string().regex(/^\d+\.\d+$/);
const roleName = z.string().regex(/^[a-z][a-z0-9_-]{0,19}$/);

/** A deploy as an incident records it: enough to show, link and roll back to, without the deploy store. */
export const deploySnapshot = z
  .object({
    deployId: z.string().min(1).max(300),
    service: z.string().min(1).max(63),
    environment: z.string().min(1).max(255),
    version: z.string().min(1).max(100),
    commit: z.string().max(64).optional(),
    url: z.string().max(2000).optional(),
    author: z.string().max(255).optional(),
    /** When it went live (or reached the state it is in), epoch ms. */
    at: z.number().int(),
    source: z.enum(['github', 'argocd', 'webhook', 'cli']),
  })
  .strict();
export type DeploySnapshot = z.infer<typeof deploySnapshot>;

const rollbackId = z.string().regex(/^rb-[a-z0-9-]{1,60}$/);
const publishId = z.string().regex(/^sp-[a-z0-9-]{1,60}$/);
/** Statuspage's realtime incident statuses. */
export const STATUS_PAGE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
const statusPageStatus = z.enum(STATUS_PAGE_STATUSES);
/** Statuspage's component statuses. */
export const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const;
const componentStatus = z.enum(COMPONENT_STATUSES);
const driverKind = z.enum(['github_workflow', 'argocd', 'webhook']);
const pageId = z.string().regex(/^pg-[a-z0-9-]{1,60}$/);
const followUpId = z.string().regex(/^fu-[a-z0-9-]{1,60}$/);
const githubRepo = z.string().regex(/^[\w.-]+\/[\w.-]+$/);
/** A PagerDuty object id (PABC123). */
const pdId = z.string().regex(/^[A-Z0-9]{2,32}$/);
const pdPerson = z.object({ name: z.string().max(255).optional(), user: userId.optional() }).strict();

/** Who acted: a Slack user id, or `warroom` for what the bot did on its own. */
export const SYSTEM_ACTOR = 'warroom';
const actor = z.union([userId, z.literal(SYSTEM_ACTOR)]);

function event<T extends string, D extends z.ZodRawShape>(type: T, data: D) {
  return z.object({ type: z.literal(type), v: z.literal(1), data: z.object(data).strict() });
}

export const eventBodies = [
  event('IncidentDeclared', {
    title: z.string().min(1).max(150),
    severity,
    summary: text.optional(),
    service: z.string().max(150).optional(),
    private: z.boolean(),
    /** The channel the incident was declared from (for the confirmation message). */
    declaredIn: z.string().optional(),
    /** The protocol (templates/protocols/<name>.yaml) the incident runs. */
    protocol: z.string().optional(),
    /** Declared by warroom from this PagerDuty incident (auto_declare); nobody has command until one accepts. */
    pagerduty: z
      .object({
        incidentId: pdId,
        number: z.number().int().positive().optional(),
        url: z.string().max(2000).optional(),
        /** Who PagerDuty assigned it to: offered command once found in Slack. */
        assignee: z
          .object({ id: pdId, name: z.string().max(255).optional() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  }),
  event('ChannelCreated', { channelId, name: z.string().max(80) }),
  event('BoardPosted', { ts: messageTs }),
  event('AnnouncementPosted', { channelId, ts: messageTs }),
  event('StatusChanged', { from: status, to: status, step: z.string().optional() }),
  event('SeverityChanged', { from: severity, to: severity }),
  event('UpdatePosted', {
    text: text.min(1),
    /** Who it was written for: the team (internal, the default) or customers (a status-page or customer draft). */
    audience: z.enum(['internal', 'customers']).optional(),
    /** When the next update is promised (epoch ms): the cadence counts to it. */
    nextUpdateBy: z.number().int().optional(),
    /** The message draft it was written from (templates/messages/<name>.md). */
    draft: z.string().max(60).optional(),
  }),
  event('NoteAdded', { text: text.min(1) }),
  event('IncidentResolved', {
    summary: text.min(1),
    /** Who owns the postmortem, and the day of its review (YYYY-MM-DD in WARROOM_TIMEZONE), from the resolve form. */
    postmortem: z
      .object({
        owner: userId,
        reviewDate: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
      })
      .strict()
      .optional(),
  }),
  /** `/incident postmortem <status>`: where the write-up stands. */
  event('PostmortemStatusChanged', { status: z.enum(['draft', 'in_review', 'published']) }),
  event('IncidentReopened', { reason: text.min(1) }),
  event('MessagePinned', {
    channelId,
    ts: messageTs,
    author: z.string(),
    text,
    via: z.enum(['pin', 'reaction']),
  }),
  event('PinnedMessageEdited', { ts: messageTs, text }),
  event('MessageUnpinned', { ts: messageTs, via: z.enum(['pin', 'reaction', 'deleted']) }),
  event('EffectFailed', { effect: z.string(), error: z.string(), detail: z.string().optional() }),
  event('RoleAssigned', { role: roleName, user: userId, previous: userId.optional() }),
  event('RoleUnassigned', { role: roleName, previous: userId }),
  event('HandoffOffered', {
    offerId: z.string(),
    role: roleName,
    from: userId.optional(),
    to: userId,
    expiresAt: z.number().int(),
  }),
  event('HandoffAccepted', { offerId: z.string(), role: roleName, from: userId.optional(), to: userId }),
  event('HandoffDeclined', { offerId: z.string(), role: roleName, to: userId, reason: text.optional() }),
  event('HandoffExpired', { offerId: z.string(), role: roleName, to: userId }),
  event('HandoffWithdrawn', { offerId: z.string(), role: roleName, to: userId }),
  event('StepCompleted', {
    step: z.string(),
    phase: z.string(),
    title: z.string(),
    inputs: z.record(z.string(), z.string().max(2000)).optional(),
  }),
  event('StepSkipped', { step: z.string(), phase: z.string(), title: z.string(), reason: text.min(1) }),
  event('StepBlocked', { step: z.string(), phase: z.string(), title: z.string(), reason: text.min(1) }),
  event('UpdatesSnoozed', { until: z.number().int() }),
  event('ProtocolReposted', {}),
  /** Impact began before the declare: backdated with `/incident started <time>`. */
  event('ImpactStarted', {
    startedAt: z.number().int(),
    /** What showed it, when warroom offered it: "checkout error rate 4.1% from 03:06 (healthy < 1%)". */
    evidence: z.string().max(500).optional(),
  }),
  /** The service the incident is about, named or changed after the declare (`/incident service`). */
  event('ServiceChanged', { from: z.string().max(150).optional(), to: z.string().min(1).max(150) }),
  /** The key metric's baseline: the median over the hour before the impact start. */
  event('MetricBaselineRecorded', {
    service: z.string().min(1).max(63),
    label: z.string().max(100),
    unit: z.string().max(16).optional(),
    value: z.number(),
    from: z.number().int(),
    to: z.number().int(),
  }),
  /**
   * The key metric has been healthy for its settle time: recovery, from `at` (the event's time) = the
   * first healthy minute, not the moment anyone noticed.
   */
  event('RecoveryObserved', {
    service: z.string().min(1).max(63),
    label: z.string().max(100),
    unit: z.string().max(16).optional(),
    value: z.number(),
    baseline: z.number().optional(),
    graph: z.string().max(2000).optional(),
  }),
  event('FollowUpAdded', {
    text: text.min(1),
    owner: userId.optional(),
    /** Absent on follow-ups recorded before ids existed: `fu-<seq>` stands for them. */
    followUpId: followUpId.optional(),
    /** The day it is due, as the start of that day in WARROOM_TIMEZONE (epoch ms). */
    due: z.number().int().optional(),
    priority: z.enum(['p1', 'p2', 'p3']).optional(),
  }),
  /** Someone clicked [File as GitHub issue]: a job files it, once. */
  event('FollowUpFilingRequested', { followUpId, repo: githubRepo }),
  event('FollowUpFiled', {
    followUpId,
    repo: githubRepo,
    number: z.number().int().positive(),
    url: z.string().max(2000),
  }),
  event('FollowUpFilingFailed', { followUpId, error: text.min(1) }),
  /** Its GitHub issue was closed (the issues webhook): the follow-up is done. */
  event('FollowUpDone', { followUpId, by: z.string().max(100).optional(), reason: z.string().max(40).optional() }),
  /** Every export link given out so far stops working (`/incident links revoke`); new ones are made. */
  event('ExportLinksRevoked', {}),
  /**
   * Someone reacted with 📌 to a message in the channel: recorded at once, and a job then looks the
   * message up (its author and text) and pins it to the timeline.
   */
  event('PinRequested', { channelId, ts: messageTs, via: z.literal('reaction') }),
  /** The deploys before the impact were listed in the channel (`window` ms before the impact start). */
  event('ChangesListed', { window: z.number().int().positive(), count: z.number().int().min(0) }),
  /** A deploy was named the likely cause ([Suspect]); `target` is what was live before it, when known. */
  event('SuspectNamed', { deploy: deploySnapshot, target: deploySnapshot.optional() }),
  /** A person confirmed a rollback: what runs, and to which version. Nothing ran before this. */
  event('RollbackRequested', {
    rollbackId,
    service: z.string().min(1).max(63),
    environment: z.string().min(1).max(255),
    /** What was live when it was confirmed. */
    current: z.string().max(100).optional(),
    target: z.object({ version: z.string().min(1).max(100), deployId: z.string().max(300).optional() }).strict(),
    driver: driverKind,
    /** What will run, in words ("workflow rollback.yml on main of acme/payments-api, version=…"). */
    plan: z.string().min(1).max(1000),
    /** Versions that landed after the suspect, which the person confirmed rolling back too. */
    alsoRollsBack: z.array(z.string().max(100)).max(50).optional(),
  }),
  /** The rollback was started in the deploy system; `remote` is its id there (run id, operation, request). */
  event('RollbackDispatched', {
    rollbackId,
    remote: z.string().max(500).optional(),
    url: z.string().max(2000).optional(),
  }),
  event('RollbackFailed', { rollbackId, system: z.string().max(40), error: text.min(1) }),
  /** The target version was reported live: the rollback is deployed. */
  event('RollbackDeployed', { rollbackId, deploy: deploySnapshot }),
  /** Comms asked for the status page to say this: the person's decision; a job publishes it, once. */
  event('StatusPagePublishRequested', {
    publishId,
    /** The incident's name on the page, for the first publish (it opens the Statuspage incident). */
    name: z.string().min(1).max(255).optional(),
    status: statusPageStatus,
    /** Statuspage component id → the status it is set to. */
    components: z.record(z.string().max(100), componentStatus),
    body: text.min(1),
    notify: z.boolean(),
  }),
  /** Statuspage has it: the incident there (created the first time, a new update after) and its link. */
  event('StatusPagePublished', {
    publishId,
    statuspageIncidentId: z.string().min(1).max(100),
    url: z.string().max(2000).optional(),
    status: statusPageStatus,
    components: z.record(z.string().max(100), componentStatus),
    body: text.min(1),
  }),
  event('StatusPagePublishFailed', { publishId, error: text.min(1) }),
  /** A deploy went live (or failed) while the incident was open; `frozen`: the deploy freeze held then. */
  event('DeployLanded', {
    deploy: deploySnapshot,
    state: z.enum(['queued', 'pending', 'in_progress', 'success', 'failure', 'error', 'inactive']),
    frozen: z.boolean(),
    /** The rollback this deploy is, when it is warroom's. */
    rollbackId: rollbackId.optional(),
  }),
  /** A responder paged a service's on-call through PagerDuty: their decision; a job sends it, once. */
  event('PageRequested', {
    pageId,
    service: z.string().min(1).max(63),
    reason: text.optional(),
    /** The Events API dedup key: one PagerDuty incident however often it is sent. */
    dedupKey: z.string().min(1).max(255),
  }),
  /** PagerDuty took the page (Events API 202). */
  event('PageSent', { pageId, dedupKey: z.string().min(1).max(255) }),
  event('PageFailed', { pageId, error: text.min(1) }),
  /** PagerDuty says someone acknowledged (or resolved) the paged incident: from its signed webhook. */
  event('PageAcknowledged', {
    pageId: pageId.optional(),
    pagerdutyIncidentId: pdId.optional(),
    by: pdPerson,
    url: z.string().max(2000).optional(),
  }),
  event('PageResolved', {
    pageId: pageId.optional(),
    pagerdutyIncidentId: pdId.optional(),
    by: pdPerson,
    url: z.string().max(2000).optional(),
  }),
  /** Someone brought into the channel without a role: a subject-matter expert, or the on-call. */
  event('PersonInvited', { user: userId, reason: text.optional() }),
  /** Who PagerDuty said is on call for the incident's service (looked up at the declare). */
  event('OnCallSeen', {
    service: z.string().min(1).max(63),
    people: z
      .array(
        z
          .object({
            name: z.string().max(255),
            user: userId.optional(),
            level: z.number().int().min(1).max(20),
          })
          .strict(),
      )
      .max(20),
    error: text.optional(),
    /** The first level's people differ from the last lookup's: a shift changed. */
    changed: z.boolean().optional(),
  }),
] as const;

export const eventBodySchema = z.discriminatedUnion('type', eventBodies);
export type EventBody = z.infer<typeof eventBodySchema>;
export type EventType = EventBody['type'];
export type EventOf<T extends EventType> = Extract<EventBody, { type: T }>;

/** An event a decision produced, before the log gives it a position and Redis's time. */
export type NewEvent = EventBody & { actor: string; at: number };

/** A moment warroom can record: from 2000 to 2100 (anything else is a broken clock or a forged payload). */
const moment = z.number().int().min(946_684_800_000).max(4_102_444_800_000);

const envelope = z.object({
  incidentId: z.string(),
  seq: z.number().int().positive(),
  /** The idempotency key of the request that produced it (`#n` appended for the n-th of several). */
  key: z.string(),
  actor,
  at: moment,
  recordedAt: z.number().int(),
});

export const recordedEventSchema = z.intersection(envelope, eventBodySchema);

/** What a new event must be before it may be appended: nothing the log would refuse to read back. */
export const newEventSchema = z.intersection(z.object({ actor, at: moment }), eventBodySchema);

/** newEventSchema's checks, laid out as one flat union (checked on every append). */
const newEventCheck = flatUnion<NewEvent>(newEventSchema);

/** Why a new event could not be recorded, in words a responder can act on; undefined when it is fine. */
export function newEventProblem(event: NewEvent): string | undefined {
  const result = newEventCheck.safeParse(event);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  if (!issue) return 'it is not something warroom can record';
  const field = String(issue.path.filter((p) => p !== 'data').join('.') || 'it');
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `${field} is longer than ${issue.maximum} characters; shorten it`;
  if (issue.code === 'too_small' && issue.origin === 'string') return `${field} is empty`;
  return `${field} is not valid (${issue.message})`;
}
export type RecordedEvent = z.infer<typeof envelope> & EventBody;

/** Shorthand for building a new event in `decide`. */
export function newEvent<T extends EventType>(
  type: T,
  data: EventOf<T>['data'],
  meta: { actor: string; at: number },
): NewEvent {
  return { type, v: 1, data, ...meta } as NewEvent;
}

/**
 * Events that only add to the timeline: nothing anyone sees live in Slack changes because of them,
 * so no effects are dispatched for them.
 */
export const QUIET_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'NoteAdded',
  'MessagePinned',
  'PinnedMessageEdited',
  'MessageUnpinned',
  'EffectFailed',
  'FollowUpAdded',
]);

/** Whether an event only adds to the timeline (a follow-up with a due day arms its reminder, so is not). */
export function isQuiet(event: Pick<NewEvent, 'type' | 'data'>): boolean {
  if (event.type === 'FollowUpAdded') return (event.data as { due?: number }).due === undefined;
  return QUIET_EVENTS.has(event.type);
}

export { followUpIdFor, pageIdFor, publishIdFor, rollbackIdFor } from './event-ids.js';
