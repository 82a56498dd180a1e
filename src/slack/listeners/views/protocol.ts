/**
 * @module slack/listeners/views/protocol
 * Submissions of the step modals (inputs when done; reason to skip or block) and the draft modal
 * (posted as an update written from that draft, for customers or the team, once no placeholder is left;
 * it also completes the step it belongs to).
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { Command } from '../../../incident/decide.js';
import type { Services } from '../../../services.js';
import { placeholderIn, placeholderLeft } from '../../../templates/messages.js';
import { draftAudience } from '../../drafts.js';
import { Inputs, stepInput } from '../../ids.js';
import { dispatchAfterAck, NOT_RECORDED, type Outcome, record } from '../../record.js';
import { truncate } from '../../text.js';
import { metadata, textValue } from './state.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const stepMeta = z.object({ incidentId: z.string(), step: z.string(), kind: z.enum(['skip', 'block']).optional() });
const draftMeta = z.object({ incidentId: z.string(), step: z.string().optional(), draft: z.string().optional() });

function problem(outcome: Outcome): string | undefined {
  if (outcome.ok) return undefined;
  return truncate('unavailable' in outcome ? NOT_RECORDED : outcome.error.message, 150);
}

async function submit(
  services: Services,
  args: ViewArgs,
  incidentId: string,
  command: Command,
  errorField: string,
  key = `view:${args.view.id}`,
): Promise<void> {
  const outcome = await record(services, incidentId, command, { actor: args.body.user.id, at: Date.now() }, key);
  const failed = problem(outcome);
  await args.ack(failed ? { response_action: 'errors', errors: { [errorField]: failed } } : undefined);
  await dispatchAfterAck(services, outcome);
}

export function stepDoneView(services: Services) {
  return async (args: ViewArgs) => {
    const meta = metadata(args.view, stepMeta);
    if (!meta) {
      await args.ack();
      return;
    }
    const values = args.view.state.values;
    const inputs = Object.fromEntries(
      Object.keys(values)
        .filter((block) => block.startsWith('input.'))
        .map((block) => [block.slice('input.'.length), textValue(values, block)]),
    );
    // Field errors must name a block that is in the form, or Slack refuses the answer.
    const first =
      args.view.blocks.find((b) => b.type === 'input' && b.block_id?.startsWith('input.'))?.block_id ??
      stepInput('value');
    await submit(services, args, meta.incidentId, { type: 'completeStep', step: meta.step, inputs }, first);
  };
}

export function stepReasonView(services: Services) {
  return async (args: ViewArgs) => {
    const meta = metadata(args.view, stepMeta);
    if (!meta) {
      await args.ack();
      return;
    }
    const reason = textValue(args.view.state.values, Inputs.reason);
    const command: Command = { type: meta.kind === 'block' ? 'blockStep' : 'skipStep', step: meta.step, reason };
    await submit(services, args, meta.incidentId, command, Inputs.reason);
  };
}

/**
 * The message template a draft came from: the one its metadata names, else the one whose label is the
 * modal's title (draftModal titles the modal with it, and its metadata does not carry the name yet).
 */
function draftName(services: Services, view: ViewArgs['view'], named: string | undefined): string | undefined {
  const messages = services.templates.messages;
  if (named !== undefined) return Object.hasOwn(messages, named) ? named : undefined;
  const title: unknown = view.title?.text;
  const matches = Object.values(messages).filter((t) => truncate(t.label, 24) === title);
  return matches.length === 1 ? matches[0]?.name : undefined;
}

export function draftView(services: Services) {
  return async (args: ViewArgs) => {
    const meta = metadata(args.view, draftMeta);
    const text = textValue(args.view.state.values, Inputs.update);
    if (!meta || !text) {
      await args.ack({ response_action: 'errors', errors: { [Inputs.update]: 'The update cannot be empty.' } });
      return;
    }
    const placeholder = placeholderIn(text);
    if (placeholder) {
      await args.ack({ response_action: 'errors', errors: { [Inputs.update]: placeholderLeft(placeholder) } });
      return;
    }
    const draft = draftName(services, args.view, meta.draft);
    const outcome = await record(
      services,
      meta.incidentId,
      { type: 'postUpdate', text, ...(draft ? { draft, audience: draftAudience(draft) } : {}) },
      { actor: args.body.user.id, at: Date.now() },
      `view:${args.view.id}`,
    );
    const failed = problem(outcome);
    if (failed) {
      await args.ack({ response_action: 'errors', errors: { [Inputs.update]: failed } });
      return;
    }
    // Posting the draft is what the step asked for: complete it too (a no-op if it already is).
    const step = meta.step
      ? await record(
          services,
          meta.incidentId,
          { type: 'completeStep', step: meta.step },
          { actor: args.body.user.id, at: Date.now() },
          `view:${args.view.id}:step`,
        )
      : undefined;
    await args.ack();
    await dispatchAfterAck(services, outcome);
    if (step) await dispatchAfterAck(services, step);
  };
}
