/** @module export/markdown — the postmortem in Markdown: the timeline, as a view, through templates/postmortem.md. */
import { formatDuration } from '../incident/durations.js';
import { SEVERITIES, severityLabel } from '../incident/severity.js';
import { STATUSES, statusLabel } from '../incident/status.js';
import { joined, mapped } from './chunks.js';
import { firstExternalNote } from './customers-text.js';
import { bothClocks, dayBreaker, localShort, localTime, timelineStart, tPlus, utcDateTime } from './format.js';
import { changeView } from './markdown-change.js';
import { customersView } from './markdown-customers.js';
import { blockQuote, escapeCell, escapeMarkdown, inListItem, inline } from './markdown-escape.js';
import { PHASE_DURATION_DEFINITION, phaseDurationMs } from './metrics.js';
import type { KeyDuration, PhaseView, StepRecordView, Timeline } from './model.js';
import { templateChunks } from './mustache-chunks.js';
import { HANDOFF_OUTCOMES } from './roles-history.js';

export { blockQuote, escapeCell, escapeMarkdown } from './markdown-escape.js';

const NONE = '—';

/** When a phase ran, in one line: "Started …, finished … (took …)" or "Started …; 2 steps still open". */
function phaseSpan(phase: PhaseView, short: (ms: number) => string): string {
  if (phase.startedAt === null) return 'Not started.';
  const started = `Started ${short(phase.startedAt)}`;
  if (phase.endedAt !== null) {
    return `${started}, finished ${short(phase.endedAt)} (took ${formatDuration(phase.endedAt - phase.startedAt)}).`;
  }
  const open = phase.steps.filter((s) => s.status === 'open' || s.status === 'blocked').length;
  return `${started}; not finished: ${open} ${open === 1 ? 'step' : 'steps'} not done.`;
}

const duration = (ms: number | null): string => (ms === null ? NONE : formatDuration(ms));

const STEP_STATUS: Record<StepRecordView['status'], string> = {
  open: 'Not done',
  done: 'Done',
  skipped: 'Skipped',
  blocked: 'Blocked',
};

/**
 * Everything templates/postmortem.md can show, as text ready to print (postmortemParts, its lists made). What people
 * typed (titles, summaries, updates, notes, pinned messages, step inputs and reasons, follow-ups, their names) and
 * what deploy systems and Statuspage reported (every field of a deploy, a rollback's plan and error: see
 * markdown-change.ts; a publish's body, link and error: see markdown-customers.ts) comes through escapeMarkdown, and
 * table cells through escapeCell on top; links are made only to http(s) URLs. What warroom or the team's templates
 * wrote (labels, times, durations, the channel name warroom chose, protocol, phase and step titles) is printed as it
 * is.
 * @example
 * Mustache.render(template, postmortemView(timeline), undefined, { escape: (t) => t })
 */
export function postmortemView(timeline: Timeline) {
  const { view, lists } = postmortemParts(timeline);
  return {
    ...view,
    rows: [...lists.rows()],
    updates: [...lists.updates()],
    pins: [...lists.pins()],
    notes: [...lists.notes()],
  };
}

/**
 * What templates/postmortem.md can show (see postmortemView), with the lists that grow with the log (the timeline's
 * rows, updates, pins, notes) given an item at a time.
 */
function postmortemParts(timeline: Timeline) {
  const tz = timeline.timeZone;
  const { incident, metrics } = timeline;
  // The same few people act throughout: each name is escaped once.
  const names = new Map<string, string>();
  const who = (user: string): string => {
    let name = names.get(user);
    if (name === undefined) {
      name = inline(timeline.people[user] ?? user);
      names.set(user, name);
    }
    return name;
  };
  const cell = (text: string): string => escapeCell(escapeMarkdown(text));
  const cellWho = (user: string): string => escapeCell(who(user));
  const short = (ms: number): string => localShort(ms, tz);
  const start = timelineStart(timeline);
  const fromImpact = metrics.startedFrom === 'impact';
  const reopenings = timeline.entries.filter((e) => e.kind === 'reopened').length;

  const impactGap =
    incident.impactStartedAt === null
      ? null
      : `${formatDuration(Math.abs(incident.declaredAt - incident.impactStartedAt))} ${
          incident.impactStartedAt <= incident.declaredAt ? 'before' : 'after'
        } the declare`;

  const firstSeverity = timeline.severityChanges[0]?.severity ?? incident.severity;
  const severityNote =
    timeline.severityChanges.length <= 1
      ? `${severityLabel(incident.severity)} throughout`
      : `${severityLabel(incident.severity)} at the end (declared ${severityLabel(firstSeverity)}; ${timeline.severityChanges
          .slice(1)
          .map((c) => `${severityLabel(c.severity)} from ${short(c.at)}`)
          .join(', ')})`;

  const resolved =
    incident.resolvedAt === null
      ? `${NONE} (still open)`
      : `${bothClocks(incident.resolvedAt, tz)}${reopenings > 0 ? `, after ${reopenings === 1 ? 'a reopen' : `${reopenings} reopens`}` : ''}`;

  const d = metrics.durations;
  const durationRows: [string, KeyDuration<string>, string | null][] = [
    ['Time to detect', d.detect, null],
    ['Time to acknowledge', d.acknowledge, null],
    ['Time to identify', d.identify, null],
    ['Time to first internal communication', d.firstInternal, null],
    ['Time to first external communication', d.firstExternal, firstExternalNote(d.firstExternal.milestone)],
    ['Time to mitigate', d.mitigate, null],
    ['Time to resolve', d.resolve, null],
  ];

  const view = {
    incident: {
      id: incident.id,
      title: inline(incident.title),
      severity: severityLabel(incident.severity),
      status: statusLabel(incident.status),
      service: incident.service === null ? null : inline(incident.service),
      visibility: incident.private ? 'private' : 'public',
      channel: incident.channel?.name ?? null,
      declaredBy: who(incident.declaredBy),
      declared: bothClocks(incident.declaredAt, tz),
      summary: incident.summary === null ? null : escapeMarkdown(incident.summary),
      resolution: incident.resolution === null ? null : escapeMarkdown(incident.resolution),
      resolved,
      open: incident.resolvedAt === null,
    },
    timeZone: tz,
    generated: bothClocks(timeline.generatedAt, tz),
    start: { from: fromImpact ? 'the impact start' : 'the declare', at: bothClocks(start, tz) },
    impact: {
      started:
        incident.impactStartedAt === null
          ? `${NONE} (no earlier start was recorded; durations count from the declare)`
          : bothClocks(incident.impactStartedAt, tz),
      relative: impactGap,
    },
    duration: duration(incident.durationMs),
    durationNote:
      incident.durationMs === null
        ? 'still open at the export'
        : `from ${fromImpact ? 'the impact start' : 'the declare'} to ${reopenings > 0 ? 'the last resolution' : 'the resolution'}`,
    severityNote,
    timeInStatus: STATUSES.filter((s) => metrics.timeInStatusMs[s] !== undefined).map((s) => ({
      label: s === 'resolved' ? 'Resolved (before a reopen)' : statusLabel(s),
      duration: duration(metrics.timeInStatusMs[s] ?? null),
    })),
    timeInSeverity: SEVERITIES.filter((s) => metrics.timeInSeverityMs[s] !== undefined).map((s) => ({
      label: severityLabel(s),
      duration: duration(metrics.timeInSeverityMs[s] ?? null),
    })),
    metricsFrom: `${fromImpact ? 'the impact start (backdated)' : 'the declare'}: ${bothClocks(start, tz)}`,
    // The definition can name the key metric, whose label and service come from the catalog: escaped.
    metrics: durationRows.map(([label, { ms, to, definition }, note]) => ({
      label,
      value: ms === null || note === null ? duration(ms) : `${duration(ms)} ${note}`,
      reached: to === null ? NONE : short(to),
      meaning: cell(definition),
    })),
    phaseDurations: timeline.phases.map((p) => ({
      label: escapeCell(p.parallel ? `${p.title} (runs alongside)` : p.title),
      took: duration(phaseDurationMs(p)),
      started: p.startedAt === null ? 'not started' : short(p.startedAt),
      finished: p.endedAt === null ? (p.startedAt === null ? NONE : 'not finished') : short(p.endedAt),
    })),
    phaseDefinition: PHASE_DURATION_DEFINITION,
    change: changeView(timeline),
    customers: customersView(timeline),
    roles: timeline.roles.flatMap((r) =>
      r.holders.length === 0
        ? [{ label: r.label, holder: NONE, from: NONE, until: NONE }]
        : r.holders.map((h) => ({
            label: r.label,
            holder: cellWho(h.user),
            from: short(h.from),
            until: h.to === null ? 'the end' : short(h.to),
          })),
    ),
    hasHandoffs: timeline.handoffs.length > 0,
    handoffs: timeline.handoffs.map((h) => ({
      role: h.label,
      from: h.from === null ? NONE : cellWho(h.from),
      to: cellWho(h.to),
      offered: short(h.offeredAt),
      answered: h.answeredAt === null ? NONE : short(h.answeredAt),
      outcome: escapeCell(
        h.reason ? `${HANDOFF_OUTCOMES[h.outcome]}: ${escapeMarkdown(h.reason)}` : HANDOFF_OUTCOMES[h.outcome],
      ),
    })),
    protocol: incident.protocol === null || timeline.phases.length === 0 ? null : { title: incident.protocol },
    phases: timeline.phases.map((p) => ({
      title: p.title,
      parallel: p.parallel,
      span: phaseSpan(p, short),
      steps: p.steps.map((s) => ({
        number: s.number,
        title: escapeCell(s.title),
        owner: escapeCell(s.ownerLabel),
        status: STEP_STATUS[s.status],
        by: s.by === null ? NONE : cellWho(s.by),
        at: s.at === null ? NONE : short(s.at),
        took: duration(s.durationMs),
        details: escapeCell(
          [
            ...Object.entries(s.inputs).map(([id, value]) => `${id}: ${escapeMarkdown(value)}`),
            ...(s.reason ? [`reason: ${escapeMarkdown(s.reason)}`] : []),
          ].join('; '),
        ),
      })),
    })),
    hasUpdates: timeline.updates.length > 0,
    hasPins: timeline.pins.length > 0,
    hasNotes: timeline.notes.length > 0,
    hasFollowUps: timeline.followUps.length > 0,
    followUps: timeline.followUps.map((f) => ({
      text: inListItem(escapeMarkdown(f.text)),
      owner: f.owner === null ? 'unassigned' : who(f.owner),
      by: who(f.by),
      when: short(f.at),
    })),
  };

  function* rows() {
    const dayOf = dayBreaker(tz);
    for (const e of timeline.entries) {
      const day = dayOf(e.at);
      if (day) yield { dayRow: { label: day } };
      yield {
        entry: {
          utc: utcDateTime(e.at),
          local: localTime(e.at, tz),
          tPlus: tPlus(e.at, start),
          who: cellWho(e.actor),
          // Warroom's words and the user's are one text here ("Note: …"), so all of it is escaped: warroom's own
          // wording renders the same escaped or not.
          what: cell(e.text),
        },
      };
    }
  }
  const lists = {
    rows,
    updates: () =>
      mapped(timeline.updates, (u) => ({
        when: short(u.at),
        tPlus: tPlus(u.at, start),
        by: who(u.by),
        forCustomers: u.audience === 'customers',
        quoted: blockQuote(escapeMarkdown(u.text)),
      })),
    pins: () =>
      mapped(timeline.pins, (p) => ({
        when: short(p.at),
        tPlus: tPlus(p.at, start),
        by: who(p.author),
        quoted: blockQuote(escapeMarkdown(p.text)),
      })),
    notes: () =>
      mapped(timeline.notes, (n) => ({
        when: short(n.at),
        tPlus: tPlus(n.at, start),
        by: who(n.by),
        text: inListItem(escapeMarkdown(n.text)),
      })),
  };
  return { view, lists };
}

/**
 * Renders the postmortem: `template` is the text of templates/postmortem.md (Mustache, no HTML escaping).
 * @example
 * renderMarkdown(timeline, readFileSync('templates/postmortem.md', 'utf8'))
 */
export function renderMarkdown(timeline: Timeline, template: string): string {
  return joined(renderMarkdownChunks(timeline, template));
}

/** renderMarkdown's text in pieces: the template's top-level sections over the timeline's rows, updates, pins and notes a row at a time. */
export function renderMarkdownChunks(timeline: Timeline, template: string): Generator<string> {
  const { view, lists } = postmortemParts(timeline);
  return templateChunks(template, view, lists);
}
