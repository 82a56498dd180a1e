/**
 * @module slack/drafts
 * What a responder starts writing from: message drafts filled with the incident's facts (title, impact,
 * the impact window with its date, the status, when the next update comes, in the display time zone),
 * and the update form's three parts (impact, what we know, what we are doing) with the promised time.
 */
import { severityLabel } from '../incident/severity.js';
import type { IncidentState } from '../incident/state.js';
import { statusLabel } from '../incident/status.js';
import type { Protocol } from '../protocol/definition.js';
import { updateCadence } from '../protocol/progress.js';
import { fillMessage, type MessageTemplate } from '../templates/messages.js';
import { clock, dateTime } from './time.js';

/** Status-page states (as status pages name them) for warroom's statuses. */
const STATUS_PAGE_STATE = {
  investigating: 'Investigating',
  identified: 'Identified',
  mitigating: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
} as const;

/** Drafts written for customers (the status page, the all-clear); the others are for the team. */
const FOR_CUSTOMERS: ReadonlySet<string> = new Set(['status-page', 'customer-notice']);

export function draftAudience(draft: string): 'internal' | 'customers' {
  return FOR_CUSTOMERS.has(draft) ? 'customers' : 'internal';
}

/** The text as a sentence, its case untouched (a title's proper nouns and acronyms stay as typed). */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** `2026-11-28 03:12 to 04:40 (Europe/Madrid)`; the date again when the window crosses midnight. */
function impactWindow(from: number, to: number, timeZone: string): string {
  // dateTime is `yyyy-MM-dd HH:mm (zone)`: the zone is said once, at the end.
  const start = dateTime(from, timeZone).slice(0, 16);
  const end = dateTime(to, timeZone).slice(0, 16);
  return `${start} to ${start.slice(0, 10) === end.slice(0, 10) ? end.slice(11) : end} (${timeZone})`;
}

/** 'yes' or '' (false for Mustache), for `{{#status_identified}}…{{/status_identified}}` in templates. */
const flag = (on: boolean) => (on ? 'yes' : '');

export function draftValues(
  state: IncidentState,
  protocol: Protocol | undefined,
  now: number,
  timeZone: string,
): Record<string, string> {
  // Posting the draft is the update: the next one is due a cadence after now.
  const cadence = updateCadence(state, protocol, now);
  const next = state.status === 'resolved' || cadence === undefined ? undefined : now + cadence;
  const impact = state.summary ?? state.title;
  const impactStart = state.impactStartedAt ?? state.declaredAt;
  const pageState = STATUS_PAGE_STATE[state.status];
  return {
    id: state.id,
    title: state.title,
    severity: severityLabel(state.severity),
    status: statusLabel(state.status),
    status_page_state: pageState,
    status_investigating: flag(pageState === 'Investigating'),
    status_identified: flag(pageState === 'Identified'),
    status_monitoring: flag(pageState === 'Monitoring'),
    status_resolved: flag(pageState === 'Resolved'),
    impact,
    impact_sentence: sentence(impact),
    // The older name, for teams' own templates; it no longer lowercases anything.
    impact_lower: sentence(impact),
    service: state.service ?? '',
    started: clock(impactStart, timeZone),
    ended: clock(state.resolvedAt ?? now, timeZone),
    started_at: dateTime(impactStart, timeZone),
    impact_window: impactWindow(impactStart, state.resolvedAt ?? now, timeZone),
    timezone: timeZone,
    next_update: next ? clock(next, timeZone) : 'when we know more',
    next_update_at: next ? `${clock(next, timeZone)} (${timeZone})` : '',
    channel: state.channel?.name ?? '',
    last_update: state.lastUpdate?.text ?? '',
  };
}

export function fillDraft(
  template: MessageTemplate,
  state: IncidentState,
  protocol: Protocol | undefined,
  now: number,
  timeZone: string,
): string {
  return fillMessage(template, draftValues(state, protocol, now, timeZone))
    .trim()
    .slice(0, 3000);
}

/** The three parts of an update written in the update form. */
export interface UpdateParts {
  impact: string;
  known: string;
  doing: string;
}

const IMPACT = 'Impact: ';
const KNOWN = 'What we know: ';
const DOING = 'What we are doing: ';

/**
 * The update as posted: three labelled parts and the promised time.
 * @example
 * composeUpdate({ impact: 'EU checkout fails', known: 'Since the 03:05 deploy', doing: 'Rolling back' }, at, 'Europe/Madrid')
 * // 'Impact: EU checkout fails\nWhat we know: …\nWhat we are doing: Rolling back\nNext update by 03:52 (Europe/Madrid)'
 */
export function composeUpdate(parts: UpdateParts, nextUpdateBy: number, timeZone: string): string {
  return [
    `${IMPACT}${parts.impact}`,
    `${KNOWN}${parts.known}`,
    `${DOING}${parts.doing}`,
    `Next update by ${clock(nextUpdateBy, timeZone)} (${timeZone})`,
  ].join('\n');
}

/** The impact part of an update posted with the form, if it was. */
export function impactOf(update: string): string | undefined {
  if (!update.startsWith(IMPACT)) return undefined;
  const end = update.indexOf(`\n${KNOWN}`);
  return end < 0 ? undefined : update.slice(IMPACT.length, end).trim() || undefined;
}

/** What the update form starts with: the impact as last told, and the cadence now. */
export function updateFormStart(
  state: IncidentState,
  protocol: Protocol | undefined,
  now: number,
): { impact: string; cadence: number | undefined } {
  const last = state.lastUpdate ? impactOf(state.lastUpdate.text) : undefined;
  return { impact: last ?? state.summary ?? state.title, cadence: updateCadence(state, protocol, now) };
}
