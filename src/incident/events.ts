/**
 * @module incident/events
 * Everything that can happen to an incident, as immutable, versioned events (zod schemas). An event in
 * the log carries two clocks: `at`, when the responder acted (Slack's own timestamps), and
 * `recordedAt`, when Redis appended it (Redis TIME). Both are UTC epoch milliseconds.
 */
import { z } from 'zod';
import { SEVERITIES } from './severity.js';
import { STATUSES } from './status.js';

const severity = z.enum(SEVERITIES);
const status = z.enum(STATUSES);
const text = z.string().max(4000);
const userId = z.string().regex(/^[UWB][A-Z0-9]+$/);
const channelId = z.string().regex(/^[CGD][A-Z0-9]+$/);
const messageTs = z.string().regex(/^\d+\.\d+$/);
const roleName = z.string().regex(/^[a-z][a-z0-9_-]{0,19}$/);

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
  }),
  event('ChannelCreated', { channelId, name: z.string().max(80) }),
  event('BoardPosted', { ts: messageTs }),
  event('AnnouncementPosted', { channelId, ts: messageTs }),
  event('StatusChanged', { from: status, to: status, step: z.string().optional() }),
  event('SeverityChanged', { from: severity, to: severity }),
  event('UpdatePosted', { text: text.min(1) }),
  event('NoteAdded', { text: text.min(1) }),
  event('IncidentResolved', { summary: text.min(1) }),
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
  event('ImpactStarted', { startedAt: z.number().int() }),
  event('FollowUpAdded', { text: text.min(1), owner: userId.optional() }),
  /** Every export link given out so far stops working (`/incident links revoke`); new ones are made. */
  event('ExportLinksRevoked', {}),
  /**
   * Someone reacted with 📌 to a message in the channel: recorded at once, and a job then looks the
   * message up (its author and text) and pins it to the timeline.
   */
  event('PinRequested', { channelId, ts: messageTs, via: z.literal('reaction') }),
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

/** Why a new event could not be recorded, in words a responder can act on; undefined when it is fine. */
export function newEventProblem(event: NewEvent): string | undefined {
  const result = newEventSchema.safeParse(event);
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
  'ImpactStarted',
  'FollowUpAdded',
]);
