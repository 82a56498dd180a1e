/**
 * @module slack/blocks/board
 * The incident board: the pinned message at the top of the incident channel, edited in place.
 * A pure function of the incident's state and the time it is rendered.
 */

import type { KnownBlock } from '@slack/types';
import type { Catalog } from '../../catalog/schema.js';
import { formatDuration } from '../../incident/durations.js';
import { SYSTEM_ACTOR } from '../../incident/events.js';
import { postmortemStatusLabel } from '../../incident/postmortem.js';
import { findRole, type RolePolicy, roleLabel } from '../../incident/roles.js';
import { EMPTY_RULES, protocolNamed, type Rules } from '../../incident/rules.js';
import { SEVERITY_INFO, severityLabel } from '../../incident/severity.js';
import type { IncidentState } from '../../incident/state.js';
import { statusLabel } from '../../incident/status.js';
import type { MetricSnapshot } from '../../metric/snapshot.js';
import { nextUpdateDue } from '../../protocol/progress.js';
import { Actions, BoardBlocks } from '../ids.js';
import { mention, mrkdwn, mrkdwnWithin, truncate } from '../text.js';
import { clock } from '../time.js';
import { metricLine } from './metric.js';
import { onCallBlocks, pagesLine } from './oncall.js';
import { progressLine } from './protocol.js';
import { severityOption, severityOptions, statusOption, statusOptions } from './severity-options.js';

export interface BoardView {
  text: string;
  blocks: KnownBlock[];
}

/** `🔴 SEV1 · Investigating · Checkout payments failing`, as the header and the channel topic read. */
export function headline(state: IncidentState, max = 150): string {
  const emoji = state.status === 'resolved' ? '✅' : SEVERITY_INFO[state.severity].emoji;
  const head = `${emoji} ${severityLabel(state.severity)} · ${statusLabel(state.status)} · `;
  return truncate(`${head}${truncate(state.title, max - [...head].length)}`, max);
}

function roleBlocks(state: IncidentState, policy: RolePolicy, timeZone: string): KnownBlock[] {
  const names = [...policy.roles.map((r) => r.name), ...Object.keys(state.roles).filter((r) => !findRole(policy, r))];
  const open = state.status !== 'resolved';
  const blocks: KnownBlock[] = names.map((role) => {
    const user = state.roles[role];
    const label = roleLabel(policy, role);
    const holder =
      user === SYSTEM_ACTOR
        ? '_nobody yet_ (`/incident handoff commander me` to take it)'
        : user
          ? mention(user)
          : '_unassigned_';
    const text = `*${label}*  ${holder}`;
    const known = Boolean(findRole(policy, role));
    if (!open || !known) return { type: 'section', text: { type: 'mrkdwn', text } };
    return {
      type: 'section',
      block_id: BoardBlocks.role(role),
      text: { type: 'mrkdwn', text },
      accessory: user
        ? {
            type: 'button',
            action_id: Actions.handOffRole,
            text: { type: 'plain_text', text: 'Hand off' },
            value: role,
          }
        : { type: 'button', action_id: Actions.takeRole, text: { type: 'plain_text', text: 'Take' }, value: role },
    };
  });
  const offers = Object.values(state.offers).map(
    (o) => `${roleLabel(policy, o.role)} offered to ${mention(o.to)}, until ${clock(o.expiresAt, timeZone)}`,
  );
  if (offers.length > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: offers.join('\n') }] });
  return blocks;
}

function followUpButton(incidentId: string) {
  return {
    type: 'button' as const,
    action_id: Actions.addFollowUp,
    text: { type: 'plain_text' as const, text: 'Add follow-up' },
    value: incidentId,
  };
}

export function renderBoard(
  state: IncidentState,
  now: number,
  timeZone: string,
  rules: Rules = EMPTY_RULES,
  /** The key metric as last read, when the incident's service has one. */
  metric?: MetricSnapshot,
): BoardView {
  const policy = rules.roles;
  const protocol = protocolNamed(rules, state.protocol);
  const end = state.resolvedAt ?? now;
  // The clock counts from the impact start when one is recorded, as the postmortem's durations do.
  const start = Math.min(state.impactStartedAt ?? state.declaredAt, state.declaredAt);
  const elapsed = formatDuration(end - start);
  const lasted = state.resolvedAt ? `lasted ${elapsed}` : elapsed;
  const fields: { type: 'mrkdwn'; text: string }[] = [
    {
      type: 'mrkdwn',
      text:
        start < state.declaredAt
          ? `*Impact since*\n${clock(start, timeZone)} · ${lasted} (declared ${clock(state.declaredAt, timeZone)})`
          : `*Started*\n${clock(state.declaredAt, timeZone)} · ${lasted}`,
    },
  ];
  if (state.service) fields.push({ type: 'mrkdwn', text: `*Service*\n${mrkdwnWithin(state.service, 200)}` });
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: headline(state), emoji: true } },
    { type: 'section', fields },
    ...roleBlocks(state, policy, timeZone),
  ];
  if (state.summary) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: mrkdwnWithin(state.summary, 2900) } });
  }
  if (metric && state.status !== 'resolved') {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: metricLine(state, metric, timeZone) } });
  }
  const last = state.lastUpdate
    ? `*Last update* ${clock(state.lastUpdate.at, timeZone)}: ${mrkdwnWithin(state.lastUpdate.text, 2500)}`
    : '*Last update* none yet: `/incident update <text>` posts one here and in the announcement';
  const context = [last];
  const page = statusPageLine(state, timeZone, rules.catalog);
  if (page) context.push(page);
  const paged = pagesLine(state, timeZone);
  if (paged) context.push(paged);
  if (protocol) context.push(`*Protocol* ${progressLine(state, protocol)}`);
  const due = nextUpdateDue(state, protocol);
  if (due !== undefined) context.push(`*Next update due* ${clock(due, timeZone)}${now > due ? ' · *overdue*' : ''}`);
  blocks.push({ type: 'context', elements: context.map((text) => ({ type: 'mrkdwn' as const, text })) });
  blocks.push(...onCallBlocks(state));
  if (state.status === 'resolved') {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Resolution*\n${mrkdwnWithin(state.resolution ?? '', 2900)}` },
    });
    const pm = state.postmortem;
    if (pm) {
      const review = pm.reviewDate ? ` · review on ${pm.reviewDate}` : '';
      blocks.push({
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `*Postmortem* ${postmortemStatusLabel(pm.status)} · owner ${mention(pm.owner)}${review} · \`/incident postmortem review\` when it is ready`,
          },
        ],
      });
    }
    blocks.push({
      type: 'actions',
      block_id: BoardBlocks.actions,
      elements: [
        { type: 'button', action_id: Actions.reopen, text: { type: 'plain_text', text: 'Reopen' }, value: state.id },
        followUpButton(state.id),
      ],
    });
  } else {
    blocks.push({
      type: 'actions',
      block_id: BoardBlocks.actions,
      elements: [
        {
          type: 'button',
          action_id: Actions.postUpdate,
          text: { type: 'plain_text', text: 'Post update' },
          style: 'primary',
          value: state.id,
        },
        {
          type: 'static_select',
          action_id: Actions.changeStatus,
          placeholder: { type: 'plain_text', text: 'Status' },
          options: statusOptions(rules.definitions),
          initial_option: statusOption(state.status, rules.definitions),
        },
        {
          type: 'static_select',
          action_id: Actions.changeSeverity,
          placeholder: { type: 'plain_text', text: 'Severity' },
          options: severityOptions(rules.definitions),
          initial_option: severityOption(state.severity, rules.definitions),
        },
        { type: 'button', action_id: Actions.resolve, text: { type: 'plain_text', text: 'Resolve' }, value: state.id },
        followUpButton(state.id),
      ],
    });
  }
  return { text: `${state.id}: ${mrkdwn(headline(state))}`, blocks };
}

/** `*Status page* Identified, 03:21, major outage on payments-api`: what customers read now. */
export function statusPageLine(state: IncidentState, timeZone: string, catalog: Catalog): string | undefined {
  const page = state.statusPage;
  const last = page.order
    .map((id) => page.publishes[id])
    .filter((p) => p?.publishedAt !== undefined)
    .at(-1);
  if (!page.status || !last?.publishedAt) return undefined;
  const status = page.status.charAt(0).toUpperCase() + page.status.slice(1);
  const impacts = Object.entries(page.components)
    .filter(([, s]) => s !== 'operational')
    .map(([id, s]) => `${s.replaceAll('_', ' ')} on ${mrkdwnWithin(componentName(catalog, id), 60)}`);
  const link = page.url && /^https?:\/\//.test(page.url) ? ` · <${page.url}|view>` : '';
  return `*Status page* ${status}, ${clock(last.publishedAt, timeZone)}${impacts.length > 0 ? `, ${impacts.join(', ')}` : ''}${link}`;
}

/** A component's name for people: the catalog service it belongs to, else its Statuspage id. */
function componentName(catalog: Catalog, id: string): string {
  return Object.values(catalog.services).find((s) => s.statuspage?.component === id)?.name ?? id;
}

/** The one-line announcement in the incident feed, edited as severity and status change. */
export function renderAnnouncement(state: IncidentState, channelId: string): BoardView {
  const duration = state.resolvedAt ? ` after ${formatDuration(state.resolvedAt - state.declaredAt)}` : '';
  const line = `${mrkdwn(headline(state))} — ${state.id} in <#${channelId}>${duration}`;
  return {
    text: line,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${headlineMrkdwn(state)} — *${state.id}* in <#${channelId}>${duration}` },
      },
    ],
  };
}

function headlineMrkdwn(state: IncidentState): string {
  return mrkdwn(headline(state, 2000));
}

/** The channel topic: severity, status, title (Slack allows 250 characters). */
export function renderTopic(state: IncidentState): string {
  return mrkdwnWithin(`${severityLabel(state.severity)} · ${statusLabel(state.status)} · ${state.title}`, 250);
}
