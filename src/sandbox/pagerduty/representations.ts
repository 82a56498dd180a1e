/**
 * @module sandbox/pagerduty/representations
 * How the REST API shows the account, with the fields of the extract's schemas (`User`, `Service`,
 * `EscalationPolicy`, `Incident`, `IncidentNote`, `Oncall`) and its examples' key order: references
 * are `{id, type: <kind>_reference, summary, self, html_url}`, `self` on the emulator's REST URL and
 * `html_url` on the account's web host. Times are rendered in the request's `time_zone`.
 */
import type { EscalationPolicy, PagerDutyAccount, Service, User } from './account.js';
import type { Agent, IncidentBook, Note, PdIncident } from './incidents.js';
import type { OnCall } from './oncall.js';
import { renderTime } from './time.js';

export interface Links {
  /** The REST API base (`self`). */
  api: string;
  /** The web app (`html_url`), e.g. `https://acme.pagerduty.com`. */
  web: string;
}

export interface View {
  account: PagerDutyAccount;
  book: IncidentBook;
  links: Links;
  timeZone: string;
}

type Json = Record<string, unknown>;

const WEB_PATH: Record<string, string> = {
  user: 'users',
  service: 'service-directory',
  escalation_policy: 'escalation_policies',
  schedule: 'schedules',
  incident: 'incidents',
};
const API_PATH: Record<string, string> = {
  user: 'users',
  service: 'services',
  escalation_policy: 'escalation_policies',
  schedule: 'schedules',
  incident: 'incidents',
};

export function reference(links: Links, kind: string, id: string, summary: string): Json {
  return {
    id,
    type: `${kind}_reference`,
    summary,
    self: `${links.api}/${API_PATH[kind] ?? kind}/${id}`,
    html_url: `${links.web}/${WEB_PATH[kind] ?? kind}/${id}`,
  };
}

export function userRef(view: View, id: string): Json {
  return reference(view.links, 'user', id, view.account.user(id)?.name ?? id);
}

export function serviceRef(view: View, id: string): Json {
  return reference(view.links, 'service', id, view.account.service(id)?.name ?? id);
}

export function policyRef(view: View, id: string): Json {
  return reference(view.links, 'escalation_policy', id, view.account.escalationPolicy(id)?.name ?? id);
}

export function agentRef(view: View, agent: Agent): Json {
  return agent.type === 'user' ? userRef(view, agent.id) : serviceRef(view, agent.id);
}

export function userJson(view: View, user: User): Json {
  const { links } = view;
  return {
    id: user.id,
    type: 'user',
    summary: user.name,
    self: `${links.api}/users/${user.id}`,
    html_url: `${links.web}/users/${user.id}`,
    name: user.name,
    email: user.email,
    time_zone: user.timeZone,
    color: 'green',
    role: user.role,
    avatar_url: 'https://pd-static-assets.pagerduty.com/users/blank-avatar.png',
    description: null,
    invitation_sent: false,
    job_title: null,
    created_via_sso: false,
    teams: [],
    contact_methods: [],
    notification_rules: [],
  };
}

function serviceStatus(view: View, service: Service): string {
  const open = view.book.incidents.filter((i) => i.serviceId === service.id && i.status !== 'resolved');
  if (open.some((i) => i.status === 'triggered')) return 'critical';
  return open.length > 0 ? 'warning' : 'active';
}

export function serviceJson(view: View, service: Service, include: string[] = []): Json {
  const { links } = view;
  const last = view.book.incidents.filter((i) => i.serviceId === service.id).at(-1);
  const policy = view.account.escalationPolicy(service.escalationPolicyId);
  return {
    id: service.id,
    type: 'service',
    summary: service.name,
    self: `${links.api}/services/${service.id}`,
    html_url: `${links.web}/service-directory/${service.id}`,
    name: service.name,
    description: service.description,
    auto_resolve_timeout: 14400,
    acknowledgement_timeout: 1800,
    created_at: renderTime(service.createdAt, view.timeZone),
    status: serviceStatus(view, service),
    last_incident_timestamp: last ? renderTime(last.createdAt, view.timeZone) : null,
    alert_creation: 'create_alerts_and_incidents',
    integrations: [
      include.includes('integrations')
        ? {
            ...reference(links, 'events_api_v2_inbound_integration', service.integrationId, 'Events API V2'),
            type: 'events_api_v2_inbound_integration',
            integration_key: service.integrationKeys[0] ?? null,
          }
        : reference(links, 'events_api_v2_inbound_integration', service.integrationId, 'Events API V2'),
    ],
    escalation_policy:
      include.includes('escalation_policies') && policy
        ? policyJson(view, policy)
        : policyRef(view, service.escalationPolicyId),
    teams: [],
    incident_urgency_rule:
      service.urgency === 'severity_based'
        ? { type: 'severity_based' }
        : { type: 'constant', urgency: service.urgency },
    support_hours: null,
    scheduled_actions: [],
    addons: [],
  };
}

function targetRef(view: View, target: { type: 'user' | 'schedule'; id: string }): Json {
  if (target.type === 'user') return userRef(view, target.id);
  return reference(view.links, 'schedule', target.id, view.account.schedule(target.id)?.name ?? target.id);
}

export function policyJson(view: View, policy: EscalationPolicy, include: string[] = []): Json {
  const { links } = view;
  const services = view.account.services.filter((s) => s.escalationPolicyId === policy.id);
  return {
    id: policy.id,
    type: 'escalation_policy',
    summary: policy.name,
    on_call_handoff_notifications: 'if_has_services',
    self: `${links.api}/escalation_policies/${policy.id}`,
    html_url: `${links.web}/escalation_policies/${policy.id}`,
    name: policy.name,
    description: policy.description,
    escalation_rules: policy.rules.map((rule) => ({
      id: rule.id,
      escalation_delay_in_minutes: rule.delayMinutes,
      targets: rule.targets.map((t) => {
        const user = t.type === 'user' ? view.account.user(t.id) : undefined;
        return include.includes('targets') && user ? userJson(view, user) : targetRef(view, t);
      }),
    })),
    services: services.map((s) => (include.includes('services') ? serviceJson(view, s) : serviceRef(view, s.id))),
    num_loops: policy.numLoops,
    teams: [],
  };
}

export function oncallJson(view: View, entry: OnCall, include: string[] = []): Json {
  const user = view.account.user(entry.userId);
  const policy = view.account.escalationPolicy(entry.escalationPolicyId);
  const schedule = entry.scheduleId ? view.account.schedule(entry.scheduleId) : undefined;
  return {
    user: include.includes('users') && user ? userJson(view, user) : userRef(view, entry.userId),
    schedule: schedule ? reference(view.links, 'schedule', schedule.id, schedule.name) : null,
    escalation_policy:
      include.includes('escalation_policies') && policy
        ? policyJson(view, policy)
        : policyRef(view, entry.escalationPolicyId),
    escalation_level: entry.level,
    start: entry.start === null ? null : renderTime(entry.start, view.timeZone),
    end: entry.end === null ? null : renderTime(entry.end, view.timeZone),
  };
}

export function incidentJson(view: View, incident: PdIncident, include: string[] = []): Json {
  const { links, timeZone } = view;
  const time = (ms: number | null) => (ms === null ? null : renderTime(ms, timeZone));
  const service = view.account.service(incident.serviceId);
  const policy = view.account.escalationPolicy(incident.escalationPolicyId);
  const user = (id: string) => {
    const found = view.account.user(id);
    return include.includes('assignees') && found ? userJson(view, found) : userRef(view, id);
  };
  const resolvedAlerts = incident.alerts.filter((a) => a.status === 'resolved').length;
  return {
    id: incident.id,
    type: 'incident',
    summary: `[#${incident.number}] ${incident.title}`,
    self: `${links.api}/incidents/${incident.id}`,
    html_url: `${links.web}/incidents/${incident.id}`,
    incident_number: incident.number,
    title: incident.title,
    created_at: time(incident.createdAt),
    updated_at: time(incident.updatedAt),
    status: incident.status,
    incident_key: incident.incidentKey,
    service:
      include.includes('services') && service ? serviceJson(view, service) : serviceRef(view, incident.serviceId),
    assignments: incident.assignments.map((a) => ({ at: time(a.at), assignee: user(a.userId) })),
    assigned_via: incident.assignedVia,
    last_status_change_at: time(incident.lastStatusChangeAt),
    last_status_change_by: agentRef(view, incident.lastStatusChangeBy),
    resolved_at: time(incident.resolvedAt),
    first_trigger_log_entry: {
      id: incident.firstTriggerLogEntryId,
      type: 'trigger_log_entry_reference',
      summary: incident.alerts.length > 0 ? 'Triggered through the API' : 'Triggered through the website',
      self: `${links.api}/log_entries/${incident.firstTriggerLogEntryId}?incident_id=${incident.id}`,
      html_url: `${links.web}/incidents/${incident.id}/log_entries/${incident.firstTriggerLogEntryId}`,
    },
    alert_counts: {
      all: incident.alerts.length,
      triggered: incident.alerts.length - resolvedAlerts,
      resolved: resolvedAlerts,
    },
    is_mergeable: true,
    incident_type: { name: incident.incidentType },
    escalation_policy:
      include.includes('escalation_policies') && policy
        ? policyJson(view, policy)
        : policyRef(view, incident.escalationPolicyId),
    teams: [],
    pending_actions: [],
    acknowledgements: incident.acknowledgements.map((a) => ({ at: time(a.at), acknowledger: agentRef(view, a.by) })),
    alert_grouping: null,
    priority: null,
    resolve_reason: null,
    urgency: incident.urgency,
  };
}

export function noteJson(view: View, note: Note): Json {
  return {
    id: note.id,
    user: userRef(view, note.userId),
    channel: { summary: 'The PagerDuty website or APIs' },
    content: note.content,
    created_at: renderTime(note.createdAt, view.timeZone),
    updated_at: renderTime(note.createdAt, view.timeZone),
  };
}
