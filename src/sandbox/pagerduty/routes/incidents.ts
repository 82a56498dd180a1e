/**
 * @module sandbox/pagerduty/routes/incidents
 * Incidents over REST: `GET /incidents` (statuses[], service_ids[], incident_key, urgencies[],
 * user_ids[], since/until over the last month unless `date_range=all`, sort_by, include[]),
 * `POST /incidents` (201; a second open incident with the same key on the service is 400 code 2002),
 * `GET /incidents/{id}`, `PUT /incidents/{id}` (acknowledge, resolve, unacknowledge, reopen, retitle,
 * reassign, escalate; resolving twice is 1001, acknowledging twice 1002) and
 * `POST /incidents/{id}/notes` (200 with the note, as the extract documents). Every change is made by
 * the `From` user.
 */
import { dedupKey } from '../ids.js';
import type { Agent, PdIncident } from '../incidents.js';
import { includes, list, paginate, QueryError, timeZone } from '../query.js';
import { incidentJson, noteJson } from '../representations.js';
import {
  alreadyAcknowledged,
  alreadyResolved,
  duplicateIncidentKey,
  invalidInput,
  notFound,
  type PdAnswer,
  restError,
} from '../rest-errors.js';
import { parseTime } from '../time.js';
import { checkCreate, checkNote, checkUpdate } from './incident-bodies.js';
import { ok, type RestRoute, type RouteContext } from './types.js';

const INCLUDES = [
  'acknowledgers',
  'agents',
  'assignees',
  'conference_bridge',
  'escalation_policies',
  'first_trigger_log_entries',
  'priorities',
  'services',
  'teams',
  'users',
];
const MONTH_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_NOTES = 2000;
const SORT_FIELDS = ['incident_number', 'created_at', 'resolved_at', 'urgency'] as const;

function agent(ctx: RouteContext): Agent {
  return { type: 'user', id: ctx.from?.id ?? ctx.caller.userId ?? '' };
}

function range(ctx: RouteContext): [number, number] {
  if (ctx.query.get('date_range') === 'all') return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  const read = (name: string, fallback: number) => {
    const raw = ctx.query.get(name);
    if (raw === null || raw === '') return fallback;
    const ms = parseTime(raw);
    if (ms === undefined)
      throw new QueryError(restError(400, "Invalid time values in 'since' and/or 'until' parameters", 2004));
    return ms;
  };
  const until = read('until', ctx.now);
  return [read('since', until - MONTH_MS), until];
}

function sorter(raw: string | null): (a: PdIncident, b: PdIncident) => number {
  const keys = (raw ?? 'created_at').split(',').filter(Boolean);
  if (keys.length > 2) throw new QueryError(invalidInput('sort_by takes at most two fields'));
  const parts = keys.map((key) => {
    const [field, direction = 'asc'] = key.split(':');
    if (!(SORT_FIELDS as readonly string[]).includes(field ?? '') || !['asc', 'desc'].includes(direction))
      throw new QueryError(invalidInput(`sort_by ${key} is not one of ${SORT_FIELDS.join(', ')} with :asc or :desc`));
    const value = (i: PdIncident): number =>
      field === 'incident_number'
        ? i.number
        : field === 'resolved_at'
          ? (i.resolvedAt ?? Number.POSITIVE_INFINITY)
          : field === 'urgency'
            ? i.urgency === 'high'
              ? 1
              : 0
            : i.createdAt;
    return { value, sign: direction === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { value, sign } of parts) {
      const diff = value(a) - value(b);
      if (diff !== 0) return diff * sign;
    }
    return a.number - b.number;
  };
}

function listIncidents(ctx: RouteContext) {
  const include = includes(ctx.query, INCLUDES);
  const view = { ...ctx.view, timeZone: timeZone(ctx.query, 'UTC') };
  const [since, until] = range(ctx);
  const statuses = list(ctx.query, 'statuses');
  const services = list(ctx.query, 'service_ids');
  const urgencies = list(ctx.query, 'urgencies');
  const users = list(ctx.query, 'user_ids');
  const key = ctx.query.get('incident_key');
  const found = view.book.incidents
    .filter(
      (i) =>
        i.createdAt >= since &&
        i.createdAt <= until &&
        (statuses.length === 0 || statuses.includes(i.status)) &&
        (services.length === 0 || services.includes(i.serviceId)) &&
        (urgencies.length === 0 || urgencies.includes(i.urgency)) &&
        (users.length === 0 || i.assignments.some((a) => users.includes(a.userId))) &&
        (!key || i.incidentKey === key),
    )
    .sort(sorter(ctx.query.get('sort_by')));
  return ok(
    paginate(
      ctx.query,
      'incidents',
      found.map((i) => incidentJson(view, i, include)),
    ),
  );
}

function createIncident(ctx: RouteContext): PdAnswer {
  const checked = checkCreate(ctx.view.account, ctx.body);
  if ('answer' in checked) return checked.answer;
  const body = checked.value;
  const service = ctx.view.account.service(body.serviceId);
  if (!service) return notFound();
  if (body.incidentKey && ctx.view.book.openWithKey(service.id, body.incidentKey)) return duplicateIncidentKey();
  const incident = ctx.view.book.trigger({
    service,
    title: body.title,
    urgency: body.urgency ?? (service.urgency === 'low' ? 'low' : 'high'),
    incidentKey: body.incidentKey ?? dedupKey(),
    agent: agent(ctx),
    details: body.details ?? null,
    ...(body.assignees ? { assignees: body.assignees } : {}),
    ...(body.escalationPolicyId ? { escalationPolicyId: body.escalationPolicyId } : {}),
    ...(body.incidentType ? { incidentType: body.incidentType } : {}),
  });
  return { status: 201, json: { incident: incidentJson(ctx.view, incident) } };
}

function getIncident(ctx: RouteContext) {
  const include = includes(ctx.query, INCLUDES);
  const incident = ctx.view.book.get(ctx.params.id ?? '');
  return incident ? ok({ incident: incidentJson(ctx.view, incident, include) }) : notFound();
}

function updateIncident(ctx: RouteContext): PdAnswer {
  const { book, account } = ctx.view;
  const incident = book.get(ctx.params.id ?? '');
  if (!incident) return notFound();
  const levels = account.escalationPolicy(incident.escalationPolicyId)?.rules.length ?? 1;
  const checked = checkUpdate(account, ctx.body, levels);
  if ('answer' in checked) return checked.answer;
  const body = checked.value;
  const by = agent(ctx);
  if (body.status === 'resolved' && incident.status === 'resolved') return alreadyResolved();
  if (body.status === 'acknowledged' && incident.status === 'acknowledged') return alreadyAcknowledged();
  if (body.title !== undefined) incident.title = body.title;
  if (body.urgency !== undefined) incident.urgency = body.urgency;
  if (body.title !== undefined || body.urgency !== undefined) incident.updatedAt = ctx.now;
  if (body.status && incident.status === 'resolved' && body.status !== 'resolved')
    book.reopen(incident, by, body.status);
  else if (body.status === 'acknowledged') book.acknowledge(incident, by);
  else if (body.status === 'triggered') book.unacknowledge(incident, by);
  if (body.assignees) book.reassign(incident, by, body.assignees);
  if (body.escalationLevel !== undefined) book.escalate(incident, by, body.escalationLevel);
  if (body.status === 'resolved') {
    if (body.resolution) book.annotate(incident, by.id, `Resolution Note: ${body.resolution}`);
    book.resolve(incident, by);
  }
  return ok({ incident: incidentJson(ctx.view, incident) });
}

function createNote(ctx: RouteContext): PdAnswer {
  const incident = ctx.view.book.get(ctx.params.id ?? '');
  if (!incident) return notFound();
  const checked = checkNote(ctx.body);
  if ('answer' in checked) return checked.answer;
  if (incident.notes.length >= MAX_NOTES) return invalidInput(`An incident takes at most ${MAX_NOTES} notes`);
  const note = ctx.view.book.annotate(incident, agent(ctx).id, checked.value);
  return ok({ note: noteJson(ctx.view, note) });
}

export const incidentRoutes: RestRoute[] = [
  { operation: 'listIncidents', method: 'GET', path: '/incidents', handle: listIncidents },
  {
    operation: 'createIncident',
    method: 'POST',
    path: '/incidents',
    needsFrom: true,
    hasBody: true,
    handle: createIncident,
  },
  { operation: 'getIncident', method: 'GET', path: '/incidents/{id}', handle: getIncident },
  {
    operation: 'updateIncident',
    method: 'PUT',
    path: '/incidents/{id}',
    needsFrom: true,
    hasBody: true,
    handle: updateIncident,
  },
  {
    operation: 'createIncidentNote',
    method: 'POST',
    path: '/incidents/{id}/notes',
    needsFrom: true,
    hasBody: true,
    handle: createNote,
  },
];
