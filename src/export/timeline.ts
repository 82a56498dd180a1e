/** @module export/timeline — the timeline projection of an incident's log that every export renders (pure). */

import { formatDuration } from '../incident/durations.js';
import type { RecordedEvent } from '../incident/events.js';
import { COMMANDER, roleLabel } from '../incident/roles.js';
import type { Rules } from '../incident/rules.js';
import { protocolNamed } from '../incident/rules.js';
import { type Severity, severityLabel } from '../incident/severity.js';
import { evolve, type IncidentState } from '../incident/state.js';
import { type Status, statusLabel } from '../incident/status.js';
import { type NumberedStep, numberedSteps, type Protocol } from '../protocol/definition.js';
import { isClosed, phaseStartedAt } from '../protocol/progress.js';
import { bothClocks } from './format.js';
import type {
  EntryKind,
  HandoffRecord,
  Metrics,
  PhaseView,
  RoleHistory,
  StepRecordView,
  Timeline,
  TimelineEntry,
} from './model.js';

export interface TimelineOptions {
  /** The display time zone (IANA name): used in entry texts that mention a time. */
  timeZone: string;
  /** The moment of the export: the end of every span still open. */
  now: number;
  /** Slack user id → display name; ids without a name are shown as they are. */
  people?: Record<string, string>;
}

/** What the entry texts need besides the event: the names, the protocol, and the state just before. */
interface Context {
  rules: Rules;
  /** The incident's protocol steps, numbered (none when it runs no protocol). */
  steps: NumberedStep[];
  timeZone: string;
  name: (user: string) => string;
  before: IncidentState | undefined;
}

const IDENTIFIED_OR_BEYOND: readonly Status[] = ['identified', 'mitigating', 'monitoring'];
const MITIGATING_OR_BEYOND: readonly Status[] = ['mitigating', 'monitoring'];

/**
 * Projects an incident's log into the timeline the exports render. One entry per event, in the order things
 * happened (`at`, then `seq`: a pinned message sits at the time it was posted); metrics null when their
 * milestone never happened; spans still open end at `options.now`.
 * @throws Error when the log does not begin with IncidentDeclared.
 * @example
 * const timeline = buildTimeline(await store.readEvents('INC-42'), templates, { timeZone: 'Europe/Madrid', now: Date.now() });
 */
export function buildTimeline(events: readonly RecordedEvent[], rules: Rules, options: TimelineOptions): Timeline {
  const log = [...events].sort((a, b) => a.seq - b.seq);
  const people = { ...(options.people ?? {}) };
  const name = (user: string): string => people[user] ?? user;

  let state: IncidentState | undefined;
  let steps: NumberedStep[] | undefined;
  const entries: TimelineEntry[] = [];
  for (const event of log) {
    const before = state;
    state = evolve(state, event);
    // The protocol is chosen at the declare and never changes.
    const protocol = protocolNamed(rules, state.protocol);
    steps ??= protocol ? numberedSteps(protocol) : [];
    const { kind, text } = describe(event, { rules, steps, timeZone: options.timeZone, name, before });
    entries.push({
      seq: event.seq,
      at: event.at,
      recordedAt: event.recordedAt,
      actor: event.actor,
      kind,
      type: event.type,
      text,
    });
  }
  if (!state) throw new Error('cannot build a timeline: the log is empty');
  const final = state;
  entries.sort((a, b) => a.at - b.at || a.seq - b.seq);

  const protocol = protocolNamed(rules, final.protocol);
  const start = final.impactStartedAt ?? final.declaredAt;
  const end = final.resolvedAt ?? options.now;
  const statusChanges = statusChangesOf(log, final);
  const severityChanges = severityChangesOf(log, final);

  return {
    incident: {
      id: final.id,
      title: final.title,
      severity: final.severity,
      status: final.status,
      summary: final.summary ?? null,
      service: final.service ?? null,
      private: final.private,
      protocol: final.protocol ?? null,
      channel: final.channel ? { ...final.channel } : null,
      declaredBy: final.declaredBy,
      declaredAt: final.declaredAt,
      impactStartedAt: final.impactStartedAt ?? null,
      resolvedAt: final.resolvedAt ?? null,
      // A reopened incident keeps its old resolution in state; it is not resolved any more.
      resolution: final.resolvedAt !== undefined ? (final.resolution ?? null) : null,
      durationMs: final.resolvedAt !== undefined ? final.resolvedAt - start : null,
    },
    generatedAt: options.now,
    timeZone: options.timeZone,
    metrics: metricsOf(log, final, start, end, statusChanges, severityChanges),
    roles: rolesOf(log, rules),
    handoffs: handoffsOf(log, rules),
    phases: protocol ? phasesOf(final, protocol, rules) : [],
    updates: log.flatMap((e) => (e.type === 'UpdatePosted' ? [{ at: e.at, by: e.actor, text: e.data.text }] : [])),
    pins: Object.values(final.pins)
      .map((pin) => ({ at: slackTsToMs(pin.ts), author: pin.author, text: pin.text, ts: pin.ts }))
      .sort((a, b) => a.at - b.at),
    followUps: final.followUps.map((f) => ({ at: f.at, by: f.by, text: f.text, owner: f.owner ?? null })),
    notes: log.flatMap((e) => (e.type === 'NoteAdded' ? [{ at: e.at, by: e.actor, text: e.data.text }] : [])),
    statusChanges,
    severityChanges,
    entries,
    people,
  };
}

/** A Slack message timestamp (`1761342900.000100`) is the message's own time, in seconds. */
function slackTsToMs(ts: string): number {
  return Math.round(Number(ts) * 1000);
}

/** The status from each moment on, starting with Investigating at the declare. */
function statusChangesOf(log: readonly RecordedEvent[], state: IncidentState): Timeline['statusChanges'] {
  const changes: Timeline['statusChanges'] = [{ at: state.declaredAt, status: 'investigating' }];
  for (const event of log) {
    if (event.type === 'StatusChanged') changes.push({ at: event.at, status: event.data.to });
    if (event.type === 'IncidentResolved') changes.push({ at: event.at, status: 'resolved' });
    if (event.type === 'IncidentReopened') changes.push({ at: event.at, status: 'investigating' });
  }
  return changes;
}

/** The severity from each moment on, starting with the declared one. */
function severityChangesOf(log: readonly RecordedEvent[], state: IncidentState): Timeline['severityChanges'] {
  const declared = log.find((e) => e.type === 'IncidentDeclared');
  const first = declared?.type === 'IncidentDeclared' ? declared.data.severity : state.severity;
  const changes: Timeline['severityChanges'] = [{ at: state.declaredAt, severity: first }];
  for (const event of log) {
    if (event.type === 'SeverityChanged') changes.push({ at: event.at, severity: event.data.to });
  }
  return changes;
}

/** How long each value held, from its change to the next one, all ending at `end`; values never held are absent. */
function timeIn<K extends string>(
  changes: readonly { at: number; value: K }[],
  end: number,
): Partial<Record<K, number>> {
  const totals: Partial<Record<K, number>> = {};
  changes.forEach((change, i) => {
    const until = Math.min(changes[i + 1]?.at ?? end, end);
    // A value entered at the end (the final resolve) or left at once was never held.
    if (until > change.at) totals[change.value] = (totals[change.value] ?? 0) + (until - change.at);
  });
  return totals;
}

function metricsOf(
  log: readonly RecordedEvent[],
  state: IncidentState,
  start: number,
  end: number,
  statusChanges: Timeline['statusChanges'],
  severityChanges: Timeline['severityChanges'],
): Metrics {
  const firstAt = (match: (event: RecordedEvent) => boolean): number | null => {
    const found = log.find(match);
    return found ? found.at - start : null;
  };
  const statusTo = (statuses: readonly Status[]) => (e: RecordedEvent) =>
    e.type === 'StatusChanged' && statuses.includes(e.data.to);
  return {
    startedFrom: state.impactStartedAt !== undefined ? 'impact' : 'declare',
    timeToIdentifyMs: firstAt(statusTo(IDENTIFIED_OR_BEYOND)),
    timeToRollbackMs: firstAt(statusTo(['monitoring'])),
    timeToFirstCommunicationMs: firstAt((e) => e.type === 'UpdatePosted'),
    timeToMitigateMs: firstAt(statusTo(MITIGATING_OR_BEYOND)),
    timeToResolveMs: state.resolvedAt !== undefined ? state.resolvedAt - start : null,
    timeInStatusMs: timeIn<Status>(
      statusChanges.map((c) => ({ at: c.at, value: c.status })),
      end,
    ),
    timeInSeverityMs: timeIn<Severity>(
      severityChanges.map((c) => ({ at: c.at, value: c.severity })),
      end,
    ),
  };
}

/** Who held each role when: every role of the policy (in its order), then any other role the log names. */
function rolesOf(log: readonly RecordedEvent[], rules: Rules): RoleHistory[] {
  const holders = new Map<string, RoleHistory['holders']>(rules.roles.roles.map((r) => [r.name, []]));
  const seat = (role: string, user: string | undefined, at: number) => {
    const list = holders.get(role) ?? [];
    const current = list.at(-1);
    if (current && current.to === null) current.to = at;
    if (user) list.push({ user, from: at, to: null });
    holders.set(role, list);
  };
  for (const event of log) {
    if (event.type === 'IncidentDeclared') seat(COMMANDER, event.actor, event.at);
    if (event.type === 'RoleAssigned') seat(event.data.role, event.data.user, event.at);
    if (event.type === 'RoleUnassigned') seat(event.data.role, undefined, event.at);
    if (event.type === 'HandoffAccepted') seat(event.data.role, event.data.to, event.at);
  }
  return [...holders].map(([role, list]) => ({ role, label: roleLabel(rules.roles, role), holders: list }));
}

/** Every handoff offer with its answer (pending when nobody answered). */
function handoffsOf(log: readonly RecordedEvent[], rules: Rules): HandoffRecord[] {
  const offers = new Map<string, HandoffRecord>();
  const answer = (offerId: string, at: number, outcome: HandoffRecord['outcome'], reason: string | null) => {
    const offer = offers.get(offerId);
    if (offer && offer.outcome === 'pending') Object.assign(offer, { answeredAt: at, outcome, reason });
  };
  for (const event of log) {
    switch (event.type) {
      case 'HandoffOffered':
        offers.set(event.data.offerId, {
          role: event.data.role,
          label: roleLabel(rules.roles, event.data.role),
          from: event.data.from ?? null,
          to: event.data.to,
          offeredAt: event.at,
          answeredAt: null,
          outcome: 'pending',
          reason: null,
        });
        break;
      case 'HandoffAccepted':
        answer(event.data.offerId, event.at, 'accepted', null);
        break;
      case 'HandoffDeclined':
        answer(event.data.offerId, event.at, 'declined', event.data.reason ?? null);
        break;
      case 'HandoffExpired':
        answer(event.data.offerId, event.at, 'expired', null);
        break;
      case 'HandoffWithdrawn':
        answer(event.data.offerId, event.at, 'withdrawn', null);
        break;
      default:
        break;
    }
  }
  return [...offers.values()];
}

/** The protocol's phases and steps as they ended up: who closed each step, when, and how long it took. */
function phasesOf(state: IncidentState, protocol: Protocol, rules: Rules): PhaseView[] {
  const numbers = new Map(numberedSteps(protocol).map((s) => [s.step.id, s.number]));
  return protocol.phases.map((phase, index) => {
    const startedAt = phaseStartedAt(state, protocol, index) ?? null;
    const steps: StepRecordView[] = phase.steps.map((step) => {
      const record = state.steps[step.id];
      const closed = isClosed(record);
      return {
        number: numbers.get(step.id) ?? 0,
        id: step.id,
        title: step.title,
        owner: step.owner,
        ownerLabel: roleLabel(rules.roles, step.owner),
        status: record?.status ?? 'open',
        at: record?.at ?? null,
        by: record?.by ?? null,
        durationMs: record && closed && startedAt !== null ? record.at - startedAt : null,
        inputs: { ...(record?.inputs ?? {}) },
        reason: record?.reason ?? null,
      };
    });
    const allClosed = phase.steps.every((s) => isClosed(state.steps[s.id]));
    const endedAt = allClosed && steps.length > 0 ? Math.max(...steps.map((s) => s.at ?? 0)) : null;
    return { id: phase.id, title: phase.title, parallel: phase.parallel, startedAt, endedAt, steps };
  });
}

/** The entry's kind and its text, written for someone reading the postmortem. */
function describe(event: RecordedEvent, ctx: Context): { kind: EntryKind; text: string } {
  const { name } = ctx;
  const role = (r: string) => roleLabel(ctx.rules.roles, r);
  switch (event.type) {
    case 'IncidentDeclared': {
      const { data } = event;
      const service = data.service ? ` (service: ${data.service})` : '';
      const visibility = data.private ? ', private' : '';
      return {
        kind: 'declared',
        text: `Declared ${severityLabel(data.severity)}${visibility}: ${data.title}${service}. Commander: ${name(event.actor)}`,
      };
    }
    case 'ChannelCreated':
      return { kind: 'system', text: `Incident channel #${event.data.name} created` };
    case 'BoardPosted':
      return { kind: 'system', text: 'Incident board posted in the channel' };
    case 'AnnouncementPosted':
      return { kind: 'system', text: `Incident announced in the feed channel (${event.data.channelId})` };
    case 'EffectFailed': {
      const detail = event.data.detail ? ` (${event.data.detail})` : '';
      return { kind: 'system', text: `Slack action "${event.data.effect}" failed: ${event.data.error}${detail}` };
    }
    case 'ProtocolReposted':
      return { kind: 'system', text: 'Protocol checklist posted again' };
    case 'UpdatesSnoozed':
      return { kind: 'system', text: `Update reminders snoozed for ${formatDuration(event.data.until - event.at)}` };
    case 'ImpactStarted': {
      const declaredAt = ctx.before?.declaredAt ?? event.at;
      const gap = formatDuration(Math.abs(declaredAt - event.data.startedAt));
      const side = event.data.startedAt <= declaredAt ? 'before' : 'after';
      return {
        kind: 'impact',
        text: `Impact start set to ${bothClocks(event.data.startedAt, ctx.timeZone)}, ${gap} ${side} the declare`,
      };
    }
    case 'StatusChanged': {
      const { data } = event;
      const step = data.step ? ctx.steps.find((s) => s.step.id === data.step) : undefined;
      const why = data.step ? `step: ${step?.step.title ?? data.step}` : `was ${statusLabel(data.from)}`;
      return { kind: 'status', text: `Status → ${statusLabel(data.to)} (${why})` };
    }
    case 'SeverityChanged':
      return {
        kind: 'severity',
        text: `Severity → ${severityLabel(event.data.to)} (was ${severityLabel(event.data.from)})`,
      };
    case 'UpdatePosted':
      return { kind: 'update', text: `Status update posted: ${event.data.text}` };
    case 'NoteAdded':
      return { kind: 'note', text: `Note: ${event.data.text}` };
    case 'IncidentResolved':
      return { kind: 'resolved', text: `Resolved: ${event.data.summary}` };
    case 'IncidentReopened':
      return { kind: 'reopened', text: `Reopened: ${event.data.reason}` };
    case 'MessagePinned': {
      const how = event.data.via === 'pin' ? 'Pinned' : 'Marked 📌';
      return { kind: 'pin', text: `${how} message from ${name(event.data.author)}: ${event.data.text}` };
    }
    case 'PinnedMessageEdited': {
      const author = ctx.before?.pins[event.data.ts]?.author;
      const from = author ? ` from ${name(author)}` : '';
      return { kind: 'pin', text: `Pinned message${from} edited: ${event.data.text}` };
    }
    case 'MessageUnpinned': {
      const author = ctx.before?.pins[event.data.ts]?.author;
      const from = author ? ` from ${name(author)}` : '';
      const what = { pin: 'unpinned', reaction: '📌 removed', deleted: 'deleted' }[event.data.via];
      return { kind: 'pin', text: `Pinned message${from} ${what}` };
    }
    case 'RoleAssigned': {
      const { data } = event;
      const previous = data.previous ? ` (was ${name(data.previous)})` : '';
      return { kind: 'role', text: `${role(data.role)} → ${name(data.user)}${previous}` };
    }
    case 'RoleUnassigned':
      return {
        kind: 'role',
        text: `${role(event.data.role)} unassigned (was ${name(event.data.previous)})`,
      };
    case 'HandoffOffered': {
      const { data } = event;
      const from = data.from ? ` from ${name(data.from)}` : '';
      return { kind: 'handoff', text: `Handoff of ${role(data.role)} offered${from} to ${name(data.to)}` };
    }
    case 'HandoffAccepted': {
      const { data } = event;
      const from = data.from ? ` (handed over by ${name(data.from)})` : '';
      return { kind: 'handoff', text: `Handoff accepted: ${name(data.to)} is now ${role(data.role)}${from}` };
    }
    case 'HandoffDeclined': {
      const { data } = event;
      const reason = data.reason ? `: ${data.reason}` : '';
      return { kind: 'handoff', text: `Handoff of ${role(data.role)} declined by ${name(data.to)}${reason}` };
    }
    case 'HandoffExpired':
      return {
        kind: 'handoff',
        text: `Handoff of ${role(event.data.role)} to ${name(event.data.to)} expired unanswered`,
      };
    case 'HandoffWithdrawn':
      return { kind: 'handoff', text: `Handoff of ${role(event.data.role)} to ${name(event.data.to)} withdrawn` };
    case 'StepCompleted':
    case 'StepSkipped':
    case 'StepBlocked': {
      const { data } = event;
      const numbered = ctx.steps.find((s) => s.step.id === data.step);
      const label = numbered ? `Step ${numbered.number}` : 'Step';
      if (event.type === 'StepCompleted') {
        const inputs = Object.entries(event.data.inputs ?? {}).map(([id, value]) => {
          const input = numbered?.step.inputs.find((i) => i.id === id);
          return `${input?.label ?? id}: ${value}`;
        });
        const details = inputs.length > 0 ? ` — ${inputs.join('; ')}` : '';
        return { kind: 'step', text: `${label} done: ${data.title}${details}` };
      }
      const verb = event.type === 'StepSkipped' ? 'skipped' : 'blocked';
      return { kind: 'step', text: `${label} ${verb}: ${data.title} (reason: ${event.data.reason})` };
    }
    case 'FollowUpAdded': {
      const owner = event.data.owner ? ` (owner: ${name(event.data.owner)})` : '';
      return { kind: 'followup', text: `Follow-up: ${event.data.text}${owner}` };
    }
  }
}
