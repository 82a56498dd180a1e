/**
 * @module slack/blocks/posts
 * The messages warroom posts because something was recorded: in the incident channel, and in the
 * thread of the incident's announcement. Pure functions of the event and the state after it.
 */
import type { KnownBlock } from '@slack/types';
import type { Catalog } from '../../catalog/schema.js';
import { formatDuration } from '../../incident/durations.js';
import type { RecordedEvent } from '../../incident/events.js';
import { severityLabel } from '../../incident/severity.js';
import type { IncidentState } from '../../incident/state.js';
import { statusLabel } from '../../incident/status.js';
import { Actions } from '../ids.js';
import { mention, mrkdwnWithin } from '../text.js';
import { suspectLine } from './changes.js';
import { followUpPost } from './followups.js';
import { pagingPost } from './paging.js';

export interface Post {
  text: string;
  blocks: KnownBlock[];
}

function line(text: string): Post {
  return { text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }] };
}

function body(title: string, content: string): Post {
  const shown = mrkdwnWithin(content, 2800);
  return {
    text: `${title}: ${mrkdwnWithin(content, 3000)}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${title}\n${shown}` } }],
  };
}

/** What the incident channel shows for an event; undefined when nothing is posted for it. */
export function channelPost(event: RecordedEvent, state: IncidentState, catalog?: Catalog): Post | undefined {
  const by = event.actor.startsWith('U') || event.actor.startsWith('W') ? ` by ${mention(event.actor)}` : '';
  switch (event.type) {
    case 'StatusChanged':
      return line(`Status → *${statusLabel(event.data.to)}* (was ${statusLabel(event.data.from)})${by}`);
    case 'SeverityChanged':
      return line(`Severity → *${severityLabel(event.data.to)}* (was ${severityLabel(event.data.from)})${by}`);
    case 'UpdatePosted':
      return body(`📣 *Update*${by}`, event.data.text);
    case 'IncidentResolved': {
      const post = body(
        `✅ *${state.id} resolved*${by} after ${formatDuration(event.at - state.declaredAt)}`,
        event.data.summary,
      );
      post.blocks.push({
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: Actions.exportMarkdown,
            text: { type: 'plain_text', text: 'Export postmortem (Markdown)' },
            value: state.id,
          },
          {
            type: 'button',
            action_id: Actions.exportHtml,
            text: { type: 'plain_text', text: 'Export postmortem (HTML)' },
            value: state.id,
          },
        ],
      });
      return post;
    }
    case 'IncidentReopened':
      return body(`↩️ *${state.id} reopened*${by}`, event.data.reason);
    case 'SuspectNamed':
      return line(suspectLine(event.data.deploy, event.data.target, event.actor));
    case 'RollbackRequested': {
      const also = event.data.alsoRollsBack?.length
        ? ` It also undoes ${event.data.alsoRollsBack.map((v) => `\`${mrkdwnWithin(v, 100)}\``).join(', ')}.`
        : '';
      return line(
        `⏪ Rollback of *${mrkdwnWithin(event.data.service, 63)}* to \`${mrkdwnWithin(event.data.target.version, 100)}\` confirmed${by}: ${mrkdwnWithin(event.data.plan, 1000)}.${also}`,
      );
    }
    case 'RollbackDispatched': {
      const where = event.data.url
        ? ` <${event.data.url}|${mrkdwnWithin(event.data.remote ?? 'follow it', 200)}>`
        : event.data.remote
          ? ` (${mrkdwnWithin(event.data.remote, 200)})`
          : '';
      return line(`⏪ Rollback started${where}; the step completes itself when its deploy is reported.`);
    }
    case 'RollbackFailed': {
      const rollback = state.rollbacks[event.data.rollbackId];
      const who = [state.roles.commander, state.roles.ops]
        .filter((u, i, all): u is string => Boolean(u) && all.indexOf(u) === i)
        .map(mention)
        .join(' ');
      const what = rollback
        ? ` of *${mrkdwnWithin(rollback.service, 63)}* to \`${mrkdwnWithin(rollback.target.version, 100)}\``
        : '';
      return body(
        `⚠️ ${who} *The rollback${what} failed* (${mrkdwnWithin(event.data.system, 40)})`,
        `${event.data.error}\nThe step stays open: fix what it says and use Roll back again, or roll back by hand and mark the step Done.`,
      );
    }
    case 'RollbackDeployed':
      return line(
        `✅ Rollback deployed: *${mrkdwnWithin(event.data.deploy.service, 63)}* \`${mrkdwnWithin(event.data.deploy.version, 100)}\` is live. Verify recovery on the key metric.`,
      );
    case 'StatusPagePublished': {
      const link = event.data.url && /^https?:\/\//.test(event.data.url) ? ` <${event.data.url}|View it>.` : '';
      const impacts = Object.entries(event.data.components)
        .map(([id, s]) => {
          const service = Object.values(catalog?.services ?? {}).find((c) => c.statuspage?.component === id);
          return `${s.replaceAll('_', ' ')} on ${mrkdwnWithin(service?.name ?? id, 60)}`;
        })
        .join(', ');
      return line(`📢 Published on the status page: *${event.data.status}*${impacts ? ` · ${impacts}` : ''}.${link}`);
    }
    case 'StatusPagePublishFailed': {
      const who = [state.roles.comms, state.roles.commander]
        .filter((u, i, all): u is string => Boolean(u) && all.indexOf(u) === i)
        .map(mention)
        .join(' ');
      return body(
        `⚠️ ${who} *The status page did not take the update*`,
        `${event.data.error}\nNothing was published. Fix what it says and publish again (/incident statuspage).`,
      );
    }
    case 'ExportLinksRevoked':
      return line(
        `🔒 Export links revoked${by}: links to ${state.id}'s timeline given out before no longer open. The bookmark holds a new one.`,
      );
    default:
      return pagingPost(event, state) ?? followUpPost(event, state);
  }
}

/** What the announcement's thread shows for an event; undefined when nothing. */
export function announcementThreadPost(event: RecordedEvent, state: IncidentState): Post | undefined {
  switch (event.type) {
    case 'StatusChanged':
      return line(`${state.id} status: *${statusLabel(event.data.to)}*`);
    case 'SeverityChanged':
      return line(`${state.id} severity: *${severityLabel(event.data.to)}*`);
    case 'UpdatePosted':
      return body(`📣 *${state.id} update*`, event.data.text);
    case 'IncidentResolved':
      return body(`✅ *${state.id} resolved* after ${formatDuration(event.at - state.declaredAt)}`, event.data.summary);
    case 'IncidentReopened':
      return body(`↩️ *${state.id} reopened*`, event.data.reason);
    default:
      return undefined;
  }
}

/**
 * The first words in a new incident channel, under the board: who declared it, the ground rules of
 * the room, and where to look. Command moves only when a handoff is accepted, never by being named.
 */
export function welcomePost(state: IncidentState): Post {
  const text = [
    `${mention(state.declaredBy)} declared *${state.id}* and is commander. Ground rules:`,
    '• Command moves only by an accepted handoff: `/incident handoff commander @someone`.',
    '• Only Ops changes production.',
    '• Findings go to the commander.',
    'Where things stand: the board (pinned) and `/incident brief`. `/incident help` lists everything.',
  ].join('\n');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
