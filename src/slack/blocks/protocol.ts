/**
 * @module slack/blocks/protocol
 * A protocol phase as one message in the incident channel: its steps with who owns them, when they
 * are due, what happened to them, and Done / Skip / Blocked (and Draft) buttons. Pure.
 */
import type { KnownBlock } from '@slack/types';
import { formatDuration } from '../../incident/durations.js';
import { roleLabel } from '../../incident/roles.js';
import type { Rules } from '../../incident/rules.js';
import { activeRollback, currentSuspect, type IncidentState, latestRollback } from '../../incident/state.js';
import { type NumberedStep, numberedSteps, type Protocol } from '../../protocol/definition.js';
import { phaseProgress, stepDueAt } from '../../protocol/progress.js';
import { Actions, StepBlocks } from '../ids.js';
import { mention, mrkdwnWithin, truncate } from '../text.js';
import { clock } from '../time.js';

export interface PhaseMessage {
  text: string;
  blocks: KnownBlock[];
}

const MARK = { open: '◻️', done: '✅', skipped: '⏭️', blocked: '⛔' } as const;

function stepLine(
  state: IncidentState,
  protocol: Protocol,
  numbered: NumberedStep,
  rules: Rules,
  now: number,
  tz: string,
): string {
  const { step, number } = numbered;
  const record = state.steps[step.id];
  const status = record?.status ?? 'open';
  const owner = state.roles[step.owner];
  const who = `${roleLabel(rules.roles, step.owner)}${owner ? ` ${mention(owner)}` : ''}`;
  const head = `${MARK[status]} *${number}. ${mrkdwnWithin(step.title, 80)}*`;
  if (record && status === 'done') {
    const inputs = Object.values(record.inputs ?? {}).map((v) => mrkdwnWithin(v, 300));
    return `${head}\ndone ${clock(record.at, tz)} by ${mention(record.by)}${inputs.length > 0 ? `: ${inputs.join(' · ')}` : ''}`;
  }
  if (record && status === 'skipped')
    return `${head}\nskipped ${clock(record.at, tz)}: ${mrkdwnWithin(record.reason ?? '', 300)}`;
  const due = stepDueAt(state, protocol, numbered);
  const late = due !== undefined && now > due ? ' · *late*' : '';
  const dueText = due !== undefined ? ` · due ${clock(due, tz)}${late}` : '';
  const blocked = record?.status === 'blocked' ? `\nblocked: ${mrkdwnWithin(record.reason ?? '', 300)}` : '';
  const help = step.help ? `\n_${mrkdwnWithin(step.help, 400)}_` : '';
  return `${head}  ·  ${who}${dueText}${blocked}${help}`;
}

/**
 * The [Roll back payments-api to 2026.11.28-2] button of the step a confirmed rollback completes: when
 * a suspect is named, its service has a rollback driver in the catalog, and no rollback runs.
 */
function rollbackButton(state: IncidentState, numbered: NumberedStep, rules: Rules) {
  if (numbered.step.completedBy !== 'rollback-requested') return [];
  const suspect = currentSuspect(state);
  if (!suspect || activeRollback(state)) return [];
  const service = rules.catalog.services[suspect.deploy.service];
  if (!service?.rollback) return [];
  const label = suspect.target
    ? `Roll back ${suspect.deploy.service} to ${suspect.target.version}`
    : `Roll back ${suspect.deploy.service}…`;
  return [
    {
      type: 'button' as const,
      action_id: Actions.startRollback,
      text: { type: 'plain_text' as const, text: truncate(label, 75) },
      style: 'danger' as const,
      value: suspect.deploy.deployId.slice(0, 2000),
    },
  ];
}

/** Where a rollback stands, under the step it completes. */
function rollbackNote(state: IncidentState, numbered: NumberedStep, tz: string): string {
  if (numbered.step.completedBy !== 'rollback-requested' && numbered.step.completedBy !== 'rollback-deployed')
    return '';
  const rollback = latestRollback(state);
  if (!rollback) return '';
  const to = `${mrkdwnWithin(rollback.service, 63)} → \`${mrkdwnWithin(rollback.target.version, 100)}\``;
  switch (rollback.status) {
    case 'requested':
      return `\n⏪ Rollback of ${to} confirmed ${clock(rollback.requestedAt, tz)} by ${mention(rollback.by)}; starting`;
    case 'dispatched':
      return `\n⏪ Rollback of ${to} running${rollback.url ? ` (<${rollback.url}|run>)` : ''}; waiting for its deploy`;
    case 'failed':
      return `\n⚠️ Rollback of ${to} failed: ${mrkdwnWithin(rollback.error ?? '', 300)}`;
    case 'deployed':
      return `\n✅ Rollback of ${to} deployed ${rollback.deployedAt !== undefined ? clock(rollback.deployedAt, tz) : ''}`;
  }
}

function buttons(state: IncidentState, numbered: NumberedStep, status: string, rules: Rules): KnownBlock | undefined {
  if (status === 'done' || status === 'skipped') return undefined;
  const { step } = numbered;
  const value = step.id;
  const elements = [
    ...rollbackButton(state, numbered, rules),
    {
      type: 'button' as const,
      action_id: Actions.stepDone,
      text: { type: 'plain_text' as const, text: 'Done' },
      style: 'primary' as const,
      value,
    },
    {
      type: 'button' as const,
      action_id: Actions.stepSkip,
      text: { type: 'plain_text' as const, text: 'Skip' },
      value,
    },
    ...(status === 'blocked'
      ? []
      : [
          {
            type: 'button' as const,
            action_id: Actions.stepBlock,
            text: { type: 'plain_text' as const, text: 'Blocked' },
            value,
          },
        ]),
    ...(step.draft
      ? [
          {
            type: 'button' as const,
            action_id: Actions.stepDraft,
            text: { type: 'plain_text' as const, text: 'Draft' },
            value,
          },
        ]
      : []),
  ];
  return { type: 'actions', block_id: StepBlocks.actions(step.id), elements };
}

export function renderPhase(
  state: IncidentState,
  protocol: Protocol,
  phaseIndex: number,
  rules: Rules,
  now: number,
  tz: string,
): PhaseMessage {
  const phase = protocol.phases[phaseIndex];
  if (!phase) throw new Error(`no phase ${phaseIndex} in ${protocol.name}`);
  const progress = phaseProgress(state, protocol)[phaseIndex];
  const open = state.status !== 'resolved';
  const steps = numberedSteps(protocol).filter((s) => s.phase === phase);
  const started = progress?.startedAt !== undefined ? `started ${clock(progress.startedAt, tz)}` : 'not started';
  const heading = `*${mrkdwnWithin(phase.title.toUpperCase(), 100)}*  ·  ${progress?.closed}/${progress?.total}  ·  ${started}${phase.parallel ? ' · runs alongside' : ''}`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: heading } }];
  for (const numbered of steps) {
    const status = state.steps[numbered.step.id]?.status ?? 'open';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: stepLine(state, protocol, numbered, rules, now, tz) + rollbackNote(state, numbered, tz),
      },
    });
    const actions = open ? buttons(state, numbered, status, rules) : undefined;
    if (actions) blocks.push(actions);
  }
  return { text: `${state.id} ${phase.title}: ${progress?.closed}/${progress?.total} done`, blocks };
}

/** `Identify 2/4 · Roll back 0/5 · Communicate 1/4`, for the board. */
export function progressLine(state: IncidentState, protocol: Protocol): string {
  return phaseProgress(state, protocol)
    .map((p) => `${p.phase.title.split(/\s+[—-]\s+/)[0]} ${p.closed}/${p.total}`)
    .join(' · ');
}

/** The nudge for a step past its target, addressed to its owner only. */
export function lateStepNudge(
  state: IncidentState,
  numbered: NumberedStep,
  owner: string,
  due: number,
  tz: string,
): string {
  const target = formatDuration(numbered.step.targets[state.severity] ?? 0);
  return `${mention(owner)} step ${numbered.number} *${mrkdwnWithin(numbered.step.title, 80)}* is past its ${target} target (due ${clock(due, tz)}). Mark it Done, Skip or Blocked in the checklist.`;
}
