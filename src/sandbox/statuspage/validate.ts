/**
 * @module sandbox/statuspage/validate
 * Focused validators for the fields of `postPagesPageIdIncidents`, `patchPagesPageIdIncidents` and
 * `patchPagesPageIdComponents` that the emulator models, with the spec's enums and limits. A value of
 * the wrong type or outside its enum, a name that is missing or too long, a component that is not on
 * the page and metadata whose top-level values are not objects are 422 with `{"message"}`. Form
 * bodies carry only strings, so there booleans are "true"/"false"/"1"/"0". Fields the emulator does
 * not model are ignored, as Rails' strong parameters ignore what they do not permit; the scheduled
 * maintenance fields are refused, since scheduled incidents are not emulated.
 */
import {
  BODY_MAX,
  COMPONENT_STATUSES,
  type ComponentStatus,
  IMPACTS,
  type Impact,
  INCIDENT_STATUSES,
  type IncidentStatus,
  NAME_MAX,
  REALTIME_STATUSES,
} from './contract.js';
import { type Answer, unprocessable } from './errors.js';
import type { StatuspagePage } from './model.js';
import type { Encoding } from './request-body.js';

export interface IncidentFields {
  name?: string;
  status?: IncidentStatus;
  impactOverride?: Impact;
  body?: string;
  components?: [string, ComponentStatus][];
  componentIds?: string[];
  deliverNotifications?: boolean;
  metadata?: Record<string, Record<string, unknown>>;
  reminderIntervals?: string;
}

export interface ComponentFields {
  name?: string;
  description?: string;
  status?: ComponentStatus;
  showcase?: boolean;
  onlyShowIfDegraded?: boolean;
  groupId?: string | null;
  startDate?: string;
}

const SCHEDULED_FIELDS = ['scheduled_for', 'scheduled_until', 'scheduled_remind_prior', 'scheduled_auto_in_progress'];

type Checked<T> = { value: T } | { answer: Answer };

class Invalid extends Error {}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function human(field: string): string {
  const words = field.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function str(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new Invalid(`${human(field)} must be a string`);
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  const text = str(value, field);
  if (!(allowed as readonly string[]).includes(text))
    throw new Invalid(`${human(field)} "${text}" is not included in the list (${allowed.filter(Boolean).join(', ')})`);
  return text as T;
}

function bool(value: unknown, field: string, encoding: Encoding): boolean {
  if (typeof value === 'boolean') return value;
  if (encoding === 'form' && typeof value === 'string') {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
  }
  throw new Invalid(`${human(field)} must be true or false`);
}

function knownComponent(page: StatuspagePage, id: string): string {
  if (!page.component(id)) throw new Invalid(`Component ${id} is not a component of page ${page.pageId}`);
  return id;
}

function metadata(value: unknown): Record<string, Record<string, unknown>> {
  if (!isPlainObject(value)) throw new Invalid('Metadata must be an object');
  for (const [key, inner] of Object.entries(value))
    if (!isPlainObject(inner)) throw new Invalid(`Metadata value for "${key}" must be an object`);
  return structuredClone(value) as Record<string, Record<string, unknown>>;
}

function guard<T>(work: () => T): Checked<T> {
  try {
    return { value: work() };
  } catch (error) {
    if (error instanceof Invalid) return { answer: unprocessable(error.message) };
    throw error;
  }
}

/** The incident fields of a create (`mode: 'create'`, name required) or a PATCH. */
export function validateIncident(
  page: StatuspagePage,
  input: Record<string, unknown>,
  encoding: Encoding,
  mode: 'create' | 'update',
): Checked<IncidentFields> {
  return guard(() => {
    const fields: IncidentFields = {};
    const scheduled = SCHEDULED_FIELDS.find((f) => input[f] !== undefined);
    if (scheduled) throw new Invalid(`Scheduled maintenance is not emulated (${scheduled})`);
    if (input.name !== undefined || mode === 'create') {
      const name = input.name === undefined || input.name === null ? '' : str(input.name, 'name');
      if (name.trim() === '') throw new Invalid("Name can't be blank");
      if (name.length > NAME_MAX) throw new Invalid(`Name is too long (maximum is ${NAME_MAX} characters)`);
      fields.name = name;
    }
    if (input.status !== undefined) {
      const status = oneOf(input.status, 'status', INCIDENT_STATUSES);
      if (!(REALTIME_STATUSES as readonly string[]).includes(status))
        throw new Invalid(`Status "${status}" is for scheduled maintenance, which is not emulated`);
      fields.status = status;
    }
    if (input.impact_override !== undefined)
      fields.impactOverride = oneOf(input.impact_override, 'impact_override', IMPACTS);
    if (input.body !== undefined) {
      const body = str(input.body, 'body');
      if (body.length > BODY_MAX) throw new Invalid(`Body is too long (maximum is ${BODY_MAX} characters)`);
      fields.body = body;
    }
    if (input.components !== undefined) {
      if (!isPlainObject(input.components)) throw new Invalid('Components must be an object of component id to status');
      fields.components = Object.entries(input.components).map(([id, status]) => [
        knownComponent(page, id),
        oneOf(status, `status of component ${id}`, COMPONENT_STATUSES),
      ]);
    }
    if (input.component_ids !== undefined) {
      if (!Array.isArray(input.component_ids)) throw new Invalid('Component ids must be an array');
      fields.componentIds = input.component_ids.map((id) => knownComponent(page, str(id, 'component_ids')));
    }
    if (input.deliver_notifications !== undefined)
      fields.deliverNotifications = bool(input.deliver_notifications, 'deliver_notifications', encoding);
    if (input.metadata !== undefined) fields.metadata = metadata(input.metadata);
    if (input.reminder_intervals !== undefined)
      fields.reminderIntervals = str(input.reminder_intervals, 'reminder_intervals');
    return fields;
  });
}

/** The fields of a component PATCH. */
export function validateComponent(input: Record<string, unknown>, encoding: Encoding): Checked<ComponentFields> {
  return guard(() => {
    const fields: ComponentFields = {};
    if (input.name !== undefined) {
      const name = str(input.name, 'name');
      if (name.trim() === '') throw new Invalid("Name can't be blank");
      fields.name = name;
    }
    if (input.description !== undefined) fields.description = str(input.description, 'description');
    if (input.status !== undefined) fields.status = oneOf(input.status, 'status', COMPONENT_STATUSES);
    if (input.showcase !== undefined) fields.showcase = bool(input.showcase, 'showcase', encoding);
    if (input.only_show_if_degraded !== undefined)
      fields.onlyShowIfDegraded = bool(input.only_show_if_degraded, 'only_show_if_degraded', encoding);
    // "If group_id is "null" then the component will be removed from a group."
    if (input.group_id !== undefined) {
      if (input.group_id !== null && input.group_id !== 'null' && input.group_id !== '')
        throw new Invalid(
          `Group ${String(input.group_id)} is not a component group of this page (groups are not emulated)`,
        );
      fields.groupId = null;
    }
    if (input.start_date !== undefined) {
      const date = str(input.start_date, 'start_date');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Invalid('Start date must be a date (YYYY-MM-DD)');
      fields.startDate = date;
    }
    return fields;
  });
}
