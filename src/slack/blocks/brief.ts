/**
 * @module slack/blocks/brief
 * The handoff brief as Block Kit: alone (`/incident brief`), or as a handoff offer with Accept and
 * Decline buttons for the receiver, and as it reads once answered.
 */
import type { KnownBlock } from '@slack/types';
import type { Brief, BriefLine, BriefMetric, BriefTimer, StepLine } from '../../incident/brief.js';
import { formatDuration } from '../../incident/durations.js';
import { SYSTEM_ACTOR } from '../../incident/events.js';
import type { HandoffOffer } from '../../incident/state.js';
import { Actions, HandoffBlocks } from '../ids.js';
import { mention, mrkdwn, mrkdwnWithin } from '../text.js';
import { clock } from '../time.js';

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

/** Past this age a reading is shown with its time: the poller writes every 30 s, so it may have stopped. */
const STALE_READING_MS = 2 * 60_000;
const FOLLOW_UPS_SHOWN = 8;
const LATE_STEPS_SHOWN = 5;
const EXCERPT_CHARS = 200;

function who(user: string): string {
  return user === SYSTEM_ACTOR ? 'warroom' : mention(user);
}

function line(entry: BriefLine, timeZone: string): string {
  const about = entry.user ? ` ${mention(entry.user)}` : '';
  return `${clock(entry.at, timeZone)} ${mrkdwnWithin(entry.text, 300)}${about}`;
}

function section(title: string, lines: string[]): KnownBlock | undefined {
  if (lines.length === 0) return undefined;
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwnLimit(`*${title}*\n${lines.join('\n')}`) } };
}

/** Keeps a mrkdwn section under Slack's 3000 characters, dropping the oldest lines first. */
function mrkdwnLimit(text: string): string {
  if ([...text].length <= 3000) return text;
  const [head, ...lines] = text.split('\n');
  while (lines.length > 1 && [...`${head}\n…\n${lines.join('\n')}`].length > 3000) lines.shift();
  return `${head}\n…\n${lines.join('\n')}`.slice(0, 3000);
}

/** At most `max` lines, the rest counted. */
function capped(lines: string[], max: number, what: string): string[] {
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), `_…and ${lines.length - max} more ${what}_`];
}

function link(url: string | undefined, label: string): string | undefined {
  return url && /^https?:\/\/[^\s<>|]+$/.test(url) ? `<${url}|${label}>` : undefined;
}

/** `checkout error rate 0.4% now (baseline 0.3%, healthy < 1%) · recovered from 03:41` */
export function metricLine(metric: BriefMetric, now: number, timeZone: string): string {
  const label = mrkdwnWithin(metric.label, 100);
  const known = [
    metric.baseline !== undefined ? `baseline ${mrkdwn(metric.baseline)}` : undefined,
    metric.healthy !== undefined ? `healthy ${mrkdwnWithin(metric.healthy, 60)}` : undefined,
  ].filter((p) => p !== undefined);
  const head =
    metric.unavailableSince !== undefined
      ? `${label}: metric unavailable since ${clock(metric.unavailableSince, timeZone)}`
      : metric.now !== undefined
        ? `${label} ${mrkdwn(metric.now)} now`
        : metric.readAt !== undefined
          ? `${label}: no reading yet`
          : label;
  const parts = [known.length > 0 ? `${head} (${known.join(', ')})` : head];
  if (metric.unavailableSince === undefined && metric.now !== undefined) {
    if (metric.isHealthy === false) parts.push('*unhealthy*');
    if (metric.readAt !== undefined && now - metric.readAt > STALE_READING_MS) {
      parts.push(`read ${clock(metric.readAt, timeZone)}`);
    }
  }
  if (metric.recoveredAt !== undefined) parts.push(`recovered from ${clock(metric.recoveredAt, timeZone)}`);
  const graph = link(metric.graph, 'graph');
  if (graph) parts.push(graph);
  return parts.join(' · ');
}

function changeLines(brief: Brief, timeZone: string): string[] {
  const lines: string[] = [];
  const { suspect, rollback } = brief;
  if (suspect) {
    const target = suspect.target && !rollback ? ` · last good \`${mrkdwnWithin(suspect.target, 100)}\`` : '';
    lines.push(
      `🎯 Suspect ${mrkdwnWithin(suspect.deploy, 200)} · named ${clock(suspect.at, timeZone)} by ${who(suspect.by)}${target}`,
    );
  }
  if (rollback) {
    const to = `${mrkdwnWithin(rollback.service, 63)} → \`${mrkdwnWithin(rollback.version, 100)}\``;
    const at = clock(rollback.at, timeZone);
    switch (rollback.status) {
      case 'requested':
        lines.push(`⏪ Rollback ${to} confirmed ${at} by ${who(rollback.by)}; starting`);
        break;
      case 'dispatched': {
        const run = link(rollback.url, 'run');
        lines.push(`⏪ Rollback ${to} running since ${at}${run ? ` (${run})` : ''}; waiting for its deploy`);
        break;
      }
      case 'failed':
        lines.push(`⚠️ Rollback ${to} *failed*: ${mrkdwnWithin(rollback.error ?? 'no reason given', 300)}`);
        break;
      case 'deployed':
        lines.push(`✅ Rolled back ${to} · deployed ${at}`);
        break;
    }
  }
  return lines;
}

function stepLine(step: StepLine, timeZone: string): string {
  const title = `*${mrkdwnWithin(step.title, 80)}*`;
  const detail = step.detail ? mrkdwnWithin(step.detail, 300) : '';
  const at = clock(step.at, timeZone);
  switch (step.status) {
    case 'done':
      return `${at} ✅ ${title}${detail ? `: ${detail}` : ''}`;
    case 'skipped':
      return `${at} ⏭️ ${title} skipped${detail ? `: ${detail}` : ''}`;
    case 'blocked':
      return `⛔ ${title}: ${detail || 'no reason given'} · since ${at}, ${who(step.by)}`;
  }
}

function timerLine(timer: BriefTimer, now: number, timeZone: string): string {
  const about = timer.user ? ` ${mention(timer.user)}` : '';
  const when =
    timer.at < now ? `*overdue by ${formatDuration(now - timer.at)}*` : `in ${formatDuration(timer.at - now)}`;
  return `${clock(timer.at, timeZone)} ${mrkdwnWithin(timer.text, 200)}${about} · ${when}`;
}

function lastUpdateLine(update: NonNullable<Brief['lastUpdate']>, timeZone: string): string {
  const excerpt = mrkdwnWithin(update.text.replace(/\s+/g, ' ').trim(), EXCERPT_CHARS);
  const audience = update.audience === 'customers' ? ' (to customers)' : '';
  return `${clock(update.at, timeZone)} by ${who(update.by)}${audience}: “${excerpt}”`;
}

/**
 * The body of a brief, most urgent first: standing and roles, the key metric, the change and its
 * rollback, what is due, blocked steps, the last update, steps done with their evidence, milestones,
 * what is open, follow-ups, notes. Sections with nothing in them are left out.
 * `except` leaves timers out by offer id (an offer message says when it lapses itself).
 */
export function briefBlocks(brief: Brief, timeZone: string, except: { offerId?: string } = {}): KnownBlock[] {
  const roles = brief.roles.map((r) => `${r.label}: ${r.user ? mention(r.user) : '_nobody_'}`).join(' · ');
  const timers = brief.timers.filter((t) => except.offerId === undefined || t.offerId !== except.offerId);
  const blocks: (KnownBlock | undefined)[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${brief.id}* · ${brief.severity} · ${brief.status} · ${formatDuration(brief.elapsedMs)}\n${mrkdwnWithin(brief.title, 200)}`,
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: roles }] },
    section('Key metric', brief.metric ? [metricLine(brief.metric, brief.at, timeZone)] : []),
    section('Change', changeLines(brief, timeZone)),
    section('Due', [
      ...timers.filter((t) => t.kind !== 'step').map((t) => timerLine(t, brief.at, timeZone)),
      ...capped(
        timers.filter((t) => t.kind === 'step').map((t) => timerLine(t, brief.at, timeZone)),
        LATE_STEPS_SHOWN,
        'late steps',
      ),
    ]),
    section(
      'Blocked',
      brief.blocked.map((s) => stepLine(s, timeZone)),
    ),
    section('Last update', brief.lastUpdate ? [lastUpdateLine(brief.lastUpdate, timeZone)] : []),
    section(
      'Steps',
      brief.steps.map((s) => stepLine(s, timeZone)),
    ),
    section(
      'Milestones',
      brief.done.map((d) => line(d, timeZone)),
    ),
    section(
      'Open',
      brief.open.map((o) => `${mrkdwnWithin(o.text, 200)}${o.user ? ` ${mention(o.user)}` : ''}`),
    ),
    section(
      'Follow-ups',
      capped(
        brief.followUps.map((f) => `• ${mrkdwnWithin(f.text, 300)}${f.owner ? ` · ${mention(f.owner)}` : ''}`),
        FOLLOW_UPS_SHOWN,
        'follow-ups',
      ),
    ),
    section(
      'Latest notes',
      brief.notes.map((n) => line(n, timeZone)),
    ),
  ];
  return blocks.filter((b): b is KnownBlock => b !== undefined);
}

export function briefMessage(brief: Brief, timeZone: string): Message {
  return {
    text: `${brief.id} brief: ${brief.severity}, ${brief.status}, ${formatDuration(brief.elapsedMs)}`,
    blocks: briefBlocks(brief, timeZone),
  };
}

/** The offer posted in the channel: the brief, and Accept/Decline for the receiver. */
export function handoffOfferMessage(brief: Brief, offer: HandoffOffer, label: string, timeZone: string): Message {
  const from = offer.from ? mention(offer.from) : 'nobody';
  const intro = `*Handing over ${label} of ${brief.id}* from ${from} to ${mention(offer.to)}`;
  return {
    text: `${mention(offer.to)}: ${from} is handing ${label} of ${brief.id} to you. Accept or decline.`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: intro } },
      ...briefBlocks(brief, timeZone, { offerId: offer.offerId }),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Until ${mention(offer.to)} accepts, ${from} stays ${label}. The offer lapses at ${clock(offer.expiresAt, timeZone)}.`,
          },
        ],
      },
      {
        type: 'actions',
        block_id: HandoffBlocks.answer(offer.offerId),
        elements: [
          {
            type: 'button',
            action_id: Actions.acceptHandoff,
            style: 'primary',
            text: { type: 'plain_text', text: `Accept ${label}`.slice(0, 75) },
            value: offer.offerId,
          },
          {
            type: 'button',
            action_id: Actions.declineHandoff,
            text: { type: 'plain_text', text: 'Decline' },
            value: offer.offerId,
          },
        ],
      },
    ],
  };
}

/** The same offer once answered: the buttons give way to what happened. */
export function answeredOfferMessage(original: Message, outcome: string): Message {
  const blocks = original.blocks.filter((b) => b.type !== 'actions');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: outcome }] });
  return { text: outcome, blocks };
}
