/**
 * @module hooks/pagerduty-payloads
 * What a PagerDuty v3 webhook (already verified, see hooks/pagerduty-signature) means to warroom. The
 * body is one envelope, `{"event": {id, event_type, resource_type, occurred_at, agent, client, data}}`
 * (../shared/contracts/pagerduty/docs/webhooks-01-Overview.md). Incident events whose `data` is the incident (`incident.triggered`,
 * `.acknowledged`, `.resolved`, `.reassigned`, `.escalated`, …) become `incident`; `incident.annotated`,
 * whose `data` is the note and names the incident only by reference, becomes `incident` with the note and
 * no status or service; `pagey.ping` (the subscription's test) is `ping`; anything else is `other`,
 * accepted and ignored. Pure. The idempotency key is the route's (`X-Webhook-Id`, the same on every retry).
 *
 * Lenient on fields warroom does not read (PagerDuty adds them), strict on the ones it does: a 400 makes
 * PagerDuty drop the webhook, and three drops in a row disable the subscription for 24 h.
 */
import { z } from 'zod';
import { problemText } from './problems.js';

export type PagerDutyIncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** An incident as a webhook shows it. `status` and `serviceId` are undefined only for `incident.annotated`. */
export interface PagerDutyIncident {
  id: string;
  number: number | undefined;
  title: string;
  status: PagerDutyIncidentStatus | undefined;
  urgency: 'high' | 'low' | undefined;
  htmlUrl: string | undefined;
  serviceId: string | undefined;
  serviceName: string | undefined;
  /** The Events API `dedup_key` (or the key PagerDuty generated); absent from older deliveries. */
  incidentKey: string | undefined;
  assignees: { id: string; name: string | undefined }[];
  /** The priority's name as PagerDuty shows it, e.g. `P1`; undefined when the incident has none. */
  priority: string | undefined;
}

export type PagerDutyWebhook =
  | {
      kind: 'incident';
      eventId: string;
      eventType:
        | 'incident.triggered'
        | 'incident.acknowledged'
        | 'incident.resolved'
        | 'incident.reassigned'
        | 'incident.escalated'
        | 'incident.annotated'
        | string;
      /** `event.occurred_at`, epoch ms. */
      occurredAt: number;
      /** The user who did it, when PagerDuty names one (a `user_reference` agent); undefined for a service or automation. */
      agent: { id: string; name: string | undefined } | undefined;
      incident: PagerDutyIncident;
      /** incident.annotated: the note's content. */
      note?: string;
    }
  | { kind: 'ping'; eventId: string }
  | { kind: 'other'; eventId: string; eventType: string };

export type PagerDutyParse = { ok: true; webhook: PagerDutyWebhook } | { ok: false; problem: string };

/** The event types whose `data` is the incident itself (`data.type` `incident`), per the overview's table. */
export const PAGERDUTY_INCIDENT_EVENTS: readonly string[] = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.unacknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.reassigned',
  'incident.delegated',
  'incident.escalated',
  'incident.priority_updated',
  'incident.service_updated',
  'incident.incident_type.changed',
];

const text = z.string().min(1, { error: 'expected a non-empty string' });
const optionalText = z.string().nullish();
const isoTime = z.string().refine((t) => Number.isFinite(Date.parse(t)), {
  error: 'expected an ISO 8601 time, e.g. 2025-04-07T03:47:13.414Z',
});
/** A resource reference, `{html_url, id, self, summary, type}`; only `id` is always there (ping's agent has no summary). */
const reference = z.looseObject({
  id: text,
  type: z.string().optional(),
  summary: optionalText,
  html_url: optionalText,
});

const head = z.looseObject({ event: z.looseObject({ id: text, event_type: text }) });

const envelope = <T extends z.ZodType>(data: T) =>
  z.looseObject({ event: z.looseObject({ occurred_at: isoTime, agent: reference.nullish(), data }) });

const incidentData = z.looseObject({
  id: text,
  number: z.number().int().nullish(),
  title: z.string(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  urgency: z.enum(['high', 'low']).nullish(),
  html_url: optionalText,
  service: reference,
  incident_key: optionalText,
  assignees: z.array(reference).nullish(),
  priority: reference.nullish(),
});

const incidentEnvelope = envelope(incidentData);
const noteEnvelope = envelope(z.looseObject({ incident: reference, content: z.string() }));

/** `data.type` of an event we do not list: an incident event PagerDuty added since is still read. */
const dataType = z.looseObject({ event: z.looseObject({ data: z.looseObject({ type: z.unknown() }) }) });

type Reference = z.infer<typeof reference>;

const person = (ref: Reference) => ({ id: ref.id, name: ref.summary ?? undefined });

function userAgent(agent: Reference | null | undefined) {
  return agent && agent.type === 'user_reference' ? person(agent) : undefined;
}

function parseIncident(body: unknown, eventId: string, eventType: string): PagerDutyParse {
  const parsed = incidentEnvelope.safeParse(body, { reportInput: true });
  if (!parsed.success) return { ok: false, problem: problemText(parsed.error.issues) };
  const { occurred_at, agent, data } = parsed.data.event;
  const incident: PagerDutyIncident = {
    id: data.id,
    number: data.number ?? undefined,
    title: data.title,
    status: data.status,
    urgency: data.urgency ?? undefined,
    htmlUrl: data.html_url ?? undefined,
    serviceId: data.service.id,
    serviceName: data.service.summary ?? undefined,
    incidentKey: data.incident_key ?? undefined,
    assignees: (data.assignees ?? []).map(person),
    priority: data.priority ? (data.priority.summary ?? data.priority.id) : undefined,
  };
  const occurredAt = Date.parse(occurred_at);
  return { ok: true, webhook: { kind: 'incident', eventId, eventType, occurredAt, agent: userAgent(agent), incident } };
}

function parseNote(body: unknown, eventId: string, eventType: string): PagerDutyParse {
  const parsed = noteEnvelope.safeParse(body, { reportInput: true });
  if (!parsed.success) return { ok: false, problem: problemText(parsed.error.issues) };
  const { occurred_at, agent, data } = parsed.data.event;
  const incident: PagerDutyIncident = {
    id: data.incident.id,
    number: undefined,
    title: data.incident.summary ?? '',
    status: undefined,
    urgency: undefined,
    htmlUrl: data.incident.html_url ?? undefined,
    serviceId: undefined,
    serviceName: undefined,
    incidentKey: undefined,
    assignees: [],
    priority: undefined,
  };
  const occurredAt = Date.parse(occurred_at);
  const note = data.content;
  return {
    ok: true,
    webhook: { kind: 'incident', eventId, eventType, occurredAt, agent: userAgent(agent), incident, note },
  };
}

/**
 * What a PagerDuty v3 webhook body says. Never throws: a body that is not JSON, or lacks a field warroom
 * reads, is `{ ok: false, problem }` with words for the 400 body, e.g.
 * `event.data.service.id: expected a string, but it is missing`.
 * @example
 * const parsed = parsePagerDutyWebhook(rawBody);
 * if (!parsed.ok) return reply(400, parsed.problem);
 * if (parsed.webhook.kind === 'incident') record(parsed.webhook, req.headers['x-webhook-id']);
 */
export function parsePagerDutyWebhook(rawBody: Buffer | string): PagerDutyParse {
  let body: unknown;
  try {
    body = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    return { ok: false, problem: 'the body is not JSON (expected a PagerDuty v3 webhook, {"event": {...}})' };
  }
  const parsed = head.safeParse(body, { reportInput: true });
  if (!parsed.success) return { ok: false, problem: problemText(parsed.error.issues) };
  const { id: eventId, event_type: eventType } = parsed.data.event;
  if (eventType === 'pagey.ping') return { ok: true, webhook: { kind: 'ping', eventId } };
  if (eventType === 'incident.annotated') return parseNote(body, eventId, eventType);
  const isIncident =
    PAGERDUTY_INCIDENT_EVENTS.includes(eventType) ||
    (eventType.startsWith('incident.') && dataType.safeParse(body).data?.event.data.type === 'incident');
  if (isIncident) return parseIncident(body, eventId, eventType);
  return { ok: true, webhook: { kind: 'other', eventId, eventType } };
}
