/**
 * @module sandbox/statuspage/incidents
 * What creating and updating an incident does to the page. A create always adds the first
 * incident update (status `investigating` unless given); a PATCH adds one when it carries a body or a
 * status. `components` sets each named component's status and records it in the update's
 * `affected_components`; `component_ids` marks components affected without changing them. `impact`
 * is the override when there is one, else the worst component status the incident has set (it is not
 * lowered when components recover). Resolving sets `resolved_at`; components stay as the request
 * leaves them, so a client that wants them operational again says so. Metadata merges by top-level
 * key on a PATCH.
 */
import type { ComponentStatus, Impact } from './contract.js';
import { type AffectedComponent, type Incident, type StatuspagePage, statuspageId } from './model.js';
import type { ComponentFields, IncidentFields } from './validate.js';

const IMPACT_OF: Partial<Record<ComponentStatus, Impact>> = {
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};
const IMPACT_ORDER: readonly Impact[] = ['none', 'maintenance', 'minor', 'major', 'critical'];

function worse(a: Impact, b: Impact): Impact {
  return IMPACT_ORDER.indexOf(a) >= IMPACT_ORDER.indexOf(b) ? a : b;
}

/** Sets the requested component statuses and says what changed, for the update. */
function applyComponents(page: StatuspagePage, incident: Incident, fields: IncidentFields): AffectedComponent[] {
  const affected: AffectedComponent[] = [];
  const at = page.timestamp();
  for (const id of fields.componentIds ?? []) if (!incident.componentIds.includes(id)) incident.componentIds.push(id);
  for (const [id, status] of fields.components ?? []) {
    const component = page.component(id);
    if (!component) continue;
    if (!incident.componentIds.includes(id)) incident.componentIds.push(id);
    // "" names the component without a status change.
    const next = status === '' ? component.status : status;
    affected.push({ code: id, name: component.name, old_status: component.status, new_status: next });
    if (next !== component.status) {
      component.status = next;
      component.updatedAt = at;
    }
    const impact = IMPACT_OF[next];
    if (impact) incident.impact = worse(incident.impact, impact);
  }
  return affected;
}

function addUpdate(page: StatuspagePage, incident: Incident, fields: IncidentFields, affected: AffectedComponent[]) {
  incident.updates.push({
    id: statuspageId(),
    status: incident.status,
    body: fields.body ?? '',
    createdAt: page.timestamp(),
    affectedComponents: affected,
    deliverNotifications: fields.deliverNotifications ?? true,
  });
}

function applyStatus(page: StatuspagePage, incident: Incident, fields: IncidentFields): void {
  if (!fields.status || fields.status === incident.status) return;
  const at = page.timestamp();
  incident.status = fields.status;
  if (fields.status === 'monitoring' && !incident.monitoringAt) incident.monitoringAt = at;
  incident.resolvedAt = fields.status === 'resolved' ? at : null;
}

export function createIncident(page: StatuspagePage, fields: IncidentFields): Incident {
  const at = page.timestamp();
  const incident: Incident = {
    id: statuspageId(),
    name: fields.name ?? '',
    status: 'investigating',
    impact: 'none',
    impactOverride: fields.impactOverride ?? null,
    metadata: fields.metadata ?? {},
    shortlink: `https://stspg.io/${statuspageId(9)}`,
    componentIds: [],
    updates: [],
    reminderIntervals: fields.reminderIntervals ?? null,
    createdAt: at,
    updatedAt: at,
    monitoringAt: null,
    resolvedAt: null,
  };
  applyStatus(page, incident, fields);
  const affected = applyComponents(page, incident, fields);
  if (incident.impactOverride) incident.impact = incident.impactOverride;
  addUpdate(page, incident, fields, affected);
  page.incidents.push(incident);
  return incident;
}

export function updateIncident(page: StatuspagePage, incident: Incident, fields: IncidentFields): void {
  if (fields.name !== undefined) incident.name = fields.name;
  if (fields.reminderIntervals !== undefined) incident.reminderIntervals = fields.reminderIntervals;
  if (fields.metadata) incident.metadata = { ...incident.metadata, ...fields.metadata };
  if (fields.impactOverride) incident.impactOverride = fields.impactOverride;
  applyStatus(page, incident, fields);
  const affected = applyComponents(page, incident, fields);
  if (incident.impactOverride) incident.impact = incident.impactOverride;
  if (fields.body !== undefined || fields.status !== undefined) addUpdate(page, incident, fields, affected);
  incident.updatedAt = page.timestamp();
}

export function updateComponent(page: StatuspagePage, id: string, fields: ComponentFields): void {
  const component = page.component(id);
  if (!component) return;
  if (fields.name !== undefined) component.name = fields.name;
  if (fields.description !== undefined) component.description = fields.description;
  if (fields.status !== undefined && fields.status !== '') component.status = fields.status;
  if (fields.showcase !== undefined) component.showcase = fields.showcase;
  if (fields.onlyShowIfDegraded !== undefined) component.onlyShowIfDegraded = fields.onlyShowIfDegraded;
  if (fields.groupId !== undefined) component.groupId = fields.groupId;
  if (fields.startDate !== undefined) component.startDate = fields.startDate;
  component.updatedAt = page.timestamp();
}
