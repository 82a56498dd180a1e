/** @module export/timeline — the timeline projection of an incident's log that every export renders (pure). */

import type { RecordedEvent } from '../incident/events.js';
import { roleLabel } from '../incident/roles.js';
import type { Rules } from '../incident/rules.js';
import { protocolNamed } from '../incident/rules.js';
import { folder, type IncidentState } from '../incident/state.js';
import { numberedSteps, type Protocol } from '../protocol/definition.js';
import { isClosed, phaseStartedAt } from '../protocol/progress.js';
import { changeOf } from './change.js';
import { audienceOf, customersToldOf } from './customers.js';
import { describeEvent, type EntryContext } from './entry-text.js';
import { metricsOf, severityChangesOf, statusChangesOf } from './metrics.js';
import type { PhaseView, StepRecordView, Timeline, TimelineEntry } from './model.js';
import { handoffsOf, rolesOf } from './roles-history.js';

export interface TimelineOptions {
  /** The display time zone (IANA name): used in entry texts that mention a time. */
  timeZone: string;
  /** The moment of the export: the end of every span still open. */
  now: number;
  /** Slack user id → display name; ids without a name are shown as they are. */
  people?: Record<string, string>;
}

/**
 * Events only the entries need: nothing else in the timeline is built from them (notes are taken as they pass), so
 * a fold does not keep them. Most of a long log is these. Whatever reads the log in `timelineOf` (metrics, roles,
 * handoffs, change, customers, updates) must not read one of these types, or it must be taken off this list.
 */
const ENTRY_ONLY: ReadonlySet<RecordedEvent['type']> = new Set<RecordedEvent['type']>([
  'NoteAdded',
  'MessagePinned',
  'PinnedMessageEdited',
  'MessageUnpinned',
  'StepCompleted',
  'StepSkipped',
  'StepBlocked',
  'FollowUpAdded',
  'EffectFailed',
  'UpdatesSnoozed',
]);

/** A timeline built as the log goes by: `add` its events in log order (seq), a chunk at a time, then `finish`. */
export interface TimelineFold {
  add(events: readonly RecordedEvent[]): void;
  /** @throws Error when no event was added, or the log did not begin with IncidentDeclared. */
  finish(): Timeline;
}

/**
 * A fold of an incident's log into its timeline (see buildTimeline), holding the entries and the few events the rest
 * of the timeline is built from, never the whole log.
 * @example
 * const fold = timelineFold(templates, options);
 * for await (const events of readEventChunks(store, 'INC-42')) fold.add(events);
 * const timeline = fold.finish();
 */
export function timelineFold(rules: Rules, options: TimelineOptions): TimelineFold {
  const people = { ...(options.people ?? {}) };
  const name = (user: string): string => people[user] ?? user;
  let state: IncidentState | undefined;
  const entries: TimelineEntry[] = [];
  const kept: RecordedEvent[] = [];
  const notes: Timeline['notes'] = [];
  const fold = folder();
  // One context for every event, the state before each put in it in turn.
  const context: EntryContext = { rules, steps: [], timeZone: options.timeZone, name, before: undefined };
  return {
    add(events) {
      for (const event of events) {
        // The protocol is chosen at the declare and never changes.
        if (event.type === 'IncidentDeclared') {
          const protocol = protocolNamed(rules, event.data.protocol);
          context.steps = protocol ? numberedSteps(protocol) : [];
        }
        // Described before it is folded in: the fold changes its own pins in place, and `before` shares them.
        context.before = state;
        const { kind, text } = describeEvent(event, context);
        state = fold(event);
        entries.push({
          seq: event.seq,
          at: event.at,
          recordedAt: event.recordedAt,
          actor: event.actor,
          kind,
          type: event.type,
          text: flat(text),
          audience: audienceOfEntry(event),
        });
        if (event.type === 'NoteAdded') notes.push({ at: event.at, by: event.actor, text: event.data.text });
        if (!ENTRY_ONLY.has(event.type)) kept.push(event);
      }
    },
    finish() {
      if (!state) throw new Error('cannot build a timeline: the log is empty');
      entries.sort((a, b) => a.at - b.at || a.seq - b.seq);
      return timelineOf(kept, state, { notes, entries, people }, rules, options);
    },
  };
}

/**
 * Projects an incident's log into the timeline the exports render. One entry per event, in the order things
 * happened (`at`, then `seq`: a pinned message sits at the time it was posted); metrics null when their
 * milestone never happened; spans still open end at `options.now`. A status-page component is named by its service
 * where the catalog in `rules` (templates/services.yaml) gives it one, else by its id.
 * @throws Error when the log does not begin with IncidentDeclared.
 * @example
 * const timeline = buildTimeline(await store.readEvents('INC-42'), templates, { timeZone: 'Europe/Madrid', now: Date.now() });
 */
export function buildTimeline(events: readonly RecordedEvent[], rules: Rules, options: TimelineOptions): Timeline {
  const fold = timelineFold(rules, options);
  fold.add([...events].sort((a, b) => a.seq - b.seq));
  return fold.finish();
}

/** The timeline around what the fold took as the log went by: the rest is built from the events it kept (`log`). */
function timelineOf(
  log: readonly RecordedEvent[],
  final: IncidentState,
  taken: Pick<Timeline, 'notes' | 'entries' | 'people'>,
  rules: Rules,
  options: TimelineOptions,
): Timeline {
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
    updates: log.flatMap((e) =>
      e.type === 'UpdatePosted' ? [{ at: e.at, by: e.actor, text: e.data.text, audience: audienceOf(e.data) }] : [],
    ),
    pins: Object.values(final.pins)
      .map((pin) => ({ at: slackTsToMs(pin.ts), author: pin.author, text: pin.text, ts: pin.ts }))
      .sort((a, b) => a.at - b.at),
    followUps: final.followUps.map((f) => ({ at: f.at, by: f.by, text: f.text, owner: f.owner ?? null })),
    notes: taken.notes,
    change: changeOf(log, final),
    customersTold: customersToldOf(log, rules.catalog),
    statusChanges,
    severityChanges,
    entries: taken.entries,
    people: taken.people,
  };
}

/**
 * `text`, read through once so that V8 holds it as one piece. A text made by joining others is held as a tree of its
 * pieces until something reads it whole, and then copied into one: every renderer reads every entry's text (to
 * escape it), so each would be copied in the middle of rendering, outlive the young generation there, and wait for a
 * full GC; read here, while the entry is new, the copy is made once and the tree goes at the next scavenge (at 100k
 * events, a few MiB less peak RSS in every format).
 */
function flat(text: string): string {
  ANYTHING.test(text);
  return text;
}

const ANYTHING = /^/;

/** An update's audience; customers for what the status page was asked, took or refused; null for the rest. */
function audienceOfEntry(event: RecordedEvent): TimelineEntry['audience'] {
  if (event.type === 'UpdatePosted') return audienceOf(event.data);
  const publish =
    event.type === 'StatusPagePublishRequested' ||
    event.type === 'StatusPagePublished' ||
    event.type === 'StatusPagePublishFailed';
  return publish ? 'customers' : null;
}

/** A Slack message timestamp (`1761342900.000100`) is the message's own time, in seconds. */
function slackTsToMs(ts: string): number {
  return Math.round(Number(ts) * 1000);
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
