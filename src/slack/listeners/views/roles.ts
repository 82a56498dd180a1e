/**
 * @module slack/listeners/views/roles
 * Submissions of the role modals: seat every role, hand off a role, decline an offer.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { Command } from '../../../incident/decide.js';
import type { Services } from '../../../services.js';
import { Inputs, roleInput } from '../../ids.js';
import { dispatchAfterAck, NOT_RECORDED, type Outcome, record } from '../../record.js';
import { truncate } from '../../text.js';
import { metadata, textValue } from './state.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

function failure(outcome: Outcome): string | undefined {
  if (outcome.ok) return undefined;
  return truncate('unavailable' in outcome ? NOT_RECORDED : outcome.error.message, 150);
}

const handoffMeta = z.object({ incidentId: z.string(), role: z.string() });
const declineMeta = z.object({ incidentId: z.string(), offerId: z.string() });
const rolesMeta = z.object({ incidentId: z.string() });

export function rolesView(services: Services) {
  return async ({ ack, view, body }: ViewArgs) => {
    const meta = metadata(view, rolesMeta);
    if (!meta) {
      await ack();
      return;
    }
    const { state } = await services.store.load(meta.incidentId);
    const errors: Record<string, string> = {};
    const outcomes: Outcome[] = [];
    for (const role of services.templates.roles.roles) {
      const picked = view.state.values[roleInput(role.name)]?.[roleInput(role.name)]?.selected_user;
      if (!picked || !state || state.roles[role.name] === picked) continue;
      const command: Command = { type: 'assignRole', role: role.name, user: picked };
      const outcome = await record(
        services,
        meta.incidentId,
        command,
        { actor: body.user.id, at: Date.now() },
        `view:${view.id}:${role.name}`,
      );
      const problem = failure(outcome);
      if (problem) errors[roleInput(role.name)] = problem;
      outcomes.push(outcome);
    }
    await ack(Object.keys(errors).length > 0 ? { response_action: 'errors', errors } : undefined);
    for (const outcome of outcomes) await dispatchAfterAck(services, outcome);
  };
}

export function handoffView(services: Services) {
  return async ({ ack, view, body }: ViewArgs) => {
    const meta = metadata(view, handoffMeta);
    const to = view.state.values[Inputs.receiver]?.[Inputs.receiver]?.selected_user;
    if (!meta || !to) {
      await ack({ response_action: 'errors', errors: { [Inputs.receiver]: 'Pick who takes over.' } });
      return;
    }
    const outcome = await record(
      services,
      meta.incidentId,
      { type: 'offerHandoff', role: meta.role, to },
      { actor: body.user.id, at: Date.now() },
      `view:${view.id}`,
    );
    const problem = failure(outcome);
    await ack(problem ? { response_action: 'errors', errors: { [Inputs.receiver]: problem } } : undefined);
    await dispatchAfterAck(services, outcome);
  };
}

export function declineView(services: Services) {
  return async ({ ack, view, body }: ViewArgs) => {
    const meta = metadata(view, declineMeta);
    if (!meta) {
      await ack();
      return;
    }
    const reason = textValue(view.state.values, Inputs.reason);
    const outcome = await record(
      services,
      meta.incidentId,
      { type: 'declineHandoff', offerId: meta.offerId, ...(reason ? { reason } : {}) },
      { actor: body.user.id, at: Date.now() },
      `view:${view.id}`,
    );
    const problem = failure(outcome);
    await ack(problem ? { response_action: 'errors', errors: { [Inputs.reason]: problem } } : undefined);
    await dispatchAfterAck(services, outcome);
  };
}
