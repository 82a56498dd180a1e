/**
 * @module export/model
 * The timeline model: one projection of an incident's log that every export (Markdown, HTML, JSON,
 * CSV) renders. Times are UTC epoch milliseconds; renderers turn them into text. A metric whose
 * milestone never happened is null: never guessed.
 */
import type { Severity } from '../incident/severity.js';
import type { Status } from '../incident/status.js';

export type EntryKind =
  | 'declared'
  | 'impact'
  | 'status'
  | 'severity'
  | 'role'
  | 'handoff'
  | 'step'
  | 'update'
  | 'note'
  | 'pin'
  | 'followup'
  | 'change'
  | 'resolved'
  | 'reopened'
  | 'system';

/** One line of the timeline, one per event in the log (system bookkeeping included, kind 'system'). */
export interface TimelineEntry {
  seq: number;
  /** When the responder acted (or, for a pinned message, when it was posted). */
  at: number;
  /** When Redis recorded it. */
  recordedAt: number;
  /** Slack user id, or 'warroom'. */
  actor: string;
  kind: EntryKind;
  /** The event type, e.g. 'StatusChanged'. */
  type: string;
  /** Plain text, written for a reader: "Status → Identified (step: Name the suspect change)". */
  text: string;
}

export interface Metrics {
  /** What durations count from: the backdated impact start if there is one, else the declare. */
  startedFrom: 'impact' | 'declare';
  /** → first move to Identified or beyond (the suspect named). */
  timeToIdentifyMs: number | null;
  /** → first move to Monitoring (the rollback's recovery verified). */
  timeToRollbackMs: number | null;
  /** → first status update posted. */
  timeToFirstCommunicationMs: number | null;
  /** → first move to Mitigating or beyond. */
  timeToMitigateMs: number | null;
  /** → resolved (the last resolution, if reopened). */
  timeToResolveMs: number | null;
  /** Time spent in each status, until resolved (or until the export, if still open). */
  timeInStatusMs: Partial<Record<Status, number>>;
  timeInSeverityMs: Partial<Record<Severity, number>>;
}

export interface RoleHistory {
  role: string;
  label: string;
  holders: { user: string; from: number; to: number | null }[];
}

export interface HandoffRecord {
  role: string;
  label: string;
  from: string | null;
  to: string;
  offeredAt: number;
  answeredAt: number | null;
  outcome: 'accepted' | 'declined' | 'expired' | 'withdrawn' | 'pending';
  reason: string | null;
}

export interface StepRecordView {
  number: number;
  id: string;
  title: string;
  owner: string;
  ownerLabel: string;
  status: 'open' | 'done' | 'skipped' | 'blocked';
  at: number | null;
  by: string | null;
  /** From the phase's start to the step being done or skipped. */
  durationMs: number | null;
  inputs: Record<string, string>;
  reason: string | null;
}

export interface PhaseView {
  id: string;
  title: string;
  parallel: boolean;
  startedAt: number | null;
  /** When its last step was done or skipped; null while any is open. */
  endedAt: number | null;
  steps: StepRecordView[];
}

export interface Timeline {
  incident: {
    id: string;
    title: string;
    severity: Severity;
    status: Status;
    summary: string | null;
    service: string | null;
    private: boolean;
    protocol: string | null;
    channel: { id: string; name: string } | null;
    declaredBy: string;
    declaredAt: number;
    impactStartedAt: number | null;
    resolvedAt: number | null;
    resolution: string | null;
    /** Start (impact or declare) to resolved; null while open. */
    durationMs: number | null;
  };
  /** The moment the timeline was built (the end of open spans). */
  generatedAt: number;
  timeZone: string;
  metrics: Metrics;
  roles: RoleHistory[];
  handoffs: HandoffRecord[];
  phases: PhaseView[];
  updates: { at: number; by: string; text: string }[];
  pins: { at: number; author: string; text: string; ts: string }[];
  followUps: { at: number; by: string; text: string; owner: string | null }[];
  notes: { at: number; by: string; text: string }[];
  /** Status and severity changes, for charts: the value from `at` on. */
  statusChanges: { at: number; status: Status }[];
  severityChanges: { at: number; severity: Severity }[];
  entries: TimelineEntry[];
  /** Slack user id → display name, when known (the CLI and demo fill it; else ids are shown). */
  people: Record<string, string>;
}
