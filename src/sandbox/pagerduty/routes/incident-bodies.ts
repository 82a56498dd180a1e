/**
 * @module sandbox/pagerduty/routes/incident-bodies
 * Focused validators for the bodies of `POST /incidents`, `PUT /incidents/{id}` and
 * `POST /incidents/{id}/notes`, with the extract's required fields and enums. What the spec allows
 * but the emulator does not model (priority, conference bridge, moving an incident to another
 * service or policy) is refused with 400 saying so, rather than silently ignored.
 */
import type { PagerDutyAccount } from '../account.js';
import { invalidInput, type PdAnswer } from '../rest-errors.js';

type Json = Record<string, unknown>;
type Checked<T> = { value: T } | { answer: PdAnswer };

class Invalid extends Error {}

function object(value: unknown, name: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Invalid(`${name} must be an object`);
  return value as Json;
}

function string(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new Invalid(`${name} must be a string`);
  return value;
}

function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new Invalid(`${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function refId(value: unknown, name: string, type: string): string {
  const ref = object(value, name);
  if (ref.type !== type) throw new Invalid(`${name}.type must be ${type}`);
  return string(ref.id, `${name}.id`);
}

function notEmulated(incident: Json, fields: string[]): void {
  const field = fields.find((f) => incident[f] !== undefined);
  if (field) throw new Invalid(`${field} is not emulated by the PagerDuty emulator`);
}

function assignees(account: PagerDutyAccount, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new Invalid('assignments must be a non-empty array');
  return value.map((entry, i) => {
    const id = refId(object(entry, `assignments[${i}]`).assignee, `assignments[${i}].assignee`, 'user_reference');
    if (!account.user(id)) throw new Invalid(`Assigned To User Not Found: ${id}`);
    return id;
  });
}

function guard<T>(work: () => T): Checked<T> {
  try {
    return { value: work() };
  } catch (error) {
    if (error instanceof Invalid) return { answer: invalidInput(error.message) };
    throw error;
  }
}

export interface CreateIncidentBody {
  title: string;
  serviceId: string;
  urgency?: 'high' | 'low';
  details?: string;
  incidentKey?: string;
  assignees?: string[];
  escalationPolicyId?: string;
  incidentType?: string;
}

export function checkCreate(account: PagerDutyAccount, body: Json): Checked<CreateIncidentBody> {
  return guard(() => {
    const incident = object(body.incident, 'incident');
    if (incident.type !== 'incident') throw new Invalid('incident.type must be incident');
    notEmulated(incident, ['priority', 'conference_bridge']);
    const title = string(incident.title, 'incident.title');
    if (title.trim() === '') throw new Invalid('incident.title must not be blank');
    const serviceId = refId(incident.service, 'incident.service', 'service_reference');
    if (!account.service(serviceId)) throw new Invalid(`Service Not Found: ${serviceId}`);
    const out: CreateIncidentBody = { title, serviceId };
    if (incident.urgency !== undefined)
      out.urgency = oneOf(incident.urgency, 'incident.urgency', ['high', 'low'] as const);
    if (incident.body !== undefined) {
      const details = object(incident.body, 'incident.body');
      if (details.type !== 'incident_body') throw new Invalid('incident.body.type must be incident_body');
      if (details.details !== undefined) out.details = string(details.details, 'incident.body.details');
    }
    if (incident.incident_key !== undefined) out.incidentKey = string(incident.incident_key, 'incident.incident_key');
    if (incident.assignments !== undefined && incident.escalation_policy !== undefined)
      throw new Invalid('assignments cannot be specified if an escalation policy is given');
    if (incident.assignments !== undefined) out.assignees = assignees(account, incident.assignments);
    if (incident.escalation_policy !== undefined) {
      const id = refId(incident.escalation_policy, 'incident.escalation_policy', 'escalation_policy_reference');
      if (!account.escalationPolicy(id)) throw new Invalid(`Escalation Policy Not Found: ${id}`);
      out.escalationPolicyId = id;
    }
    if (incident.incident_type !== undefined)
      out.incidentType = string(
        object(incident.incident_type, 'incident.incident_type').name,
        'incident.incident_type.name',
      );
    return out;
  });
}

export interface UpdateIncidentBody {
  status?: 'resolved' | 'acknowledged' | 'triggered';
  title?: string;
  urgency?: 'high' | 'low';
  resolution?: string;
  escalationLevel?: number;
  assignees?: string[];
}

export function checkUpdate(account: PagerDutyAccount, body: Json, levels: number): Checked<UpdateIncidentBody> {
  return guard(() => {
    const incident = object(body.incident, 'incident');
    oneOf(incident.type, 'incident.type', ['incident', 'incident_reference']);
    notEmulated(incident, ['priority', 'conference_bridge', 'escalation_policy', 'service', 'incident_type']);
    const out: UpdateIncidentBody = {};
    if (incident.status !== undefined)
      out.status = oneOf(incident.status, 'incident.status', ['resolved', 'acknowledged', 'triggered'] as const);
    if (incident.title !== undefined) out.title = string(incident.title, 'incident.title');
    if (incident.urgency !== undefined)
      out.urgency = oneOf(incident.urgency, 'incident.urgency', ['high', 'low'] as const);
    if (incident.resolution !== undefined) out.resolution = string(incident.resolution, 'incident.resolution');
    if (incident.escalation_level !== undefined) {
      const level = incident.escalation_level;
      if (!Number.isInteger(level) || (level as number) < 1 || (level as number) > levels)
        throw new Invalid(`escalation_level must be an integer from 1 to ${levels}`);
      out.escalationLevel = level as number;
    }
    if (incident.assignments !== undefined) out.assignees = assignees(account, incident.assignments);
    return out;
  });
}

export function checkNote(body: Json): Checked<string> {
  return guard(() => {
    const content = string(object(body.note, 'note').content, 'note.content');
    if (content.trim() === '') throw new Invalid('note.content must not be blank');
    return content;
  });
}
