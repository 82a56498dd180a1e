/**
 * @module slack/blocks/rollback-modal
 * The rollback confirmation: what is live now, the suspect, the version it goes back to, what will
 * run, and the guards (a deploy that landed after the suspect must be ticked to be rolled back too; no
 * known earlier version asks for one; a driver without its configuration names the variable and
 * cannot be confirmed). Nothing runs until it is submitted. Pure.
 */
import type { View } from '@slack/types';
import { formatDuration } from '../../incident/durations.js';
import type { DeploySnapshot } from '../../incident/events.js';
import { Inputs, Views } from '../ids.js';
import { mrkdwnWithin } from '../text.js';
import { clock } from '../time.js';

export interface RollbackModalInput {
  incidentId: string;
  suspect: DeploySnapshot;
  /** What is live now, if known. */
  live: DeploySnapshot | undefined;
  /** Where it goes back to; undefined: the person types the version. */
  target: DeploySnapshot | undefined;
  /** Deploys of the service that went live after the suspect. */
  landedAfter: DeploySnapshot[];
  plan: string;
  /** Set when the driver lacks configuration: the variables to set. */
  missing: string | undefined;
  now: number;
  tz: string;
}

/** What the modal carries to its submission. */
export interface RollbackMetadata {
  incidentId: string;
  deployId: string;
  target?: { version: string; deployId: string };
  current?: string;
  also: string[];
}

const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });

function version(deploy: DeploySnapshot): string {
  return `\`${mrkdwnWithin(deploy.version, 100)}\``;
}

export function rollbackModal(input: RollbackModalInput): View {
  const { suspect, live, target } = input;
  const ago = (at: number) => `${clock(at, input.tz)}, ${formatDuration(input.now - at)} ago`;
  const blocks: View['blocks'] = [
    section(`*Live now:* ${live ? `${version(live)} since ${ago(live.at)}` : '_not known_'}`),
    section(
      `*Suspect:* ${version(suspect)}${suspect.commit ? ` (${mrkdwnWithin(suspect.commit.slice(0, 7), 7)})` : ''}${suspect.author ? ` by ${mrkdwnWithin(suspect.author, 60)}` : ''}, live since ${ago(suspect.at)}`,
    ),
  ];
  if (target)
    blocks.push(
      section(`*Rolls back to:* ${version(target)}, the last good deploy before the suspect (${ago(target.at)})`),
    );
  else {
    blocks.push(section('*No earlier good deploy of this service is known.* Say which version to roll back to.'));
    blocks.push({
      type: 'input',
      block_id: Inputs.rollbackTarget,
      label: { type: 'plain_text', text: 'Roll back to (version)' },
      element: {
        type: 'plain_text_input',
        action_id: Inputs.rollbackTarget,
        max_length: 100,
        placeholder: { type: 'plain_text', text: '2026.11.28-2' },
      },
    });
  }
  blocks.push(section(`*What will run:* ${mrkdwnWithin(input.plan, 1500)}`));
  if (input.landedAfter.length > 0) {
    const versions = input.landedAfter.map((d) => version(d)).join(', ');
    blocks.push(
      section(
        `⚠️ *Deployed after the suspect:* ${versions}. Rolling back undoes ${input.landedAfter.length === 1 ? 'it' : 'them'} too.`,
      ),
    );
    blocks.push({
      type: 'input',
      block_id: Inputs.rollbackAlso,
      label: { type: 'plain_text', text: 'Confirm' },
      element: {
        type: 'checkboxes',
        action_id: Inputs.rollbackAlso,
        options: [
          {
            text: { type: 'plain_text', text: `Roll back what landed after the suspect too` },
            value: 'yes',
          },
        ],
      },
    });
  }
  if (input.missing) {
    blocks.push(
      section(
        `⛔ *warroom cannot run this rollback:* ${mrkdwnWithin(input.missing, 100)} ${input.missing.includes(' and ') ? 'are' : 'is'} not set. Set it and restart warroom, or roll back by hand and mark the step Done.`,
      ),
    );
  } else {
    blocks.push({
      type: 'input',
      block_id: Inputs.rollbackNote,
      optional: true,
      label: { type: 'plain_text', text: 'Note for the timeline' },
      element: { type: 'plain_text_input', action_id: Inputs.rollbackNote, max_length: 500 },
    });
  }
  const metadata: RollbackMetadata = {
    incidentId: input.incidentId,
    deployId: suspect.deployId,
    ...(target ? { target: { version: target.version, deployId: target.deployId } } : {}),
    ...(live ? { current: live.version } : {}),
    also: input.landedAfter.map((d) => d.version),
  };
  return {
    type: 'modal',
    callback_id: Views.rollback,
    title: { type: 'plain_text', text: `Roll back ${suspect.service}`.slice(0, 24) },
    ...(input.missing ? {} : { submit: { type: 'plain_text', text: 'Roll back' } }),
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify(metadata).slice(0, 3000),
    blocks,
  };
}
