/**
 * @module slack/drafts
 * Message drafts filled with the incident's facts: title, impact, start time, status and the time of
 * the next update, in the display time zone. The responder edits the draft before it is posted.
 */
import { severityLabel } from '../incident/severity.js';
import type { IncidentState } from '../incident/state.js';
import { statusLabel } from '../incident/status.js';
import type { Protocol } from '../protocol/definition.js';
import { nextUpdateDue } from '../protocol/progress.js';
import { fillMessage, type MessageTemplate } from '../templates/messages.js';
import { clock } from './time.js';

/** Status-page states (as status pages name them) for warroom's statuses. */
const STATUS_PAGE_STATE = {
  investigating: 'Investigating',
  identified: 'Identified',
  mitigating: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
} as const;

function sentence(text: string): string {
  const trimmed = text.trim();
  const lower = trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
  return /[.!?]$/.test(lower) ? lower : `${lower}.`;
}

export function draftValues(
  state: IncidentState,
  protocol: Protocol | undefined,
  now: number,
  timeZone: string,
): Record<string, string> {
  const due = nextUpdateDue(state, protocol);
  const impact = state.summary ?? state.title;
  return {
    id: state.id,
    title: state.title,
    severity: severityLabel(state.severity),
    status: statusLabel(state.status),
    status_page_state: STATUS_PAGE_STATE[state.status],
    impact,
    impact_lower: sentence(impact),
    service: state.service ?? '',
    started: clock(state.declaredAt, timeZone),
    ended: clock(state.resolvedAt ?? now, timeZone),
    timezone: timeZone,
    next_update: due ? clock(due, timeZone) : 'when we know more',
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
  return fillMessage(template, draftValues(state, protocol, now, timeZone)).slice(0, 3000);
}
