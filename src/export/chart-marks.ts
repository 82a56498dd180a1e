/** @module export/chart-marks — the chart's marks: milestones, status changes, handoffs, changes, drawn as lines. */

import { type Status, statusLabel } from '../incident/status.js';
import { drawnSpan } from './chart-axis.js';
import { ellipsize, type Placed } from './chart-labels.js';
import { type Frame, LANE_H, SMALL } from './chart-layout.js';
import { type Attrs, el, escapeMarkup, HALO, num, text } from './chart-svg.js';
import { isoUtc } from './format.js';
import type { Timeline } from './model.js';

/** Status changes that are milestones of the protocol (the first move to each is what metrics count to). */
const MILESTONE_STATUSES: readonly Status[] = ['identified', 'mitigating', 'monitoring', 'resolved'];

/** A moment marked across the chart, with the data-* attributes that say what it is. */
export interface Mark {
  kind: 'milestone' | 'status' | 'handoff' | 'change';
  at: number;
  label: string;
  attrs: Attrs;
}

/**
 * The marks in time order, each once: impact start, declare, reopens, status changes, resolve, accepted handoffs, and
 * what changed: the suspect deploy going live, each rollback requested and deployed.
 */
export function marksOf(timeline: Timeline): Mark[] {
  const { incident, people } = timeline;
  const marks: Mark[] = [];
  const seen = new Set<string>();
  const add = (mark: Mark, key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    marks.push(mark);
  };
  if (incident.impactStartedAt !== null && incident.impactStartedAt < incident.declaredAt) {
    add(
      { kind: 'milestone', at: incident.impactStartedAt, label: 'Impact start', attrs: { 'data-milestone': 'impact' } },
      'impact',
    );
  }
  add(
    { kind: 'milestone', at: incident.declaredAt, label: 'Declared', attrs: { 'data-milestone': 'declared' } },
    'declared',
  );
  // A reopen puts the incident back to Investigating: one mark says both.
  const reopens = new Map<number, Mark>();
  for (const entry of timeline.entries) {
    if (entry.kind !== 'reopened' || reopens.has(entry.at)) continue;
    const mark: Mark = { kind: 'milestone', at: entry.at, label: 'Reopened', attrs: { 'data-milestone': 'reopened' } };
    reopens.set(entry.at, mark);
    add(mark, `reopened@${entry.at}`);
  }
  for (const change of timeline.statusChanges) {
    // The incident starts out investigating: that is the declare, already marked.
    if (change.status === 'investigating' && change.at <= incident.declaredAt) continue;
    const reopen = reopens.get(change.at);
    if (reopen !== undefined && change.status === 'investigating') {
      reopen.attrs['data-status'] = change.status;
      continue;
    }
    const milestone = MILESTONE_STATUSES.includes(change.status);
    add(
      {
        kind: milestone ? 'milestone' : 'status',
        at: change.at,
        label: statusLabel(change.status),
        attrs: { 'data-milestone': milestone ? change.status : undefined, 'data-status': change.status },
      },
      `${change.status}@${change.at}`,
    );
  }
  if (incident.resolvedAt !== null) {
    add(
      { kind: 'milestone', at: incident.resolvedAt, label: 'Resolved', attrs: { 'data-milestone': 'resolved' } },
      `resolved@${incident.resolvedAt}`,
    );
  }
  for (const handoff of timeline.handoffs) {
    if (handoff.outcome !== 'accepted') continue;
    const at = handoff.answeredAt ?? handoff.offeredAt;
    const to = ellipsize(people[handoff.to] ?? handoff.to, 150, SMALL);
    add(
      { kind: 'handoff', at, label: `${handoff.label} → ${to}`, attrs: { 'data-role': handoff.role } },
      `handoff:${handoff.role}@${at}`,
    );
  }
  const suspect = timeline.change?.suspects.at(-1);
  // One that went live too long before to be drawn is in the Change section, not on the chart (drawnSpan).
  if (suspect !== undefined && suspect.deploy.at >= drawnSpan(timeline).start) {
    // The version comes from a deploy system: it is escaped where it is drawn, and cut short here.
    const version = ellipsize(suspect.deploy.version, 120, SMALL);
    add(
      { kind: 'change', at: suspect.deploy.at, label: `Suspect ${version} live`, attrs: { 'data-change': 'suspect' } },
      'suspect',
    );
  }
  for (const rollback of timeline.change?.rollbacks ?? []) {
    const attrs = { 'data-rollback': rollback.rollbackId };
    add(
      {
        kind: 'change',
        at: rollback.requestedAt,
        label: 'Rollback requested',
        attrs: { 'data-change': 'rollback-requested', ...attrs },
      },
      `requested:${rollback.rollbackId}`,
    );
    if (rollback.deployedAt !== null) {
      add(
        {
          kind: 'change',
          at: rollback.deployedAt,
          label: 'Rollback deployed',
          attrs: { 'data-change': 'rollback-deployed', ...attrs },
        },
        `deployed:${rollback.rollbackId}`,
      );
    }
  }
  return marks.sort((a, b) => a.at - b.at);
}

const COLOURS: Record<Mark['kind'], { line: string; label: string }> = {
  milestone: { line: '#374151', label: '#111827' },
  status: { line: '#6b7280', label: '#111827' },
  handoff: { line: '#7c3aed', label: '#5b21b6' },
  change: { line: '#c2410c', label: '#9a3412' },
};

const DASHES: Record<Mark['kind'], string | undefined> = {
  milestone: '4 3',
  status: '1 3',
  handoff: undefined,
  change: '6 2',
};

/**
 * Each mark as a line down from its label to the axis, a mark at a time. Marks without a label first, then upper
 * lanes first, so that every label is drawn over the lines that pass behind it. A mark without a label (the lanes
 * were full there) is its line from the lowest lane down, and its title.
 */
export function* markLines(marks: readonly Mark[], placed: readonly Placed[], frame: Frame): Generator<string> {
  const { xOf, when, lanesBottom, axisY } = frame;
  const depth = (spot: Placed | undefined) => spot?.lane ?? Number.POSITIVE_INFINITY;
  const order = marks.map((mark, i) => ({ mark, spot: placed[i] })).sort((a, b) => depth(b.spot) - depth(a.spot));
  for (const { mark, spot } of order) {
    if (spot === undefined) continue;
    const x = xOf(mark.at);
    const labelY = lanesBottom - 5 - (spot.lane ?? 0) * LANE_H;
    const colour = COLOURS[mark.kind].line;
    const line = el('line', {
      x1: x,
      x2: x,
      y1: labelY + 3,
      y2: axisY,
      stroke: colour,
      'stroke-width': mark.kind === 'handoff' ? 2 : mark.kind === 'change' ? 1.5 : 1,
      'stroke-dasharray': DASHES[mark.kind],
    });
    const head =
      mark.kind === 'handoff'
        ? el('path', { d: `M${num(x)} ${num(axisY - 7)} l4 7 h-8 z`, fill: colour })
        : mark.kind === 'change'
          ? el('path', { d: `M${num(x)} ${num(labelY)} l3 3 -3 3 -3 -3 z`, fill: colour })
          : el('circle', { cx: x, cy: labelY + 3, r: 2, fill: colour });
    const label =
      spot.lane === null
        ? ''
        : text(spot.x, labelY, spot.label, [
            HALO,
            {
              class: 'mark-label',
              'font-size': SMALL,
              'text-anchor': spot.anchor,
              fill: COLOURS[mark.kind].label,
              'font-weight': mark.kind === 'milestone' ? 600 : undefined,
            },
          ]);
    const description = `${mark.kind === 'handoff' ? 'Handoff: ' : ''}${mark.label} at ${when(mark.at)}`;
    yield el(
      'g',
      [{ 'data-mark': mark.kind, 'data-at': isoUtc(mark.at) }, mark.attrs],
      `${el('title', {}, escapeMarkup(description))}${line}${head}${label}`,
    );
  }
}
