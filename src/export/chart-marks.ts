/** @module export/chart-marks — the chart's marks: milestones, status changes and accepted handoffs, drawn as lines. */

import { type Status, statusLabel } from '../incident/status.js';
import { ellipsize, type Placed } from './chart-labels.js';
import { type Frame, LANE_H, SMALL } from './chart-layout.js';
import { type Attrs, el, escapeMarkup, HALO, num, text } from './chart-svg.js';
import type { Timeline } from './model.js';

/** Status changes that are milestones of the protocol (the first move to each is what metrics count to). */
const MILESTONE_STATUSES: readonly Status[] = ['identified', 'mitigating', 'monitoring', 'resolved'];

/** A moment marked across the chart, with the data-* attributes that say what it is. */
export interface Mark {
  kind: 'milestone' | 'status' | 'handoff';
  at: number;
  label: string;
  attrs: Attrs;
}

/** The marks in time order, each once: impact start, declare, reopens, status changes, resolve, accepted handoffs. */
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
  return marks.sort((a, b) => a.at - b.at);
}

/**
 * Each mark as a line down from its label to the axis. Upper lanes first, so that every label is drawn over the lines
 * that pass behind it.
 */
export function markLines(marks: readonly Mark[], placed: readonly Placed[], frame: Frame): string[] {
  const { xOf, when, lanesBottom, axisY } = frame;
  const parts: string[] = [];
  const order = marks
    .map((mark, i) => ({ mark, spot: placed[i] }))
    .sort((a, b) => (b.spot?.lane ?? 0) - (a.spot?.lane ?? 0));
  for (const { mark, spot } of order) {
    if (spot === undefined) continue;
    const x = xOf(mark.at);
    const labelY = lanesBottom - 5 - spot.lane * LANE_H;
    const colour = mark.kind === 'handoff' ? '#7c3aed' : mark.kind === 'milestone' ? '#374151' : '#6b7280';
    const line = el('line', {
      x1: x,
      x2: x,
      y1: labelY + 3,
      y2: axisY,
      stroke: colour,
      'stroke-width': mark.kind === 'handoff' ? 2 : 1,
      'stroke-dasharray': mark.kind === 'handoff' ? undefined : mark.kind === 'milestone' ? '4 3' : '1 3',
    });
    const head =
      mark.kind === 'handoff'
        ? el('path', { d: `M${num(x)} ${num(axisY - 7)} l4 7 h-8 z`, fill: colour })
        : el('circle', { cx: x, cy: labelY + 3, r: 2, fill: colour });
    const label = text(spot.x, labelY, spot.label, {
      ...HALO,
      class: 'mark-label',
      'font-size': SMALL,
      'text-anchor': spot.anchor,
      fill: mark.kind === 'handoff' ? '#5b21b6' : '#111827',
      'font-weight': mark.kind === 'milestone' ? 600 : undefined,
    });
    const description = `${mark.kind === 'handoff' ? 'Handoff: ' : ''}${mark.label} at ${when(mark.at)}`;
    parts.push(
      el(
        'g',
        { 'data-mark': mark.kind, 'data-at': new Date(mark.at).toISOString(), ...mark.attrs },
        `${el('title', {}, escapeMarkup(description))}${line}${head}${label}`,
      ),
    );
  }
  return parts;
}
