/**
 * @module sandbox/statuspage/contract
 * What the emulated Statuspage is held to, from ../shared/contracts/statuspage/openapi-v1.json: the
 * enums of the incident and component schemas, the documented limits, and the operationIds of the
 * operations served. test/sandbox/statuspage-emulator.test.ts checks these against the spec itself.
 */

/** `postPagesPageIdIncidents.incident.status` (realtime and scheduled). */
export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'scheduled',
  'in_progress',
  'verifying',
  'completed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The statuses the spec's description gives for a realtime incident, the only kind emulated. */
export const REALTIME_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type RealtimeStatus = (typeof REALTIME_STATUSES)[number];

/** `impact_override` and `Incident.impact`. */
export const IMPACTS = ['none', 'maintenance', 'minor', 'major', 'critical'] as const;
export type Impact = (typeof IMPACTS)[number];

/** `Component.status` and the values of `incident.components` (the spec allows `""` too). */
export const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  '',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

/** "There is a maximum limit of 255 characters" (incident name). */
export const NAME_MAX = 255;
/** "There is a maximum limit of 25000 characters" (incident body). */
export const BODY_MAX = 25_000;
/** `GET …/incidents?limit`: "The default and maximum limit is 100." */
export const LIST_LIMIT_MAX = 100;
/** `GET …/components?per_page`: minimum 1, maximum 1100; "a default and maximum limit of 100". */
export const PER_PAGE_RANGE = { min: 1, max: 1100, effectiveMax: 100 } as const;

/** The spec's rate limit: "1 request / second as measured on a 60 second rolling window". */
export const RATE_LIMIT = { requests: 60, windowMs: 60_000 } as const;

export const OPERATIONS = {
  listIncidents: 'getPagesPageIdIncidents',
  createIncident: 'postPagesPageIdIncidents',
  listUnresolved: 'getPagesPageIdIncidentsUnresolved',
  getIncident: 'getPagesPageIdIncidentsIncidentId',
  updateIncident: 'patchPagesPageIdIncidentsIncidentId',
  listComponents: 'getPagesPageIdComponents',
  getComponent: 'getPagesPageIdComponentsComponentId',
  updateComponent: 'patchPagesPageIdComponentsComponentId',
} as const;
export type Operation = (typeof OPERATIONS)[keyof typeof OPERATIONS];
