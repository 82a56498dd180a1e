/**
 * @module slack/blocks/oncall
 * The board's PagerDuty part: the pages sent and what became of them, and who is on call for the
 * incident's service with [Invite] and [Seat as Ops] (nobody is seated without that click). Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { IncidentState } from '../../incident/state.js';
import { Actions } from '../ids.js';
import { mention, mrkdwnWithin } from '../text.js';
import { clock } from '../time.js';

/** How many on-call people the board shows (the first levels). */
const SHOWN = 4;

/** `*Paged* payments-api 03:14 · acknowledged by Raj Patel 03:15`, one per page; undefined when none. */
export function pagesLine(state: IncidentState, timeZone: string): string | undefined {
  const lines = state.paging.order.flatMap((id) => {
    const p = state.paging.pages[id];
    if (!p) return [];
    const by = p.acknowledgedBy?.user ? mention(p.acknowledgedBy.user) : (p.acknowledgedBy?.name ?? 'someone');
    const where = p.error
      ? '*not sent*'
      : p.resolvedAt !== undefined
        ? `resolved ${clock(p.resolvedAt, timeZone)}`
        : p.acknowledgedAt !== undefined
          ? `acknowledged by ${mrkdwnWithin(by, 100)} ${clock(p.acknowledgedAt, timeZone)}`
          : p.sentAt !== undefined
            ? 'not acknowledged yet'
            : 'sending…';
    return [`${mrkdwnWithin(p.service, 63)} ${clock(p.requestedAt, timeZone)} · ${where}`];
  });
  return lines.length > 0 ? `*Paged* ${lines.join('; ')}` : undefined;
}

/** The value the on-call buttons carry: the incident and the person. */
export function onCallValue(incidentId: string, user: string): string {
  return `${incidentId}|${user}`;
}

export function parseOnCallValue(value: string | undefined): { incidentId: string; user: string } | undefined {
  const match = value?.match(/^(INC-\d+)\|([UW][A-Z0-9]+)$/);
  return match ? { incidentId: match[1] as string, user: match[2] as string } : undefined;
}

/** Who is on call, with a button pair for each one warroom found in Slack. */
export function onCallBlocks(state: IncidentState): KnownBlock[] {
  const onCall = state.paging.onCall;
  if (!onCall || state.status === 'resolved') return [];
  const service = mrkdwnWithin(onCall.service, 63);
  if (onCall.error) {
    return [
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `*On call for ${service}*: PagerDuty did not say (${mrkdwnWithin(onCall.error, 300)})`,
          },
        ],
      },
    ];
  }
  if (onCall.people.length === 0) {
    return [
      { type: 'context', elements: [{ type: 'mrkdwn', text: `*On call for ${service}*: nobody, says PagerDuty` }] },
    ];
  }
  const shown = onCall.people.slice(0, SHOWN);
  const names = shown.map((p) => {
    const who = p.user ? mention(p.user) : `${mrkdwnWithin(p.name, 100)} (not found in Slack by e-mail)`;
    const seat = p.user && state.roles.ops === p.user ? ' · Ops' : '';
    const here = p.user && state.paging.invited.includes(p.user) ? ' · invited' : '';
    return `level ${p.level}: ${who}${seat}${here}`;
  });
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*On call for ${service}* (PagerDuty)\n${names.join('\n')}` } },
  ];
  const buttons = shown
    .filter((p): p is typeof p & { user: string } => p.user !== undefined)
    .flatMap((p) => {
      const first = mrkdwnWithin(p.name.split(' ')[0] ?? p.name, 30);
      const value = onCallValue(state.id, p.user);
      return [
        ...(state.paging.invited.includes(p.user)
          ? []
          : [
              {
                type: 'button' as const,
                action_id: `${Actions.onCallInvite}.${p.user}`,
                text: { type: 'plain_text' as const, text: `Invite ${first}` },
                value,
              },
            ]),
        ...(state.roles.ops === p.user
          ? []
          : [
              {
                type: 'button' as const,
                action_id: `${Actions.onCallSeatOps}.${p.user}`,
                text: { type: 'plain_text' as const, text: `Seat ${first} as Ops` },
                value,
              },
            ]),
      ];
    })
    .slice(0, 25);
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  return blocks;
}
