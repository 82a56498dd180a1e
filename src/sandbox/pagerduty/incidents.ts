/**
 * @module sandbox/pagerduty/incidents
 * PagerDuty incidents and the alerts behind them, and every way their state changes: triggered
 * (assigned to whoever is on call at level 1 of the service's escalation policy, or to the users
 * named), acknowledged, unacknowledged, resolved (assignments and acknowledgements emptied, alerts
 * resolved so a later trigger with the same dedup key opens a new incident), reopened, reassigned,
 * escalated and annotated. Each change is reported as the webhook event type it delivers.
 */
import type { PagerDutyAccount, Service } from './account.js';
import { pagerDutyId } from './ids.js';
import { onCallAt } from './oncall.js';

/** Who changed something: a user (REST with `From`, the test helpers) or a service (Events API). */
export type Agent = { type: 'user' | 'service'; id: string };

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';
export type Urgency = 'high' | 'low';

export interface Alert {
  routingKey: string;
  dedupKey: string;
  status: 'triggered' | 'resolved';
  summary: string;
  severity: string;
  createdAt: number;
}

export interface Note {
  id: string;
  userId: string;
  content: string;
  createdAt: number;
}

export interface PdIncident {
  id: string;
  number: number;
  title: string;
  status: IncidentStatus;
  urgency: Urgency;
  incidentKey: string;
  serviceId: string;
  escalationPolicyId: string;
  assignedVia: 'escalation_policy' | 'direct_assignment';
  assignments: { at: number; userId: string }[];
  acknowledgements: { at: number; by: Agent }[];
  alerts: Alert[];
  notes: Note[];
  details: string | null;
  incidentType: string;
  createdAt: number;
  updatedAt: number;
  lastStatusChangeAt: number;
  lastStatusChangeBy: Agent;
  resolvedAt: number | null;
  reopenedAt: number | null;
  firstTriggerLogEntryId: string;
}

export type IncidentEventType =
  | 'incident.triggered'
  | 'incident.acknowledged'
  | 'incident.unacknowledged'
  | 'incident.resolved'
  | 'incident.reopened'
  | 'incident.reassigned'
  | 'incident.escalated'
  | 'incident.annotated';

export interface IncidentChange {
  eventType: IncidentEventType;
  incident: PdIncident;
  agent: Agent;
  note?: Note;
}

export interface TriggerArgs {
  service: Service;
  title: string;
  urgency: Urgency;
  incidentKey: string;
  agent: Agent;
  details?: string | null;
  assignees?: string[];
  escalationPolicyId?: string;
  incidentType?: string;
  alert?: Omit<Alert, 'status' | 'createdAt'>;
}

export class IncidentBook {
  readonly incidents: PdIncident[] = [];
  private number = 0;

  constructor(
    private readonly account: PagerDutyAccount,
    private readonly now: () => number,
    private readonly changed: (change: IncidentChange) => void,
  ) {}

  get(id: string): PdIncident | undefined {
    return this.incidents.find((i) => i.id === id);
  }

  /** The incident holding the open alert with this key on this integration. */
  byOpenAlert(routingKey: string, key: string): { incident: PdIncident; alert: Alert } | undefined {
    for (const incident of this.incidents) {
      const alert = incident.alerts.find((a) => a.routingKey === routingKey && a.dedupKey === key);
      if (alert && alert.status === 'triggered') return { incident, alert };
    }
    return undefined;
  }

  /** An open incident on the service with this incident key (REST create refuses a second one). */
  openWithKey(serviceId: string, key: string): PdIncident | undefined {
    return this.incidents.find((i) => i.serviceId === serviceId && i.incidentKey === key && i.status !== 'resolved');
  }

  trigger(args: TriggerArgs): PdIncident {
    const at = this.now();
    const policyId = args.escalationPolicyId ?? args.service.escalationPolicyId;
    const direct = args.assignees !== undefined && args.assignees.length > 0;
    const assignees = direct ? (args.assignees ?? []) : onCallAt(this.account, policyId, at);
    this.number += 1;
    const incident: PdIncident = {
      id: pagerDutyId(),
      number: this.number,
      title: args.title,
      status: 'triggered',
      urgency: args.urgency,
      incidentKey: args.incidentKey,
      serviceId: args.service.id,
      escalationPolicyId: policyId,
      assignedVia: direct ? 'direct_assignment' : 'escalation_policy',
      assignments: assignees.map((userId) => ({ at, userId })),
      acknowledgements: [],
      alerts: args.alert ? [{ ...args.alert, status: 'triggered', createdAt: at }] : [],
      notes: [],
      details: args.details ?? null,
      incidentType: args.incidentType ?? 'incident_default',
      createdAt: at,
      updatedAt: at,
      lastStatusChangeAt: at,
      lastStatusChangeBy: args.agent,
      resolvedAt: null,
      reopenedAt: null,
      firstTriggerLogEntryId: pagerDutyId('R'),
    };
    this.incidents.push(incident);
    this.changed({ eventType: 'incident.triggered', incident, agent: args.agent });
    return incident;
  }

  acknowledge(incident: PdIncident, agent: Agent): 'acknowledged' | 'already-acknowledged' | 'already-resolved' {
    if (incident.status === 'resolved') return 'already-resolved';
    if (incident.status === 'acknowledged') return 'already-acknowledged';
    const at = this.now();
    incident.status = 'acknowledged';
    incident.acknowledgements.push({ at, by: agent });
    this.statusChanged(incident, agent, at);
    this.changed({ eventType: 'incident.acknowledged', incident, agent });
    return 'acknowledged';
  }

  unacknowledge(incident: PdIncident, agent: Agent): void {
    if (incident.status !== 'acknowledged') return;
    incident.status = 'triggered';
    incident.acknowledgements = [];
    this.statusChanged(incident, agent, this.now());
    this.changed({ eventType: 'incident.unacknowledged', incident, agent });
  }

  resolve(incident: PdIncident, agent: Agent): 'resolved' | 'already-resolved' {
    if (incident.status === 'resolved') return 'already-resolved';
    const at = this.now();
    incident.status = 'resolved';
    incident.resolvedAt = at;
    incident.assignments = [];
    incident.acknowledgements = [];
    for (const alert of incident.alerts) alert.status = 'resolved';
    this.statusChanged(incident, agent, at);
    this.changed({ eventType: 'incident.resolved', incident, agent });
    return 'resolved';
  }

  /** A resolved incident set to triggered or acknowledged again, as `PUT /incidents/{id}` allows. */
  reopen(incident: PdIncident, agent: Agent, to: 'triggered' | 'acknowledged'): void {
    const at = this.now();
    incident.status = 'triggered';
    incident.resolvedAt = null;
    incident.reopenedAt = at;
    const assignees =
      to === 'acknowledged' && agent.type === 'user'
        ? [agent.id]
        : onCallAt(this.account, incident.escalationPolicyId, at);
    incident.assignments = assignees.map((userId) => ({ at, userId }));
    this.statusChanged(incident, agent, at);
    this.changed({ eventType: 'incident.reopened', incident, agent });
    if (to === 'acknowledged') this.acknowledge(incident, agent);
  }

  reassign(incident: PdIncident, agent: Agent, userIds: string[]): void {
    const at = this.now();
    incident.assignments = userIds.map((userId) => ({ at, userId }));
    incident.assignedVia = 'direct_assignment';
    incident.updatedAt = at;
    this.changed({ eventType: 'incident.reassigned', incident, agent });
  }

  escalate(incident: PdIncident, agent: Agent, level: number): void {
    const at = this.now();
    incident.assignments = onCallAt(this.account, incident.escalationPolicyId, at, level).map((userId) => ({
      at,
      userId,
    }));
    incident.assignedVia = 'escalation_policy';
    incident.updatedAt = at;
    this.changed({ eventType: 'incident.escalated', incident, agent });
  }

  annotate(incident: PdIncident, userId: string, content: string): Note {
    const note: Note = { id: pagerDutyId(), userId, content, createdAt: this.now() };
    incident.notes.push(note);
    this.changed({ eventType: 'incident.annotated', incident, agent: { type: 'user', id: userId }, note });
    return note;
  }

  private statusChanged(incident: PdIncident, agent: Agent, at: number): void {
    incident.updatedAt = at;
    incident.lastStatusChangeAt = at;
    incident.lastStatusChangeBy = agent;
  }
}
