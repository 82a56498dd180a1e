/**
 * @module incident/brief
 * The handoff brief: where an incident stands, built from its log, for whoever takes over or joins
 * late. Pure: the state, the events and the time in; the brief out.
 */
import type { RecordedEvent } from './events.js';
import { type RolePolicy, roleLabel } from './roles.js';
import { severityLabel } from './severity.js';
import type { IncidentState } from './state.js';
import { statusLabel } from './status.js';

export interface BriefLine {
  at: number;
  text: string;
  /** Who did it. */
  by?: string;
  /** Someone the line is about (shown after the text), e.g. the new commander. */
  user?: string;
}

export interface OpenItem {
  text: string;
  user?: string;
}

export interface Brief {
  id: string;
  title: string;
  severity: string;
  status: string;
  /** Since declare (or until resolved). */
  elapsedMs: number;
  roles: { role: string; label: string; user: string | undefined }[];
  /** Milestones reached, oldest first. */
  done: BriefLine[];
  /** What still needs someone. */
  open: OpenItem[];
  lastUpdate: BriefLine | undefined;
  /** The last few notes, oldest first. */
  notes: BriefLine[];
}

const NOTES_SHOWN = 3;

function milestone(event: RecordedEvent, policy: RolePolicy): Omit<BriefLine, 'at' | 'by'> | undefined {
  switch (event.type) {
    case 'StatusChanged':
      return { text: `status ${statusLabel(event.data.to)}` };
    case 'SeverityChanged':
      return { text: `severity ${severityLabel(event.data.from)} → ${severityLabel(event.data.to)}` };
    case 'IncidentResolved':
      return { text: `resolved: ${event.data.summary}` };
    case 'IncidentReopened':
      return { text: `reopened: ${event.data.reason}` };
    case 'HandoffAccepted':
      return { text: `${roleLabel(policy, event.data.role)} handed over to`, user: event.data.to };
    default:
      return undefined;
  }
}

export function buildBrief(
  state: IncidentState,
  events: readonly RecordedEvent[],
  policy: RolePolicy,
  now: number,
): Brief {
  const done: BriefLine[] = [];
  const notes: BriefLine[] = [];
  for (const event of events) {
    const line = milestone(event, policy);
    if (line) done.push({ at: event.at, by: event.actor, ...line });
    if (event.type === 'NoteAdded') notes.push({ at: event.at, text: event.data.text, by: event.actor });
  }
  const roles = policy.roles.map((r) => ({ role: r.name, label: r.label, user: state.roles[r.name] }));
  const open: OpenItem[] = [
    ...roles.filter((r) => !r.user).map((r) => ({ text: `${r.label} is not seated` })),
    ...Object.values(state.offers).map((o) => ({
      text: `${roleLabel(policy, o.role)} offered, not yet accepted, to`,
      user: o.to,
    })),
  ];
  return {
    id: state.id,
    title: state.title,
    severity: severityLabel(state.severity),
    status: statusLabel(state.status),
    elapsedMs: (state.resolvedAt ?? now) - state.declaredAt,
    roles,
    done,
    open,
    lastUpdate: state.lastUpdate
      ? { at: state.lastUpdate.at, text: state.lastUpdate.text, by: state.lastUpdate.by }
      : undefined,
    notes: notes.slice(-NOTES_SHOWN),
  };
}
