/**
 * @module incident/brief
 * The handoff brief: where an incident stands, built from its log, for whoever takes over or joins
 * late. Pure: the state, the events, the team's rules, the time and (optionally) the key metric as last
 * read in; the brief out. Everything is in UTC epoch ms; values are formatted in their unit.
 */
import { formatMetric } from '../metric/format.js';
import type { MetricSnapshot } from '../metric/snapshot.js';
import { describeThreshold, parseThreshold } from '../metric/threshold.js';
import { findStep, type StepTrigger } from '../protocol/definition.js';
import { nextUpdateDue, openSteps, stepDueAt } from '../protocol/progress.js';
import { describeDeploy } from './decide-changes.js';
import type { RecordedEvent } from './events.js';
import { type RolePolicy, roleLabel } from './roles.js';
import { protocolNamed, type Rules } from './rules.js';
import { severityLabel } from './severity.js';
import { currentSuspect, type IncidentState, latestRollback, type RollbackStatus } from './state.js';
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

/** A protocol step and what was said about it: the evidence given when done, the reason when skipped or blocked. */
export interface StepLine {
  step: string;
  title: string;
  status: 'done' | 'skipped' | 'blocked';
  at: number;
  by: string;
  /** The inputs given when it was done (evidence), or the reason it was skipped or blocked; may be empty. */
  detail: string;
}

/** Something due at a time: the next update, a handoff offer's lapse, a late step's target. */
export interface BriefTimer {
  at: number;
  kind: 'update' | 'offer' | 'step';
  text: string;
  /** Someone the line is about (the receiver of an offer, the owner of a late step). */
  user?: string;
  /** For an offer: which one (the offer message leaves its own out, it says so itself). */
  offerId?: string;
}

/** The key metric, values already in its unit ("0.4%"), times left for the reader's time zone. */
export interface BriefMetric {
  label: string;
  /** The value when last read, if it was. */
  now: string | undefined;
  /** When it was last read (epoch ms), with a snapshot. */
  readAt: number | undefined;
  isHealthy: boolean | undefined;
  /** The healthy threshold in the metric's unit: "< 1%". */
  healthy: string | undefined;
  baseline: string | undefined;
  /** The first healthy minute of a settled recovery, if it recovered. */
  recoveredAt: number | undefined;
  /** Since when the metric could not be read, while it cannot. */
  unavailableSince: number | undefined;
  graph: string | undefined;
}

export interface Brief {
  id: string;
  title: string;
  severity: string;
  status: string;
  /** When the brief was built (epoch ms). */
  at: number;
  /** Since declare (or until resolved). */
  elapsedMs: number;
  roles: { role: string; label: string; user: string | undefined }[];
  /** The suspect change named last, and what was live before it (where a rollback goes). */
  suspect: { deploy: string; target: string | undefined; at: number; by: string } | undefined;
  /** The latest rollback, whatever became of it. */
  rollback:
    | {
        service: string;
        version: string;
        status: RollbackStatus;
        /** When it reached its status (deployed), else when it was confirmed. */
        at: number;
        by: string;
        error: string | undefined;
        url: string | undefined;
      }
    | undefined;
  metric: BriefMetric | undefined;
  /** Steps done or skipped, oldest first, with their evidence or reason (facts shown above left out). */
  steps: StepLine[];
  /** Steps blocked now, with why. */
  blocked: StepLine[];
  /** Milestones reached, oldest first. */
  done: BriefLine[];
  /** What still needs someone. */
  open: OpenItem[];
  followUps: { text: string; owner: string | undefined; at: number; by: string }[];
  lastUpdate: (BriefLine & { by: string; audience: 'internal' | 'customers' }) | undefined;
  /** When the next update is due (none when resolved or the severity has no cadence). */
  nextUpdateDue: number | undefined;
  /** What is due next, soonest first: the next update, offers lapsing, steps past their target. */
  timers: BriefTimer[];
  /** The last few notes, oldest first. */
  notes: BriefLine[];
}

const NOTES_SHOWN = 3;

/** Step triggers whose facts the brief shows in their own place (suspect, rollback). */
const SHOWN_ELSEWHERE: Partial<Record<StepTrigger, (brief: Pick<Brief, 'suspect' | 'rollback'>) => boolean>> = {
  'suspect-named': (b) => b.suspect !== undefined,
  'rollback-requested': (b) => b.rollback !== undefined,
  'rollback-deployed': (b) => b.rollback?.status === 'deployed',
};

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

function metricOf(state: IncidentState, snapshot: MetricSnapshot | undefined): BriefMetric | undefined {
  const { metricBaseline: baseline, recovery } = state;
  if (!snapshot && !baseline && !recovery) return undefined;
  const service = snapshot?.service ?? recovery?.service ?? baseline?.service;
  // A baseline or recovery of another service says nothing about this metric.
  const ownBaseline = baseline?.service === service ? baseline : undefined;
  const ownRecovery = recovery?.service === service ? recovery : undefined;
  const unit = snapshot ? snapshot.unit : (ownRecovery?.unit ?? ownBaseline?.unit);
  const threshold = snapshot ? parseThreshold(snapshot.healthy) : undefined;
  const show = (value: number) => formatMetric(value, unit);
  const baselineValue = ownBaseline?.value ?? ownRecovery?.baseline;
  return {
    label: snapshot?.label ?? ownRecovery?.label ?? ownBaseline?.label ?? 'key metric',
    now: snapshot?.value !== undefined ? show(snapshot.value) : undefined,
    readAt: snapshot?.at,
    isHealthy: snapshot?.value !== undefined ? snapshot.isHealthy : undefined,
    healthy: threshold ? describeThreshold(threshold, show) : snapshot?.healthy || undefined,
    baseline: baselineValue !== undefined ? show(baselineValue) : undefined,
    recoveredAt: ownRecovery?.at,
    unavailableSince: snapshot?.unavailableSince,
    graph: snapshot?.graph ?? ownRecovery?.graph,
  };
}

function changeOf(state: IncidentState): Pick<Brief, 'suspect' | 'rollback'> {
  const suspect = currentSuspect(state);
  const rollback = latestRollback(state);
  return {
    suspect: suspect
      ? { deploy: describeDeploy(suspect.deploy), target: suspect.target?.version, at: suspect.at, by: suspect.by }
      : undefined,
    rollback: rollback
      ? {
          service: rollback.service,
          version: rollback.target.version,
          status: rollback.status,
          at: rollback.deployedAt ?? rollback.requestedAt,
          by: rollback.by,
          error: rollback.error,
          url: rollback.url,
        }
      : undefined,
  };
}

/**
 * The brief of `state` at `now`. `rules` give role labels and the incident's protocol (step titles, due
 * times, the update cadence). `metric` is the key metric as the poller last read it; without one the
 * brief still shows the baseline and any recovery the log holds.
 * @example
 * buildBrief(state, events, templates, Date.now())           // no snapshot: baseline and recovery only
 * buildBrief(state, events, templates, Date.now(), snapshot) // with the metric as last read
 */
export function buildBrief(
  state: IncidentState,
  events: readonly RecordedEvent[],
  rules: Pick<Rules, 'roles' | 'protocols'>,
  now: number,
  metric?: MetricSnapshot,
): Brief {
  const policy = rules.roles;
  const protocol = protocolNamed(rules, state.protocol);
  const done: BriefLine[] = [];
  const notes: BriefLine[] = [];
  const titles: Record<string, string> = {};
  for (const event of events) {
    const line = milestone(event, policy);
    if (line) done.push({ at: event.at, by: event.actor, ...line });
    if (event.type === 'NoteAdded') notes.push({ at: event.at, text: event.data.text, by: event.actor });
    if (event.type === 'StepCompleted' || event.type === 'StepSkipped' || event.type === 'StepBlocked') {
      titles[event.data.step] = event.data.title;
    }
  }
  const change = changeOf(state);
  const stepLines: StepLine[] = Object.entries(state.steps)
    .map(([step, record]) => ({
      step,
      title: (protocol && findStep(protocol, step)?.step.title) || titles[step] || step,
      status: record.status,
      at: record.at,
      by: record.by,
      detail:
        record.status === 'done'
          ? Object.values(record.inputs ?? {})
              .filter((v) => v.trim() !== '')
              .join(' · ')
          : (record.reason ?? ''),
    }))
    .sort((a, b) => a.at - b.at);
  const shownElsewhere = (line: StepLine) => {
    const trigger = protocol && findStep(protocol, line.step)?.step.completedBy;
    return line.status === 'done' && trigger !== undefined && SHOWN_ELSEWHERE[trigger]?.(change) === true;
  };
  const roles = policy.roles.map((r) => ({ role: r.name, label: r.label, user: state.roles[r.name] }));
  const open: OpenItem[] = roles.filter((r) => !r.user).map((r) => ({ text: `${r.label} is not seated` }));
  const nextDue = nextUpdateDue(state, protocol);
  const timers: BriefTimer[] = [];
  if (nextDue !== undefined) {
    timers.push({ at: nextDue, kind: 'update', text: state.lastUpdate ? 'next update due' : 'first update due' });
  }
  for (const offer of Object.values(state.offers)) {
    timers.push({
      at: offer.expiresAt,
      kind: 'offer',
      text: `${roleLabel(policy, offer.role)} offer lapses unless accepted by`,
      user: offer.to,
      offerId: offer.offerId,
    });
  }
  if (protocol && state.status !== 'resolved') {
    for (const numbered of openSteps(state, protocol)) {
      // A blocked step is listed with its reason already.
      if (state.steps[numbered.step.id]?.status === 'blocked') continue;
      const due = stepDueAt(state, protocol, numbered);
      if (due === undefined || due >= now) continue;
      const owner = state.roles[numbered.step.owner];
      timers.push({
        at: due,
        kind: 'step',
        text: `step ${numbered.number} ${numbered.step.title} (${roleLabel(policy, numbered.step.owner)})`,
        ...(owner ? { user: owner } : {}),
      });
    }
  }
  timers.sort((a, b) => a.at - b.at);
  const last = state.lastUpdate;
  return {
    id: state.id,
    title: state.title,
    severity: severityLabel(state.severity),
    status: statusLabel(state.status),
    at: now,
    elapsedMs: (state.resolvedAt ?? now) - state.declaredAt,
    roles,
    ...change,
    metric: metricOf(state, metric),
    steps: stepLines.filter((s) => s.status !== 'blocked' && !shownElsewhere(s)),
    blocked: stepLines.filter((s) => s.status === 'blocked'),
    done,
    open,
    followUps: state.followUps.map((f) => ({ ...f })),
    lastUpdate: last ? { at: last.at, text: last.text, by: last.by, audience: last.audience } : undefined,
    nextUpdateDue: nextDue,
    timers,
    notes: notes.slice(-NOTES_SHOWN),
  };
}
