/**
 * @module export/model
 * The timeline model: one projection of an incident's log that every export (Markdown, HTML, JSON,
 * CSV) renders. Times are UTC epoch milliseconds; renderers turn them into text. A metric whose
 * milestone never happened is null: never guessed.
 */
import type { EventOf } from '../incident/events.js';
import type { Severity } from '../incident/severity.js';
import type { RollbackStatus } from '../incident/state.js';
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
  | 'statuspage'
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

/**
 * A deploy as the deploy system reported it. Every text in it (service, version, author, url…) comes from outside
 * warroom: renderers treat it as untrusted, and link `url` only when it is http(s).
 */
export interface DeployView {
  deployId: string;
  service: string;
  environment: string;
  version: string;
  /** The full commit, when reported; renderers show its first 7 characters. */
  commit: string | null;
  url: string | null;
  author: string | null;
  /** When it went live (or reached the state it was reported in). */
  at: number;
  source: 'github' | 'argocd' | 'webhook' | 'cli';
}

/** A deploy someone named the likely cause ([Suspect]). */
export interface SuspectView {
  deploy: DeployView;
  /** What was live before it, when known: where a rollback goes. */
  target: DeployView | null;
  namedAt: number;
  namedBy: string;
}

/** A rollback someone confirmed, and what became of it. */
export interface RollbackView {
  rollbackId: string;
  service: string;
  environment: string;
  /** The version live when it was confirmed, when known. */
  from: string | null;
  target: { version: string; deployId: string | null };
  driver: 'github_workflow' | 'argocd' | 'webhook';
  /** What was to run, in words (it names versions, which come from the deploy systems). */
  plan: string;
  /** Versions that landed after the suspect, confirmed to be rolled back with it. */
  alsoRollsBack: string[];
  /** Where it ended up: requested, dispatched (started in the deploy system), failed or deployed. */
  status: RollbackStatus;
  requestedAt: number;
  requestedBy: string;
  dispatchedAt: number | null;
  /** Its id in the deploy system (a run id, an operation, a request) and a link to it, as reported. */
  remote: string | null;
  url: string | null;
  failedAt: number | null;
  /** The system that failed it and its error, as reported. */
  failure: { system: string; error: string } | null;
  /** When the target version went live (the deploy's own time), and that deploy. */
  deployedAt: number | null;
  deploy: DeployView | null;
}

/** A deploy reported while the incident was open. */
export interface LandedDeployView {
  deploy: DeployView;
  /** The deploy system's state: success, failure, in_progress… */
  state: EventOf<'DeployLanded'>['data']['state'];
  /** Whether the deploy freeze held when it landed. */
  frozen: boolean;
  /** The rollback it is, when it is warroom's. */
  rollbackId: string | null;
  /** When warroom heard of it. */
  reportedAt: number;
}

/** What changed: suspects, rollbacks and deploys during the incident. */
export interface ChangeView {
  /** Every suspect named, in order: the last is the suspect. */
  suspects: SuspectView[];
  /**
   * From the suspect going live to the impact start (null when none was recorded) and to the declare. Positive when
   * it went live before; negative when it went live after.
   */
  suspectToImpactMs: number | null;
  suspectToDeclareMs: number | null;
  /** Every rollback confirmed, in order. */
  rollbacks: RollbackView[];
  /** Every deploy reported while the incident was open, in the order reported. */
  deploysDuring: LandedDeployView[];
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
  /** The suspect deploy, the rollbacks and the deploys during the incident; null when warroom recorded none of it. */
  change: ChangeView | null;
  /** Status and severity changes, for charts: the value from `at` on. */
  statusChanges: { at: number; status: Status }[];
  severityChanges: { at: number; severity: Severity }[];
  entries: TimelineEntry[];
  /** Slack user id → display name, when known (the CLI and demo fill it; else ids are shown). */
  people: Record<string, string>;
}
