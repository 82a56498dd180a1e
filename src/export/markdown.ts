/** @module export/markdown — the postmortem in Markdown: the timeline, as a view, through templates/postmortem.md. */
import Mustache from 'mustache';
import { formatDuration } from '../incident/durations.js';
import { SEVERITIES, severityLabel } from '../incident/severity.js';
import { STATUSES, statusLabel } from '../incident/status.js';
import { bothClocks, dayBreaks, localShort, localTime, timelineStart, tPlus, utcDateTime } from './format.js';
import type { PhaseView, StepRecordView, Timeline } from './model.js';
import { HANDOFF_OUTCOMES } from './roles-history.js';

const NONE = '—';
const NEWLINE = /\r\n|\r|\n/;

/**
 * What opens an inline construct wherever it stands: a backslash (which would undo an escape), code, emphasis,
 * links and images (`[`, `]`: `!` and `(` mean something only next to them, so they stay as typed), strikethrough,
 * a table pipe, raw HTML and autolinks (`<`), and `&` where it would start an entity.
 */
const INLINE_SIGNIFICANT = /[\\`*_[\]~|<]|&(?=#?[0-9A-Za-z]+;)/g;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * What starts a block at the beginning of a line: an ATX heading, a list item, a block quote, a setext underline or
 * a thematic break made of `-` (one made of `*` or `_` is escaped as inline text already).
 */
const BLOCK_START = /^([ \t]*)(?=#{1,6}(?:[ \t]|$)|[-+](?:[ \t]|$)|>|[-=]+[ \t]*$)/;
const ORDERED_ITEM = /^([ \t]*\d{1,9})(?=[.)](?:[ \t]|$))/;

/** One inline character of user text, made literal. */
function literal(char: string, offset: number, text: string): string {
  // An underscore between two letters or digits can neither open nor close emphasis in CommonMark: `payments_api`
  // stays readable.
  if (char === '_' && WORD_CHAR.test(text[offset - 1] ?? '') && WORD_CHAR.test(text[offset + 1] ?? '')) return char;
  // An entity, not `\<`: no renderer, CommonMark or older, turns `&lt;` into a tag.
  if (char === '<') return '&lt;';
  return `\\${char}`;
}

/**
 * Makes text someone typed (a title, an update, a note, a name) read as plain text in Markdown: no image, link,
 * HTML, code, emphasis, heading, list or quote of its own. Each significant character gets the backslash escape
 * CommonMark allows for any ASCII punctuation (`<` becomes `&lt;`), so the rendered text is what was typed;
 * characters that mean nothing where they stand (`!`, `(`, `#` inside a line, `-` inside a word) are left as they
 * are, so the Markdown stays readable too. Line breaks are kept: the caller decides what a line break becomes.
 * @example
 * escapeMarkdown('![x](http://evil) <img src=x>') // '!\\[x\\](http://evil) &lt;img src=x>'
 * escapeMarkdown('# Rolled back payments_api') // '\\# Rolled back payments_api'
 */
export function escapeMarkdown(text: string): string {
  return text
    .split(NEWLINE)
    .map((line) => {
      const escaped = line.replace(INLINE_SIGNIFICANT, literal);
      return ORDERED_ITEM.test(escaped) ? escaped.replace(ORDERED_ITEM, '$1\\') : escaped.replace(BLOCK_START, '$1\\');
    })
    .join('\n');
}

/**
 * User text that has to stay on one line (a title in a heading, a name): its line breaks become spaces, then it is
 * escaped; a `#` run at its end too, which a heading would take for its closing sequence and drop.
 */
function inline(text: string): string {
  return escapeMarkdown(text.split(NEWLINE).join(' ')).replace(/(^|[ \t])(#+[ \t]*)$/, '$1\\$2');
}

/**
 * Makes text safe inside a Markdown table cell: a `|` would end the cell and a newline the row. A `|` that is
 * already escaped (after an odd number of backslashes, as escapeMarkdown leaves it) is kept as it is: escaping it
 * again would escape the backslash instead, and end the cell.
 * @example
 * escapeCell('a | b\nc') // 'a \\| b<br>c'
 * escapeCell(escapeMarkdown('EU|US')) // 'EU\\|US'
 */
export function escapeCell(text: string): string {
  return text
    .replace(/(\\*)\|/g, (pipe: string, backslashes: string) =>
      backslashes.length % 2 === 1 ? pipe : `${backslashes}\\|`,
    )
    .split(NEWLINE)
    .join('<br>');
}

/**
 * Quotes text as posted, line by line, so that a multi-line message stays one block quote.
 * @example
 * blockQuote('Rolled back.\n\nWatching.') // '> Rolled back.\n>\n> Watching.'
 */
export function blockQuote(text: string): string {
  return text
    .split(NEWLINE)
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/** Keeps a multi-line text inside its list item. */
function inListItem(text: string): string {
  return text.split(NEWLINE).join('\n  ');
}

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
 * Everything templates/postmortem.md can show, as text ready to print. What people typed (titles, summaries,
 * updates, notes, pinned messages, step inputs and reasons, follow-ups, their names) comes through escapeMarkdown,
 * and table cells through escapeCell on top. What warroom or the team's templates wrote (labels, times, durations,
 * the channel name warroom chose, protocol, phase and step titles) is printed as it is.
 * @example
 * Mustache.render(template, postmortemView(timeline), undefined, { escape: (t) => t })
 */
export function postmortemView(timeline: Timeline) {
  const tz = timeline.timeZone;
  const { incident, metrics } = timeline;
  const who = (user: string): string => inline(timeline.people[user] ?? user);
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

  const metricRows: [string, number | null, string][] = [
    ['Time to identify', metrics.timeToIdentifyMs, 'first move to Identified or beyond: the suspect named'],
    ['Time to roll back', metrics.timeToRollbackMs, 'first move to Monitoring: recovery verified'],
    ['Time to first communication', metrics.timeToFirstCommunicationMs, 'first status update posted'],
    ['Time to mitigate', metrics.timeToMitigateMs, 'first move to Mitigating or beyond'],
    ['Time to resolve', metrics.timeToResolveMs, 'resolved (the last resolution, if reopened)'],
  ];

  const breaks = dayBreaks(
    timeline.entries.map((e) => e.at),
    tz,
  );

  return {
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
    metrics: metricRows.map(([label, ms, meaning]) => ({
      label,
      value: duration(ms),
      reached: ms === null ? NONE : short(start + ms),
      meaning,
    })),
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
    rows: timeline.entries.flatMap((e, i) => {
      const day = breaks[i];
      const entry = {
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
      return day ? [{ dayRow: { label: day } }, entry] : [entry];
    }),
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
    updates: timeline.updates.map((u) => ({
      when: short(u.at),
      tPlus: tPlus(u.at, start),
      by: who(u.by),
      quoted: blockQuote(escapeMarkdown(u.text)),
    })),
    hasPins: timeline.pins.length > 0,
    pins: timeline.pins.map((p) => ({
      when: short(p.at),
      tPlus: tPlus(p.at, start),
      by: who(p.author),
      quoted: blockQuote(escapeMarkdown(p.text)),
    })),
    hasNotes: timeline.notes.length > 0,
    notes: timeline.notes.map((n) => ({
      when: short(n.at),
      tPlus: tPlus(n.at, start),
      by: who(n.by),
      text: inListItem(escapeMarkdown(n.text)),
    })),
    hasFollowUps: timeline.followUps.length > 0,
    followUps: timeline.followUps.map((f) => ({
      text: inListItem(escapeMarkdown(f.text)),
      owner: f.owner === null ? 'unassigned' : who(f.owner),
      by: who(f.by),
      when: short(f.at),
    })),
  };
}

/**
 * Renders the postmortem: `template` is the text of templates/postmortem.md (Mustache, no HTML escaping).
 * @example
 * renderMarkdown(timeline, readFileSync('templates/postmortem.md', 'utf8'))
 */
export function renderMarkdown(timeline: Timeline, template: string): string {
  return Mustache.render(template, postmortemView(timeline), undefined, { escape: (text: string) => text });
}
