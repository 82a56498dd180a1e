/**
 * @module queue/metric-effects
 * What the key metric says in the channel, each at most once: "impact began earlier by the metric" with
 * a button to set the impact start; the recovery, with a button to complete the step that verifies it;
 * and, to the commander, a rollback that has not brought the metric back.
 */
import type { KnownBlock } from '@slack/types';
import type { KeyMetric } from '../catalog/schema.js';
import { formatDuration } from '../incident/durations.js';
import { COMMANDER } from '../incident/roles.js';
import { protocolNamed } from '../incident/rules.js';
import type { IncidentState } from '../incident/state.js';
import { formatMetric } from '../metric/format.js';
import type { Point } from '../metric/series.js';
import { describeThreshold } from '../metric/threshold.js';
import { numberedSteps } from '../protocol/definition.js';
import { Actions } from '../slack/ids.js';
import { mention, mrkdwnWithin } from '../slack/text.js';
import { clock } from '../slack/time.js';
import type { EffectContext } from './context.js';
import { postOnce } from './post.js';

function healthyText(metric: Pick<KeyMetric, 'healthy' | 'unit'>): string {
  return `healthy ${describeThreshold(metric.healthy, (v) => formatMetric(v, metric.unit))}`;
}

function button(actionId: string, text: string, value: string, primary = false) {
  return {
    type: 'button' as const,
    action_id: actionId,
    text: { type: 'plain_text' as const, text },
    value,
    ...(primary ? { style: 'primary' as const } : {}),
  };
}

/** The evidence an impact start offered by the metric is recorded with. */
export function breachEvidence(metric: KeyMetric, at: number, value: number | undefined, timeZone: string): string {
  const shown = value === undefined ? '' : ` at ${formatMetric(value, metric.unit)}`;
  return `${metric.label} unhealthy from ${clock(at, timeZone)}${shown} (${healthyText(metric)})`.slice(0, 500);
}

export async function offerImpactStart(
  ctx: EffectContext,
  state: IncidentState,
  metric: KeyMetric,
  breachStart: number,
  points: readonly Point[],
): Promise<void> {
  if (!state.channel) return;
  const tz = ctx.config.timeZone;
  const value = points.find(([at]) => at === breachStart)?.[1];
  const evidence = breachEvidence(metric, breachStart, value, tz);
  const when = clock(breachStart, tz);
  const text =
    `📈 Impact began ${when} by the metric: ${mrkdwnWithin(evidence, 400)}, ` +
    `${formatDuration(state.declaredAt - breachStart)} before the declare. Set impact start?`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      elements: [
        button(
          Actions.metricImpactStart,
          `Set impact start to ${when}`,
          JSON.stringify({ a: breachStart, e: evidence }),
        ),
      ],
    },
  ];
  await postOnce(ctx, state.id, `metric.impact-offer.${breachStart}`, {
    channel: state.channel.id,
    text: `Impact began ${when} by the metric. Set impact start?`,
    blocks,
  });
}

/** The step that verifies recovery: the first one not done that moves the incident to Monitoring. */
export function recoveryStep(ctx: Pick<EffectContext, 'templates'>, state: IncidentState) {
  const protocol = protocolNamed(ctx.templates, state.protocol);
  if (!protocol) return undefined;
  return numberedSteps(protocol).find(
    (s) => s.step.setsStatus === 'monitoring' && !['done', 'skipped'].includes(state.steps[s.step.id]?.status ?? ''),
  );
}

/** The evidence a recovery is recorded with on the step. */
export function recoveryEvidence(recovery: NonNullable<IncidentState['recovery']>, timeZone: string): string {
  const show = (v: number) => formatMetric(v, recovery.unit);
  const baseline = recovery.baseline !== undefined ? `, baseline ${show(recovery.baseline)}` : '';
  const graph = recovery.graph ? ` ${recovery.graph}` : '';
  return `${recovery.label} healthy from ${clock(recovery.at, timeZone)} (${show(recovery.value)}${baseline})${graph}`;
}

/** The effect of RecoveryObserved: say so in the channel, offering to complete the verify step. */
export async function postRecovery(ctx: EffectContext, state: IncidentState, seq: number): Promise<void> {
  const recovery = state.recovery;
  if (!state.channel || !recovery) return;
  const tz = ctx.config.timeZone;
  const metric = ctx.templates.catalog.services[recovery.service]?.metric;
  const settled = metric
    ? ` for ${metric.settleMs < 60_000 ? `${Math.round(metric.settleMs / 1000)} s` : formatDuration(metric.settleMs)}`
    : '';
  const show = (v: number) => formatMetric(v, recovery.unit);
  const baseline = recovery.baseline !== undefined ? `, baseline ${show(recovery.baseline)}` : '';
  const graph = recovery.graph && /^https?:\/\//.test(recovery.graph) ? ` · <${recovery.graph}|graph>` : '';
  const text =
    `📉 *Recovery observed*: ${mrkdwnWithin(recovery.label, 100)} has been healthy since ` +
    `*${clock(recovery.at, tz)}*${settled} (${show(recovery.value)}${baseline})${graph}. Impact ended ${clock(recovery.at, tz)}.`;
  const step = recoveryStep(ctx, state);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (step) {
    blocks.push({
      type: 'actions',
      elements: [
        button(
          Actions.metricVerifyRecovery,
          `Complete step ${step.number}: ${step.step.title}`.slice(0, 75),
          step.step.id,
          true,
        ),
      ],
    });
  }
  await postOnce(ctx, state.id, `post.${seq}`, {
    channel: state.channel.id,
    text: `Recovery observed: ${recovery.label} healthy since ${clock(recovery.at, tz)}`,
    blocks,
  });
}

export async function tellRollbackNoEffect(
  ctx: EffectContext,
  state: IncidentState,
  metric: KeyMetric,
  value: number | undefined,
  seen: { rollbackId: string; deployedAt: number },
): Promise<void> {
  const rollback = state.rollbacks[seen.rollbackId];
  if (!state.channel || !rollback) return;
  const tz = ctx.config.timeZone;
  const commander = state.roles[COMMANDER];
  const show = (v: number) => formatMetric(v, metric.unit);
  const now = value === undefined ? '' : ` (${show(value)} now, ${healthyText(metric)}`;
  const baseline =
    state.metricBaseline?.service === rollback.service
      ? `, baseline ${show(state.metricBaseline.value)})`
      : now
        ? ')'
        : '';
  const text =
    `${commander ? `${mention(commander)} ` : ''}⚠️ The rollback of ${mrkdwnWithin(rollback.service, 63)} to ` +
    `\`${mrkdwnWithin(rollback.target.version, 100)}\` deployed at ${clock(seen.deployedAt, tz)} has not brought ` +
    `${mrkdwnWithin(metric.label, 100)} back${now}${baseline}. Back to Identify?`;
  await postOnce(ctx, state.id, `metric.no-effect.${seen.rollbackId}`, {
    channel: state.channel.id,
    text: `The rollback has not brought ${metric.label} back. Back to Identify?`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [button(Actions.metricBackToIdentify, 'Back to Identify (Investigating)', state.id)],
      },
    ],
  });
}
