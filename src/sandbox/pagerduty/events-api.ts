/**
 * @module sandbox/pagerduty/events-api
 * The Events API v2 (`POST /v2/enqueue`, `POST /v2/change/enqueue`), in this order: injected faults,
 * the 512 KB limit, a JSON body, the event's contract, the integration key (an unknown one is 400
 * "Invalid routing key"), the per-key rate limit, then the event. A trigger opens an alert and an
 * incident on the key's service, unless an alert with that dedup key is open on that key: then it
 * joins it and the incident count stays the same. Acknowledge and resolve act on the open alert's
 * incident, and are accepted and dropped (202, nothing changes) when there is none, as documented.
 */
import type { PagerDutyAccount, Service } from './account.js';
import { accepted, type EventsAnswer, invalidEvent, throttled, unrecognized } from './events-errors.js';
import { type AlertEvent, PAYLOAD_LIMIT_BYTES, validateAlertEvent, validateChangeEvent } from './events-validate.js';
import { eventsFaultAnswer, type PagerDutyFault, type PagerDutyFaults } from './faults.js';
import { dedupKey } from './ids.js';
import type { IncidentBook, Urgency } from './incidents.js';
import type { EventsRateLimiter } from './rate-limit.js';

export type EventOutcome = 'opened' | 'deduplicated' | 'acknowledged' | 'resolved' | 'dropped' | 'change';

/** One event PagerDuty took (202), and what it did. */
export interface RecordedEvent {
  at: number;
  routingKey: string;
  action: AlertEvent['action'] | 'change';
  dedupKey?: string;
  outcome: EventOutcome;
  incidentId?: string;
  body: Record<string, unknown>;
}

export interface EventsOutcome {
  answer: EventsAnswer;
  operation?: string;
  fault?: PagerDutyFault['kind'];
  body?: unknown;
  delayMs: number;
  cut: boolean;
}

const ROUTES: Record<string, string> = { '/v2/enqueue': 'createV2Event', '/v2/change/enqueue': 'createChangeEvent' };

export class EventsApi {
  readonly events: RecordedEvent[] = [];

  constructor(
    private readonly account: PagerDutyAccount,
    private readonly book: IncidentBook,
    private readonly faults: PagerDutyFaults,
    private readonly limiter: EventsRateLimiter,
    private readonly now: () => number,
  ) {}

  /** The operation for a path under the Events prefix, if it is one. */
  static operationFor(method: string, path: string): string | undefined {
    return method === 'POST' ? ROUTES[path] : undefined;
  }

  handle(operation: string, contentType: string | undefined, raw: Buffer): EventsOutcome {
    const plain = (answer: EventsAnswer, extra: Partial<EventsOutcome> = {}): EventsOutcome => ({
      answer,
      operation,
      delayMs: 0,
      cut: false,
      ...extra,
    });
    const fault = this.faults.take(operation);
    const faulted = fault ? { fault: fault.kind } : {};
    if (fault?.kind === 'down') return plain({ status: 0 }, { ...faulted, cut: true });
    const refused = fault && eventsFaultAnswer(fault);
    if (refused) return plain(refused, faulted);
    const timing = {
      ...faulted,
      delayMs: fault?.kind === 'slow' ? fault.delayMs : 0,
      cut: fault?.kind === 'crash-after',
    };

    if (raw.length > PAYLOAD_LIMIT_BYTES)
      return plain(
        invalidEvent([`Event is ${raw.length} bytes; the limit is ${PAYLOAD_LIMIT_BYTES} (512 KB)`]),
        timing,
      );
    const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json')
      return plain(unrecognized(`Content-Type must be application/json, not ${type || 'none'}`), timing);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return plain(unrecognized(), timing);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return plain(unrecognized('Event must be a JSON object'), { ...timing, body });
    const json = body as Record<string, unknown>;
    const answer = operation === 'createChangeEvent' ? this.change(json) : this.alert(json);
    return plain(answer, { ...timing, body });
  }

  private serviceFor(routingKey: string): Service | undefined {
    const id = this.account.routingKeys.get(routingKey);
    return id === undefined ? undefined : this.account.service(id);
  }

  private change(body: Record<string, unknown>): EventsAnswer {
    const checked = validateChangeEvent(body);
    if ('problems' in checked) return invalidEvent(checked.problems);
    if (!this.serviceFor(checked.event.routingKey)) return invalidEvent(['Invalid routing key']);
    if (!this.limiter.consume(checked.event.routingKey)) return throttled();
    this.events.push({
      at: this.now(),
      routingKey: checked.event.routingKey,
      action: 'change',
      outcome: 'change',
      body,
    });
    return { status: 202, json: { status: 'success', message: 'Change event processed' } };
  }

  private alert(body: Record<string, unknown>): EventsAnswer {
    const checked = validateAlertEvent(body);
    if ('problems' in checked) return invalidEvent(checked.problems);
    const { event } = checked;
    const service = this.serviceFor(event.routingKey);
    if (!service) return invalidEvent(['Invalid routing key']);
    if (!this.limiter.consume(event.routingKey)) return throttled();
    const key = event.dedupKey ?? dedupKey();
    const record: RecordedEvent = {
      at: this.now(),
      routingKey: event.routingKey,
      action: event.action,
      dedupKey: key,
      outcome: 'dropped',
      body,
    };
    this.apply(service, event, key, record);
    this.events.push(record);
    return accepted(key);
  }

  private apply(service: Service, event: AlertEvent, key: string, record: RecordedEvent): void {
    const open = this.book.byOpenAlert(event.routingKey, key);
    const agent = { type: 'service' as const, id: service.id };
    if (open) record.incidentId = open.incident.id;
    if (event.action === 'trigger') {
      if (open) {
        record.outcome = 'deduplicated';
        return;
      }
      const payload = event.payload;
      if (!payload) return;
      const incident = this.book.trigger({
        service,
        title: payload.summary,
        urgency: urgencyOf(service, payload.severity),
        incidentKey: key,
        agent,
        details: payload.customDetails ? JSON.stringify(payload.customDetails) : null,
        alert: { routingKey: event.routingKey, dedupKey: key, summary: payload.summary, severity: payload.severity },
      });
      record.outcome = 'opened';
      record.incidentId = incident.id;
      return;
    }
    if (!open) return;
    if (event.action === 'acknowledge') {
      if (this.book.acknowledge(open.incident, agent) === 'acknowledged') record.outcome = 'acknowledged';
      return;
    }
    open.alert.status = 'resolved';
    if (open.incident.alerts.every((a) => a.status === 'resolved')) this.book.resolve(open.incident, agent);
    record.outcome = 'resolved';
  }
}

/** The service's urgency rule: constant, or by severity (critical and error are high). */
function urgencyOf(service: Service, severity: string): Urgency {
  if (service.urgency === 'severity_based') return severity === 'critical' || severity === 'error' ? 'high' : 'low';
  return service.urgency;
}
