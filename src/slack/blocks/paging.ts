/**
 * @module slack/blocks/paging
 * What the incident channel shows when PagerDuty is involved: a page taken or refused, acknowledged,
 * resolved; someone invited without a role. Pure functions of the event and the state after it.
 */
import type { KnownBlock } from '@slack/types';
import type { RecordedEvent } from '../../incident/events.js';
import type { OnCallPerson, PagerDutyPerson } from '../../incident/paging-state.js';
import type { IncidentState } from '../../incident/state.js';
import { Actions } from '../ids.js';
import { mention, mrkdwnWithin } from '../text.js';
import { onCallValue } from './oncall.js';

interface Post {
  text: string;
  blocks: KnownBlock[];
}

function line(text: string): Post {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

function who(by: Partial<PagerDutyPerson>): string {
  if (by.user) return mention(by.user);
  return by.name ? `*${mrkdwnWithin(by.name, 100)}*` : 'someone in PagerDuty';
}

function link(url: string | undefined): string {
  return url && /^https:\/\//.test(url) ? ` <${url}|Open in PagerDuty>` : '';
}

function firstLevel(people: readonly OnCallPerson[]): OnCallPerson[] {
  const level = Math.min(...people.map((p) => p.level));
  return people.filter((p) => p.level === level);
}

const named = (p: OnCallPerson) => (p.user ? mention(p.user) : `*${mrkdwnWithin(p.name, 100)}*`);

/**
 * The on-call changed at a shift boundary: the commander is told, with a button that opens the handoff
 * form for each incoming person (the brief goes with the offer; command moves only on accept).
 */
function shiftChangePost(state: IncidentState): Post | undefined {
  const onCall = state.paging.onCall;
  if (!onCall?.before) return undefined;
  const incoming = firstLevel(onCall.people);
  const outgoing = firstLevel(onCall.before);
  const commander = state.roles.commander;
  const to = commander && commander !== 'warroom' ? `${mention(commander)}, the` : 'The';
  const text = `🔁 ${to} on-call for *${mrkdwnWithin(onCall.service, 63)}* changed: ${incoming.map(named).join(', ')} on call now (was ${outgoing.map(named).join(', ')}). Command stays where it is until it is handed over and accepted.`;
  const buttons = incoming
    .filter((p): p is OnCallPerson & { user: string } => p.user !== undefined && p.user !== commander)
    .slice(0, 3)
    .map((p) => ({
      type: 'button' as const,
      action_id: `${Actions.onCallHandoff}.${p.user}`,
      text: { type: 'plain_text' as const, text: `Offer command to ${p.name.split(' ')[0] ?? p.name}`.slice(0, 75) },
      value: onCallValue(state.id, p.user),
    }));
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  return { text, blocks };
}

/** The channel post for a paging event; undefined for the others. */
export function pagingPost(event: RecordedEvent, state: IncidentState): Post | undefined {
  switch (event.type) {
    case 'PageSent': {
      const page = state.paging.pages[event.data.pageId];
      if (!page) return undefined;
      const reason = page.reason ? `: ${mrkdwnWithin(page.reason, 500)}` : '';
      return line(
        `📟 ${mention(page.by)} paged *${mrkdwnWithin(page.service, 63)}*'s on-call through PagerDuty${reason}. PagerDuty escalates until someone acknowledges.`,
      );
    }
    case 'PageFailed': {
      const page = state.paging.pages[event.data.pageId];
      const service = page ? mrkdwnWithin(page.service, 63) : 'the service';
      return line(
        `⚠️ ${page ? `${mention(page.by)} ` : ''}*The page of ${service} did not go out*: ${mrkdwnWithin(event.data.error, 1000)}\nNobody was paged. Page by hand in PagerDuty, or fix what it says and \`/incident page ${service}\` again.`,
      );
    }
    case 'PageAcknowledged': {
      const page = state.paging.pages[event.data.pageId ?? ''];
      const of = page ? ` of *${mrkdwnWithin(page.service, 63)}*` : '';
      return line(`✅ ${who(event.data.by)} acknowledged the page${of}.${link(event.data.url)}`);
    }
    case 'PageResolved': {
      const page = state.paging.pages[event.data.pageId ?? ''];
      const of = page ? ` of *${mrkdwnWithin(page.service, 63)}*` : '';
      return line(`The page${of} is resolved in PagerDuty (by ${who(event.data.by)}).${link(event.data.url)}`);
    }
    case 'OnCallSeen':
      return event.data.changed ? shiftChangePost(state) : undefined;
    case 'PersonInvited': {
      const reason = event.data.reason ? `: ${mrkdwnWithin(event.data.reason, 500)}` : '';
      return line(`👋 ${mention(event.actor)} brought in ${mention(event.data.user)} (no role)${reason}.`);
    }
    default:
      return undefined;
  }
}
