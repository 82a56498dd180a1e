/**
 * @module slack/blocks/brief
 * The handoff brief as Block Kit: alone (`/incident brief`), or as a handoff offer with Accept and
 * Decline buttons for the receiver, and as it reads once answered.
 */
import type { KnownBlock } from '@slack/types';
import type { Brief, BriefLine } from '../../incident/brief.js';
import { formatDuration } from '../../incident/durations.js';
import type { HandoffOffer } from '../../incident/state.js';
import { Actions, HandoffBlocks } from '../ids.js';
import { mention, mrkdwnWithin } from '../text.js';
import { clock } from '../time.js';

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

function line(entry: BriefLine, timeZone: string): string {
  const who = entry.user ? ` ${mention(entry.user)}` : '';
  return `${clock(entry.at, timeZone)} ${mrkdwnWithin(entry.text, 300)}${who}`;
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

/** The body of a brief: standing, roles, done, open, last update, notes. */
export function briefBlocks(brief: Brief, timeZone: string): KnownBlock[] {
  const roles = brief.roles.map((r) => `${r.label}: ${r.user ? mention(r.user) : '_nobody_'}`).join(' · ');
  const blocks: (KnownBlock | undefined)[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${brief.id}* · ${brief.severity} · ${brief.status} · ${formatDuration(brief.elapsedMs)}\n${mrkdwnWithin(brief.title, 200)}`,
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: roles }] },
    section(
      'Done',
      brief.done.map((d) => line(d, timeZone)),
    ),
    section(
      'Open',
      brief.open.map((o) => `${mrkdwnWithin(o.text, 200)}${o.user ? ` ${mention(o.user)}` : ''}`),
    ),
    section('Last update', brief.lastUpdate ? [line(brief.lastUpdate, timeZone)] : ['none yet']),
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
      ...briefBlocks(brief, timeZone),
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
