/**
 * @module export/model
 * The timeline model: one projection of an incident's log that every export (Markdown, HTML, JSON,
 * CSV) renders. Times are UTC epoch milliseconds; renderers turn them into text. A metric whose
 * milestone never happened is null: never guessed.
 */
import type { COMPONENT_STATUSES, EventOf, STATUS_PAGE_STATUSES } from '../incident/events.js';
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
  | 'page'
  | 'resolved'
  | 'reopened'
  | 'system';

/** Who a message was written for: the team, or customers (a status-page publish, a customer draft). */
export type Audience = 'internal' | 'customers';

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
  /** For an update, who it was written for; `customers` for a status-page publish; null for everything else. */
  audience: Audience | null;
}

/**
 * One key duration, counted from one moment of the log to another, with the words that say so. `ms` is null when
 * either moment was never recorded (never 0 for "did not happen"), and then `to` and `milestone` are null too.
 */
export interface KeyDuration<M extends string> {
  ms: number | null;
  /** What it counts from: the impact start or the declare. */
  countsFrom: 'impact' | 'declare';
  /** The moment it counts from; null only for the time to detect without a recorded impact start. */
  from: number | null;
  /** The moment its milestone was reached; null when it never was. */
  to: number | null;
  /** Which milestone it counted to, where there is more than one way to reach it; null when it was never reached. */
  milestone: M | null;
  /**
   * One line, without times: what it counts from and to and how that was decided, e.g. "impact start → impact
   * ended, by the key metric checkout error rate (payments-api): its first healthy minute". The key metric's label
   * and service come from the catalog: renderers escape this.
   */
  definition: string;
}

/** The key durations the postmortem shows, each with its definition. */
export interface Durations {
  /** Impact start → declare; null when no impact start was recorded. */
  detect: KeyDuration<'declare'>;
  /**
   * Declare → a person in command. A person who declares is seated as commander by their own declare: acknowledged at
   * the declare (0). A declare by warroom itself is acknowledged when a person first takes command: a commander
   * handoff accepted, or command assigned by a person.
   */
  acknowledge: KeyDuration<'declare' | 'handoff' | 'assignment'>;
  /** → the first suspect named ([Suspect] on a deploy); without one, the first move to Identified or beyond. */
  identify: KeyDuration<'suspect' | 'status'>;
  /** → impact ended: the key metric's first healthy minute (RecoveryObserved); without it, the first move to Monitoring. */
  mitigate: KeyDuration<'key-metric' | 'monitoring'>;
  /** → resolved (the last resolution, if reopened). */
  resolve: KeyDuration<'resolved'>;
  /** → the first status update posted in Slack, whatever its audience. */
  firstInternal: KeyDuration<'update'>;
  /** → the first status-page publish; without one, the first update for customers posted in Slack. */
  firstExternal: KeyDuration<'status-page' | 'slack-draft'>;
}

export interface Metrics {
  /** What durations count from: the backdated impact start if there is one, else the declare. */
  startedFrom: 'impact' | 'declare';
  /** The key durations, each with its definition: what the postmortem shows. */
  durations: Durations;
  /**
   * JSON v1's meaning, kept for its readers: the first move to Identified or beyond. The postmortem's time to identify
   * is `durations.identify` (the suspect named first).
   */
  timeToIdentifyMs: number | null;
  /** JSON v1's meaning, kept for its readers: the first move to Monitoring. */
  timeToRollbackMs: number | null;
  /** → first status update posted in Slack, whatever its audience (the internal one: the team sees it). */
  timeToFirstCommunicationMs: number | null;
  /** → first status-page publish; without one, the first update for customers posted in Slack. */
  timeToFirstExternalMs: number | null;
  /** Which of the two `timeToFirstExternalMs` counts to; null when neither happened. */
  firstExternalFrom: 'status-page' | 'slack-draft' | null;
  /**
   * JSON v1's meaning, kept for its readers: the first move to Mitigating or beyond (a fix under way, not the impact
   * ended). The postmortem's time to mitigate is `durations.mitigate`.
   */
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

export type StatusPageStatus = (typeof STATUS_PAGE_STATUSES)[number];
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

/** A status-page component and what a publish set it to. */
export interface StatusPageComponentView {
  /** Statuspage's id for it, as the publish named it. */
  componentId: string;
  /** The service the catalog (templates/services.yaml) gives that component, when the exporter has it; else null. */
  service: string | null;
  status: ComponentStatus;
}

/**
 * A status-page publish comms asked for, and what became of it: published (customers saw it), refused by Statuspage
 * (customers did not), or requested with no answer yet. What Statuspage took when published, what was asked for
 * otherwise. Every text in it (the body, the name, the link, the error, the ids) is untrusted.
 */
export interface StatusPagePublishView {
  via: 'status-page';
  publishId: string;
  outcome: 'published' | 'refused' | 'requested';
  /** When it was published, refused, or (with no answer) asked for. */
  at: number;
  requestedAt: number;
  requestedBy: string;
  /** The incident's name on the page, given with the first publish. */
  name: string | null;
  status: StatusPageStatus;
  components: StatusPageComponentView[];
  body: string;
  /** Whether subscribers were to be notified (comms' decision). */
  notify: boolean;
  /** The incident on Statuspage and its link, as Statuspage gave them; null unless published. */
  statuspageIncidentId: string | null;
  url: string | null;
  /** Statuspage's message when it refused it. */
  error: string | null;
}

/** An update for customers posted in Slack (the customer-notice or status-page draft). */
export interface CustomerUpdateView {
  via: 'slack';
  at: number;
  by: string;
  /** The message draft it was written from (templates/messages/<name>.md), when known. */
  draft: string | null;
  text: string;
}

/** What customers were told (or were to be told): a status-page publish, or an update for customers in Slack. */
export type CustomerMessageView = StatusPagePublishView | CustomerUpdateView;

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
  /** Every update posted in Slack, internal and for customers. */
  updates: { at: number; by: string; text: string; audience: Audience }[];
  pins: { at: number; author: string; text: string; ts: string }[];
  followUps: { at: number; by: string; text: string; owner: string | null }[];
  notes: { at: number; by: string; text: string }[];
  /** The suspect deploy, the rollbacks and the deploys during the incident; null when warroom recorded none of it. */
  change: ChangeView | null;
  /** Every status-page publish and every update for customers posted in Slack, in time order; internal updates left out. */
  customersTold: CustomerMessageView[];
  /** Status and severity changes, for charts: the value from `at` on. */
  statusChanges: { at: number; status: Status }[];
  severityChanges: { at: number; severity: Severity }[];
  entries: TimelineEntry[];
  /** Slack user id → display name, when known (the CLI and demo fill it; else ids are shown). */
  people: Record<string, string>;
}
