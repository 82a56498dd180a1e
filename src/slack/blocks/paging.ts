/**
 * @module slack/blocks/paging
 * What the incident channel shows when PagerDuty is involved: a page taken or refused, acknowledged,
 * resolved; someone invited without a role. Pure functions of the event and the state after it.
 */
import type { KnownBlock } from '@slack/types';
import type { RecordedEvent } from '../../incident/events.js';
import type { PagerDutyPerson } from '../../incident/paging-state.js';
import type { IncidentState } from '../../incident/state.js';
import { mention, mrkdwnWithin } from '../text.js';

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
    case 'PersonInvited': {
      const reason = event.data.reason ? `: ${mrkdwnWithin(event.data.reason, 500)}` : '';
      return line(`👋 ${mention(event.actor)} brought in ${mention(event.data.user)} (no role)${reason}.`);
    }
    default:
      return undefined;
  }
}
