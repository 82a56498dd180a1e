/**
 * @module sandbox/pagerduty/webhook-payload
 * The v3 webhook envelope, `{"event": {id, event_type, resource_type, occurred_at, agent, client,
 * data}}`, built from the real captured deliveries copied into contract/ from
 * ../shared/contracts/pagerduty/webhook-v3-captured (incident_triggered for incident events,
 * incident_annotated for notes): the captured body's keys, in its order, with the emulated incident's
 * values. References there are `{html_url, id, self, summary, type}`, `created_at` is whole seconds
 * and `occurred_at` has milliseconds. `reopened_at` is added after `created_at` for a reopened
 * incident, as the webhooks overview shows it.
 */
import { readFileSync } from 'node:fs';
import { eventId } from './ids.js';
import type { IncidentChange } from './incidents.js';
import type { View } from './representations.js';
import { renderTime } from './time.js';

type Json = Record<string, unknown>;

const CONTRACT_DIR = new URL('./contract/', import.meta.url);

/** A fresh copy of a captured delivery body, e.g. `incident_triggered.body.json`. */
export function capturedBody(name: string): { event: Json & { data: Json } } {
  return JSON.parse(readFileSync(new URL(name, CONTRACT_DIR), 'utf8')) as { event: Json & { data: Json } };
}

function webRef(
  view: View,
  kind: 'user' | 'service' | 'escalation_policy' | 'incident',
  id: string,
  summary: string,
): Json {
  const api = { user: 'users', service: 'services', escalation_policy: 'escalation_policies', incident: 'incidents' }[
    kind
  ];
  return {
    html_url: `${view.links.web}/${api}/${id}`,
    id,
    self: `${view.links.api}/${api}/${id}`,
    summary,
    type: `${kind}_reference`,
  };
}

/** Fills `template`'s keys, in its order, from `values`; a key the template lacks is an error. */
function shaped(template: Json, values: Json, extraAfter: Record<string, [string, unknown]> = {}): Json {
  const out: Json = {};
  for (const key of Object.keys(template)) {
    if (!(key in values)) throw new Error(`webhook payload: no value for captured key "${key}"`);
    out[key] = values[key];
    const extra = extraAfter[key];
    if (extra) out[extra[0]] = extra[1];
  }
  const unknown = Object.keys(values).filter((k) => !(k in template));
  if (unknown.length > 0) throw new Error(`webhook payload: keys not in the captured body: ${unknown.join(', ')}`);
  return out;
}

function incidentData(view: View, change: IncidentChange, template: Json): Json {
  const { incident } = change;
  const service = view.account.service(incident.serviceId);
  const policy = view.account.escalationPolicy(incident.escalationPolicyId);
  const user = (id: string) => webRef(view, 'user', id, view.account.user(id)?.name ?? id);
  return shaped(
    template,
    {
      id: incident.id,
      type: 'incident',
      self: `${view.links.api}/incidents/${incident.id}`,
      html_url: `${view.links.web}/incidents/${incident.id}`,
      number: incident.number,
      status: incident.status,
      incident_key: incident.incidentKey,
      created_at: renderTime(incident.createdAt),
      title: incident.title,
      service: webRef(view, 'service', incident.serviceId, service?.name ?? incident.serviceId),
      assignees: incident.assignments.map((a) => user(a.userId)),
      escalation_policy: webRef(view, 'escalation_policy', incident.escalationPolicyId, policy?.name ?? ''),
      teams: [],
      priority: null,
      urgency: incident.urgency,
      conference_bridge: null,
      resolve_reason: null,
      incident_type: { name: incident.incidentType },
    },
    incident.reopenedAt === null ? {} : { created_at: ['reopened_at', renderTime(incident.reopenedAt)] },
  );
}

function noteData(view: View, change: IncidentChange, template: Json): Json {
  const { incident, note } = change;
  if (!note) throw new Error('incident.annotated needs a note');
  return shaped(template, {
    incident: webRef(view, 'incident', incident.id, incident.title),
    id: note.id,
    content: note.content,
    trimmed: false,
    type: 'incident_note',
  });
}

/** The envelope for one change, as PagerDuty would deliver it at `occurredAt`. */
export function webhookEnvelope(view: View, change: IncidentChange, occurredAt: number): Json {
  const annotated = change.eventType === 'incident.annotated';
  const template = capturedBody(annotated ? 'incident_annotated.body.json' : 'incident_triggered.body.json').event;
  const agentName =
    change.agent.type === 'user'
      ? (view.account.user(change.agent.id)?.name ?? change.agent.id)
      : (view.account.service(change.agent.id)?.name ?? change.agent.id);
  return {
    event: shaped(template, {
      id: eventId(),
      event_type: change.eventType,
      resource_type: 'incident',
      occurred_at: new Date(occurredAt).toISOString(),
      agent: webRef(view, change.agent.type, change.agent.id, agentName),
      client: null,
      data: annotated ? noteData(view, change, template.data) : incidentData(view, change, template.data),
    }),
  };
}
