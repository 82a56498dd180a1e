/**
 * @module slack/blocks/changes
 * The changes card: the deploys that went live before the impact started (the affected service
 * first, newest first), each with [Suspect]; and the lines warroom posts as suspects are named,
 * rollbacks run and deploys land. Pure functions of the deploys, the state and the time.
 */
import type { KnownBlock } from '@slack/types';
import type { Deploy } from '../../changes/deploys.js';
import { describeDeploy } from '../../incident/decide-changes.js';
import { formatDuration } from '../../incident/durations.js';
import type { DeploySnapshot } from '../../incident/events.js';
import { currentSuspect, type IncidentState } from '../../incident/state.js';
import { Actions } from '../ids.js';
import { mrkdwn, mrkdwnWithin } from '../text.js';
import { clock } from '../time.js';

/** At most this many deploys on the card (a message holds 50 blocks; people read ten). */
export const CHANGES_SHOWN = 10;

export interface ChangesCard {
  text: string;
  blocks: KnownBlock[];
}

/** What a [Suspect] button carries: which deploy, of which service. */
export interface SuspectValue {
  s: string;
  d: string;
}

/** A deploy as a snapshot for the log. */
export function snapshotOf(deploy: Deploy): DeploySnapshot {
  return {
    deployId: deploy.deployId,
    service: deploy.service,
    environment: deploy.environment,
    version: deploy.version,
    ...(deploy.commit ? { commit: deploy.commit } : {}),
    ...(deploy.url ? { url: deploy.url } : {}),
    ...(deploy.author ? { author: deploy.author } : {}),
    at: deploy.at,
    source: deploy.source,
  };
}

function relative(at: number, impactStart: number): string {
  if (at <= impactStart) return `${formatDuration(impactStart - at)} before impact`;
  return `${formatDuration(at - impactStart)} after impact began`;
}

/** `*payments-api* <url|2026.11.28-3> · 4f2a1c9 · by dana · 03:01 (5 min before impact)` */
export function deployLine(
  deploy: Pick<DeploySnapshot, 'service' | 'version' | 'commit' | 'url' | 'author' | 'at' | 'environment'>,
  impactStart: number,
  tz: string,
): string {
  const version =
    deploy.url && /^https?:\/\//.test(deploy.url)
      ? `<${deploy.url}|${mrkdwnWithin(deploy.version, 100)}>`
      : `\`${mrkdwnWithin(deploy.version, 100)}\``;
  const commit =
    deploy.commit && !deploy.version.includes(deploy.commit.slice(0, 7))
      ? ` · \`${mrkdwn(deploy.commit.slice(0, 7))}\``
      : '';
  const author = deploy.author ? ` · by ${mrkdwnWithin(deploy.author, 60)}` : '';
  const environment = deploy.environment !== 'production' ? ` · ${mrkdwnWithin(deploy.environment, 40)}` : '';
  return `*${mrkdwnWithin(deploy.service, 63)}* ${version}${commit}${author}${environment} · ${clock(deploy.at, tz)} (${relative(deploy.at, impactStart)})`;
}

/**
 * The card: `deploys` (already in the order to show) from `windowMs` before the impact start.
 * @example
 * renderChangesCard(state, deploys, { windowMs: 6 * 3_600_000, impactStart: state.declaredAt }, 'UTC')
 */
export function renderChangesCard(
  state: IncidentState,
  deploys: readonly Deploy[],
  options: { windowMs: number; impactStart: number; tz: string; knowsDeploys: boolean },
): ChangesCard {
  const window = formatDuration(options.windowMs);
  const since = state.impactStartedAt !== undefined ? 'the impact start' : 'the declare';
  const heading = `*Changes before the impact* · deploys in the ${window} before ${clock(options.impactStart, options.tz)} (${since})`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: heading } }];
  const suspect = currentSuspect(state)?.deploy.deployId;
  const open = state.status !== 'resolved';
  for (const deploy of deploys.slice(0, CHANGES_SHOWN)) {
    const line = deployLine(deploy, options.impactStart, options.tz);
    const isSuspect = deploy.deployId === suspect;
    const value: SuspectValue = { s: deploy.service, d: deploy.deployId };
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: isSuspect ? `🎯 ${line} · *the suspect*` : line },
      ...(open && !isSuspect
        ? {
            accessory: {
              type: 'button' as const,
              action_id: Actions.suspectDeploy,
              text: { type: 'plain_text' as const, text: 'Suspect' },
              value: JSON.stringify(value),
            },
          }
        : {}),
    });
  }
  const more = deploys.length - CHANGES_SHOWN;
  const notes: string[] = [];
  if (deploys.length === 0) {
    notes.push(
      options.knowsDeploys
        ? `No deploy went live in the ${window} before the impact. Config, flags and infrastructure changes are not listed here.`
        : 'No deploys are recorded: send them to warroom (GitHub deployment webhooks, Argo CD notifications, or `POST /hooks/deploys` from CI) to see them here.',
    );
  }
  if (more > 0) notes.push(`${more} more not shown. \`/incident changes 24h\` looks further back.`);
  notes.push('[Suspect] names the likely cause; `/incident changes 12h` lists a wider window.');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: notes.join('\n') }] });
  return {
    text: `Changes before the impact: ${deploys.length} ${deploys.length === 1 ? 'deploy' : 'deploys'}`,
    blocks,
  };
}

/** The channel line when a suspect is named. */
export function suspectLine(deploy: DeploySnapshot, target: DeploySnapshot | undefined, by: string): string {
  const before = target
    ? ` What was live before it: \`${mrkdwnWithin(target.version, 100)}\`.`
    : ' No earlier good deploy of it is known.';
  return `🎯 Suspect named by <@${by}>: ${mrkdwnWithin(describeDeploy(deploy), 200)}.${before}`;
}

/** The channel line when a deploy lands while the incident is open. */
export function landedLine(
  deploy: DeploySnapshot,
  state: string,
  frozen: boolean,
  isRollback: boolean,
  tz: string,
): string {
  const verb = state === 'success' ? 'went live' : `reported *${mrkdwn(state)}*`;
  const flag = isRollback ? ' · the rollback' : frozen ? ' · ⚠️ *during the deploy freeze*' : '';
  const version =
    deploy.url && /^https?:\/\//.test(deploy.url)
      ? `<${deploy.url}|${mrkdwnWithin(deploy.version, 100)}>`
      : `\`${mrkdwnWithin(deploy.version, 100)}\``;
  const author = deploy.author ? ` by ${mrkdwnWithin(deploy.author, 60)}` : '';
  return `🚀 Deploy ${verb}: *${mrkdwnWithin(deploy.service, 63)}* ${version}${author} at ${clock(deploy.at, tz)}${flag}`;
}
