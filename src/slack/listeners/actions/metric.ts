/**
 * @module slack/listeners/actions/metric
 * The key metric's buttons: [Set impact start to 03:06] (recorded with what the metric showed, like
 * `/incident started`), [Complete step N: Verify recovery] (the step done with the recovery as its
 * evidence, which moves the incident to Monitoring), [Back to Identify] (status back to Investigating).
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Command } from '../../../incident/decide.js';
import { protocolNamed } from '../../../incident/rules.js';
import { findStep } from '../../../protocol/definition.js';
import { recoveryEvidence } from '../../../queue/metric-effects.js';
import type { Services } from '../../../services.js';
import { incidentInChannel } from '../../incident-lookup.js';
import { dispatchAfterAck, outcomeText, record } from '../../record.js';
import { actionTime } from '../../time.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const impactValue = z.object({ a: z.number().int().positive(), e: z.string().max(500) });

function whisper(respond: ButtonArgs['respond'], text: string) {
  return respond({ response_type: 'ephemeral', replace_original: false, text });
}

type Decide = (
  state: Awaited<ReturnType<typeof incidentInChannel>> & { ok: true },
  value: string | undefined,
) => { command: Command; done: string } | { error: string };

function metricButton(services: Services, decideCommand: Decide) {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    const channel = body.channel?.id ?? body.container?.channel_id;
    const lookup = channel ? await incidentInChannel(services, channel) : undefined;
    if (!lookup?.ok) {
      await ack();
      await whisper(respond, lookup?.message ?? 'No incident here.');
      return;
    }
    const parsed = decideCommand(lookup, action.value);
    if ('error' in parsed) {
      await ack();
      await whisper(respond, parsed.error);
      return;
    }
    const outcome = await record(
      services,
      lookup.state.id,
      parsed.command,
      { actor: body.user.id, at: actionTime(action.action_ts) },
      `act:${action.action_ts}:${action.action_id}`,
    );
    await ack();
    await whisper(respond, outcomeText(outcome, parsed.done));
    await dispatchAfterAck(services, outcome);
  };
}

export function impactStartAction(services: Services) {
  return metricButton(services, (_lookup, raw) => {
    let value: z.infer<typeof impactValue> | undefined;
    try {
      const parsed = impactValue.safeParse(JSON.parse(raw ?? ''));
      value = parsed.success ? parsed.data : undefined;
    } catch {
      value = undefined;
    }
    if (!value) return { error: 'That is not an impact start warroom offered.' };
    return {
      command: { type: 'markImpactStart', startedAt: value.a, evidence: value.e },
      done: 'Impact start recorded; durations count from it.',
    };
  });
}

export function verifyRecoveryAction(services: Services) {
  return metricButton(services, ({ state }, stepId) => {
    const recovery = state.recovery;
    if (!recovery) return { error: 'No recovery is recorded (the incident was reopened since?).' };
    const protocol = protocolNamed(services.templates, state.protocol);
    const step = protocol && stepId ? findStep(protocol, stepId) : undefined;
    if (!step) return { error: 'That step is no longer in this incident’s protocol; mark it with `/incident step`.' };
    const evidence = recoveryEvidence(recovery, services.config.timeZone);
    const first = step.step.inputs[0]?.id;
    return {
      command: { type: 'completeStep', step: step.step.id, ...(first ? { inputs: { [first]: evidence } } : {}) },
      done: `Step ${step.number} (${step.step.title}) done: ${evidence}`,
    };
  });
}

export function backToIdentifyAction(services: Services) {
  return metricButton(services, () => ({
    command: { type: 'changeStatus', to: 'investigating' },
    done: 'Status → Investigating: back to Identify.',
  }));
}
