/**
 * @module sandbox/statuspage/model
 * The emulated page: its components and incidents in memory, and how the API shows them, with the
 * fields of the spec's `Component`, `Incident` and `IncidentUpdate` schemas (those the emulator does
 * not model are null or false, as on a page that does not use them). Ids are 12 lowercase letters and
 * digits, as Statuspage's are; times are UTC with milliseconds.
 */
import { randomInt } from 'node:crypto';
import type { ComponentStatus, Impact, IncidentStatus } from './contract.js';

export interface Component {
  id: string;
  name: string;
  description: string | null;
  status: ComponentStatus;
  position: number;
  groupId: string | null;
  showcase: boolean;
  onlyShowIfDegraded: boolean;
  startDate: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One entry of `incident_updates[].affected_components`. */
export interface AffectedComponent {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface IncidentUpdate {
  id: string;
  status: IncidentStatus;
  body: string;
  createdAt: string;
  affectedComponents: AffectedComponent[];
  deliverNotifications: boolean;
}

export interface Incident {
  id: string;
  name: string;
  status: IncidentStatus;
  impact: Impact;
  impactOverride: Impact | null;
  /** Kept as given: "All top-level values in the object must also be objects." */
  metadata: Record<string, Record<string, unknown>>;
  shortlink: string;
  /** The components this incident affects, in the order they were first named. */
  componentIds: string[];
  /** Oldest first here; the API shows them newest first. */
  updates: IncidentUpdate[];
  reminderIntervals: string | null;
  createdAt: string;
  updatedAt: string;
  monitoringAt: string | null;
  resolvedAt: string | null;
}

export interface ComponentSpec {
  id: string;
  name: string;
  status?: ComponentStatus;
  description?: string;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function statuspageId(length = 12): string {
  let id = '';
  for (let i = 0; i < length; i += 1) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export class StatuspagePage {
  readonly components: Component[] = [];
  readonly incidents: Incident[] = [];

  constructor(
    readonly pageId: string,
    readonly now: () => number,
  ) {}

  timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  addComponent(spec: ComponentSpec): Component {
    if (this.component(spec.id)) throw new Error(`component ${spec.id} is already on the page`);
    const at = this.timestamp();
    const component: Component = {
      id: spec.id,
      name: spec.name,
      description: spec.description ?? null,
      status: spec.status ?? 'operational',
      position: this.components.length + 1,
      groupId: null,
      showcase: true,
      onlyShowIfDegraded: false,
      startDate: null,
      createdAt: at,
      updatedAt: at,
    };
    this.components.push(component);
    return component;
  }

  component(id: string): Component | undefined {
    return this.components.find((c) => c.id === id);
  }

  incident(id: string): Incident | undefined {
    return this.incidents.find((i) => i.id === id);
  }
}

export function componentJson(page: StatuspagePage, component: Component): Record<string, unknown> {
  return {
    id: component.id,
    page_id: page.pageId,
    group_id: component.groupId,
    created_at: component.createdAt,
    updated_at: component.updatedAt,
    group: false,
    name: component.name,
    description: component.description,
    position: component.position,
    status: component.status,
    showcase: component.showcase,
    only_show_if_degraded: component.onlyShowIfDegraded,
    automation_email: `component+${component.id}@notifications.statuspage.io`,
    start_date: component.startDate,
  };
}

function updateJson(incident: Incident, update: IncidentUpdate): Record<string, unknown> {
  return {
    id: update.id,
    incident_id: incident.id,
    affected_components: update.affectedComponents.map((a) => ({ ...a })),
    body: update.body,
    created_at: update.createdAt,
    custom_tweet: null,
    deliver_notifications: update.deliverNotifications,
    display_at: update.createdAt,
    status: update.status,
    tweet_id: null,
    twitter_updated_at: null,
    updated_at: update.createdAt,
    wants_twitter_update: false,
  };
}

export function incidentJson(page: StatuspagePage, incident: Incident): Record<string, unknown> {
  return {
    id: incident.id,
    components: incident.componentIds
      .map((id) => page.component(id))
      .filter((c): c is Component => c !== undefined)
      .map((c) => componentJson(page, c)),
    created_at: incident.createdAt,
    impact: incident.impact,
    impact_override: incident.impactOverride,
    incident_updates: [...incident.updates].reverse().map((u) => updateJson(incident, u)),
    metadata: structuredClone(incident.metadata),
    monitoring_at: incident.monitoringAt,
    name: incident.name,
    page_id: page.pageId,
    postmortem_body: null,
    postmortem_body_last_updated_at: null,
    postmortem_ignored: false,
    postmortem_notified_subscribers: false,
    postmortem_notified_twitter: false,
    postmortem_published_at: null,
    resolved_at: incident.resolvedAt,
    scheduled_auto_completed: false,
    scheduled_auto_in_progress: false,
    scheduled_for: null,
    auto_transition_deliver_notifications_at_end: false,
    auto_transition_deliver_notifications_at_start: false,
    auto_transition_to_maintenance_state: false,
    auto_transition_to_operational_state: false,
    scheduled_remind_prior: false,
    scheduled_reminded_at: null,
    scheduled_until: null,
    shortlink: incident.shortlink,
    status: incident.status,
    updated_at: incident.updatedAt,
    reminder_intervals: incident.reminderIntervals,
  };
}
