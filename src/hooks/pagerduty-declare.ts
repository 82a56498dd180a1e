/**
 * @module hooks/pagerduty-declare
 * Declaring from an alert: a high-urgency `incident.triggered` on a service whose catalog entry says
 * `pagerduty.auto_declare` declares a warroom incident at that severity, once per PagerDuty incident id
 * (a redelivery or a second webhook finds the same one). warroom declares it, so nobody has command: the
 * on-call job invites the alert's assignee and offers them command, theirs once they accept. A PagerDuty
 * incident resolved first is noted on the timeline, not mirrored into a resolve.
 */
import type { PagerDutyService, Service } from '../catalog/schema.js';
import { SYSTEM_ACTOR } from '../incident/events.js';
import type { Services } from '../services.js';
import { dispatchAfterAck, type Outcome, record } from '../slack/record.js';
import type { PagerDutyWebhook } from './pagerduty-payloads.js';

export type IncidentHook = Extract<PagerDutyWebhook, { kind: 'incident' }>;
export type Answer = { status: number; body: Record<string, unknown> };

/** The idempotency key of the declare made from a PagerDuty incident (and how it is found again). */
export function autoDeclareKey(pagerdutyIncidentId: string): string {
  return `pd-declare:${pagerdutyIncidentId}`;
}

/** The HTTP answer for something recorded (503 when Redis was away: PagerDuty retries). */
export async function answerFor(services: Services, outcome: Outcome, body: Record<string, unknown>): Promise<Answer> {
  if (!outcome.ok && 'unavailable' in outcome)
    return { status: 503, body: { ok: false, error: 'not recorded; retry' } };
  await dispatchAfterAck(services, outcome);
  return { status: 200, body: { ok: true, ...body } };
}

function serviceOf(services: Services, pagerdutyServiceId: string | undefined) {
  return Object.values(services.templates.catalog.services).find(
    (s): s is Service & { pagerduty: PagerDutyService } => s.pagerduty?.service === pagerdutyServiceId,
  );
}

/** Declares from an `incident.triggered` when its service asks for it; undefined for other events. */
export async function autoDeclare(services: Services, hook: IncidentHook): Promise<Answer | undefined> {
  if (hook.eventType !== 'incident.triggered') return undefined;
  const service = serviceOf(services, hook.incident.serviceId);
  const severity = service?.pagerduty.autoDeclare;
  if (!service || !severity)
    return { status: 202, body: { ok: true, ignored: 'auto_declare is off for this service' } };
  if (hook.incident.urgency !== 'high') return { status: 202, body: { ok: true, ignored: 'low urgency' } };
  const key = autoDeclareKey(hook.incident.id);
  const { id } = await services.store.reserveIncidentId(key);
  const assignee = hook.incident.assignees[0];
  const title = hook.incident.title.trim().slice(0, 150) || `PagerDuty incident ${hook.incident.id}`;
  const outcome = await record(
    services,
    id,
    {
      type: 'declare',
      title,
      severity,
      service: service.name,
      private: false,
      pagerduty: {
        incidentId: hook.incident.id,
        ...(hook.incident.number ? { number: hook.incident.number } : {}),
        ...(hook.incident.htmlUrl ? { url: hook.incident.htmlUrl } : {}),
        ...(assignee ? { assignee: { id: assignee.id, ...(assignee.name ? { name: assignee.name } : {}) } } : {}),
      },
    },
    { actor: SYSTEM_ACTOR, at: hook.occurredAt },
    key,
  );
  return answerFor(services, outcome, { incident: id, declared: true });
}

/** A PagerDuty incident warroom declared from, resolved there first: a note; the incident stays open. */
export async function declaredFromResolved(
  services: Services,
  hook: IncidentHook,
  delivery: string,
): Promise<Answer | undefined> {
  if (hook.eventType !== 'incident.resolved') return undefined;
  const id = await services.store.incidentOfDeclareKey(autoDeclareKey(hook.incident.id));
  if (!id) return undefined;
  const by = hook.agent?.name ? ` by ${hook.agent.name}` : '';
  const outcome = await record(
    services,
    id,
    { type: 'addNote', text: `PagerDuty resolved its incident${by}; ${id} stays open until someone resolves it here.` },
    { actor: SYSTEM_ACTOR, at: hook.occurredAt },
    `pd:${delivery}`,
  );
  return answerFor(services, outcome, { incident: id });
}
