/**
 * @module slack/blocks/home
 * The App Home tab for one person: the open incidents they can see, the roles they hold and the
 * handoffs offered to them, their open follow-ups, and the last 30 days in figures. Within Block Kit's
 * limits for a home tab (100 blocks, 3,000 characters a section) however much there is. Pure.
 */
import type { HomeView, KnownBlock } from '@slack/types';
import { formatDuration } from '../../incident/durations.js';
import type { FollowUp } from '../../incident/followups.js';
import { SEVERITIES, type Severity, severityLabel } from '../../incident/severity.js';
import type { IncidentState } from '../../incident/state.js';
import { statusLabel } from '../../incident/status.js';
import { channelLink, mrkdwnWithin } from '../text.js';
import { followUpLine } from './followups.js';

/** How many of each list the tab shows; the rest are counted. */
const SHOWN = 15;

export interface HomeFacts {
  user: string;
  /** Open incidents this person may see (private ones only when they are part of them). */
  open: IncidentState[];
  /** Their open follow-ups, with their incident. */
  followUps: { incidentId: string; followUp: FollowUp }[];
  /** Incidents declared in the last 30 days. */
  recent: IncidentState[];
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwnWithin(text, 2900) } };
}

function more(total: number): KnownBlock[] {
  return total > SHOWN ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${total - SHOWN} more` }] }] : [];
}

function incidentLine(state: IncidentState, user: string): string {
  const where = state.channel ? channelLink(state.channel.id) : '_channel on its way_';
  const mine = Object.entries(state.roles)
    .filter(([, holder]) => holder === user)
    .map(([role]) => role);
  const offered = Object.values(state.offers)
    .filter((o) => o.to === user)
    .map((o) => `${o.role} offered to you`);
  const you = [...mine.map((r) => `you are ${r}`), ...offered];
  return `*${state.id}* ${severityLabel(state.severity)} · ${statusLabel(state.status)} · ${mrkdwnWithin(state.title, 150)} ${where}${you.length > 0 ? ` · ${you.join(', ')}` : ''}`;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function figures(recent: IncidentState[]): string {
  if (recent.length === 0) return 'No incidents in the last 30 days.';
  const bySeverity = SEVERITIES.map((s: Severity) => [s, recent.filter((i) => i.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${severityLabel(s)} ${n}`)
    .join(' · ');
  const resolveTimes = recent.flatMap((i) => (i.resolvedAt !== undefined ? [i.resolvedAt - i.declaredAt] : []));
  const m = median(resolveTimes);
  const rolledBack = recent.filter((i) => i.rollbackOrder.length > 0).length;
  return [
    `*${recent.length}* incidents (${bySeverity})`,
    m !== undefined
      ? `median time to resolve *${formatDuration(m)}* (${resolveTimes.length} resolved)`
      : 'none resolved yet',
    `${rolledBack} ended with a rollback`,
  ].join(' · ');
}

export function homeView(facts: HomeFacts): HomeView {
  const mine = facts.open.filter(
    (s) => Object.values(s.roles).includes(facts.user) || Object.values(s.offers).some((o) => o.to === facts.user),
  );
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'warroom' } },
    section(`*Open incidents* (${facts.open.length})`),
    ...(facts.open.length === 0
      ? [section('None open. `/incident declare` opens one.')]
      : facts.open.slice(0, SHOWN).map((s) => section(incidentLine(s, facts.user)))),
    ...more(facts.open.length),
    { type: 'divider' },
    section(
      mine.length === 0
        ? '*Your roles*: none right now.'
        : `*Your roles and offers* (${mine.length}): ${mine.map((s) => s.id).join(', ')}`,
    ),
    { type: 'divider' },
    section(`*Your open follow-ups* (${facts.followUps.length})`),
    ...(facts.followUps.length === 0
      ? [section('Nothing open.')]
      : facts.followUps.slice(0, SHOWN).map((f) => section(followUpLine(f.followUp, f.incidentId)))),
    ...more(facts.followUps.length),
    { type: 'divider' },
    section(`*The last 30 days*\n${figures(facts.recent)}`),
  ];
  return { type: 'home', blocks };
}
