/**
 * @module connectors/statuspage/incident
 * A Statuspage incident as warroom needs it (`StatuspageIncident`), read from the spec's `Incident`
 * with lenient schemas (unknown fields pass; fields warroom does not need may be null or absent), and
 * the marker test that finds the incident warroom created after a lost answer.
 */
import { z } from 'zod';

/** A realtime incident's status (the scheduled ones are for maintenance, which warroom does not publish). */
export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

/**
 * A component's status, the spec's enum; `''` names a component as affected without changing it.
 */
export type ComponentStatus =
  | 'operational'
  | 'under_maintenance'
  | 'degraded_performance'
  | 'partial_outage'
  | 'major_outage'
  | '';

export interface StatuspageUpdate {
  id: string;
  status: string;
  body: string;
  /** Ms since the epoch. */
  createdAt: number;
}

export interface StatuspageIncident {
  id: string;
  name: string;
  status: string;
  shortlink: string | undefined;
  /** The shortlink, else the incident's page URL if the API gives one. */
  url: string | undefined;
  metadata: Record<string, unknown>;
  /** Oldest first (the API lists them newest first). */
  updates: StatuspageUpdate[];
  /**
   * Affected component id → status: the incident's `components[]` (their status now), else the
   * latest `incident_updates[].affected_components` entry that names the component.
   */
  components: Record<string, string>;
  /** Ms since the epoch; undefined until resolved. */
  resolvedAt: number | undefined;
}

export interface StatuspageComponent {
  id: string;
  name: string;
  status: string;
}

const date = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a date');

export const componentSchema = z.object({ id: z.string().min(1), name: z.string(), status: z.string().nullish() });

const updateSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  body: z.string().nullish(),
  created_at: date,
  affected_components: z.array(z.object({ code: z.string().min(1), new_status: z.string().nullish() })).nullish(),
});

export const incidentSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: z.string(),
  shortlink: z.string().nullish(),
  url: z.string().nullish(),
  metadata: z.unknown(),
  incident_updates: z.array(updateSchema).nullish(),
  components: z.array(z.object({ id: z.string().min(1), status: z.string().nullish() })).nullish(),
  resolved_at: date.nullish(),
});

export type IncidentJson = z.infer<typeof incidentSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function toStatuspageIncident(json: IncidentJson): StatuspageIncident {
  // Newest first from the API; a stable sort by time keeps that order's reverse for equal times.
  const updates = [...(json.incident_updates ?? [])]
    .reverse()
    .map((u) => ({ id: u.id, status: u.status, body: u.body ?? '', createdAt: Date.parse(u.created_at), u }))
    .sort((a, b) => a.createdAt - b.createdAt);
  const components: Record<string, string> = {};
  for (const { u } of updates)
    for (const affected of u.affected_components ?? [])
      if (affected.new_status) components[affected.code] = affected.new_status;
  for (const component of json.components ?? []) {
    if (component.status) components[component.id] = component.status;
    else components[component.id] ??= '';
  }
  const shortlink = json.shortlink || undefined;
  return {
    id: json.id,
    name: json.name,
    status: json.status,
    shortlink,
    url: shortlink ?? (json.url || undefined),
    metadata: isRecord(json.metadata) ? json.metadata : {},
    updates: updates.map(({ id, status, body, createdAt }) => ({ id, status, body, createdAt })),
    components,
    resolvedAt: json.resolved_at ? Date.parse(json.resolved_at) : undefined,
  };
}

/** True when `have` holds everything in `want`: objects key by key (more keys may be there), the rest equal. */
export function containsMarker(have: unknown, want: unknown): boolean {
  if (isRecord(want))
    return isRecord(have) && Object.entries(want).every(([key, value]) => containsMarker(have[key], value));
  if (Array.isArray(want))
    return (
      Array.isArray(have) && have.length === want.length && want.every((value, i) => containsMarker(have[i], value))
    );
  return Object.is(have, want);
}

/** True when a marker says something: at least one value that is not an object or a list (else it matches all). */
export function markerHasValue(marker: unknown): boolean {
  if (isRecord(marker)) return Object.values(marker).some(markerHasValue);
  if (Array.isArray(marker)) return marker.some(markerHasValue);
  return marker !== undefined;
}
