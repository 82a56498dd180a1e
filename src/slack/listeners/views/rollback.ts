/**
 * @module slack/listeners/views/rollback
 * The rollback confirmation submitted: the person's click is the decision. What will run is worked out
 * again here from the catalog (never taken from the form), the guards are checked again, and
 * `RollbackRequested` is recorded (completing the step it completes) before Slack hears back; the
 * rollback itself runs in a job, exactly once.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { describePlan, missingConfig } from '../../../changes/rollback-plan.js';
import { rollbackIdFor } from '../../../incident/events.js';
import { currentSuspect } from '../../../incident/state.js';
import type { Services } from '../../../services.js';
import { Inputs } from '../../ids.js';
import { dispatchAfterAck, NOT_RECORDED, record } from '../../record.js';
import { fromSlackText, truncate } from '../../text.js';
import { checkedValues, metadata, textValue } from './state.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const rollbackMeta = z.object({
  incidentId: z.string().regex(/^INC-\d+$/),
  deployId: z.string().min(1).max(300),
  target: z.object({ version: z.string().min(1).max(100), deployId: z.string().max(300) }).optional(),
  current: z.string().max(100).optional(),
  also: z.array(z.string().max(100)).max(20),
});

const VERSION = /^[\w.+:/@-]{1,100}$/;

export function rollbackView(services: Services) {
  return async (args: ViewArgs) => {
    const meta = metadata(args.view, rollbackMeta);
    const values = args.view.state.values;
    const errorField = args.view.blocks.some((b) => b.block_id === Inputs.rollbackTarget)
      ? Inputs.rollbackTarget
      : Inputs.rollbackNote;
    const refuse = (message: string) =>
      args.ack({ response_action: 'errors', errors: { [errorField]: truncate(message, 150) } });
    if (!meta) {
      await args.ack();
      return;
    }
    const { state } = await services.store.load(meta.incidentId);
    const suspect = state ? currentSuspect(state) : undefined;
    if (!state || !suspect || suspect.deploy.deployId !== meta.deployId) {
      await refuse('The suspect changed while this was open; close it and use the button in the checklist again.');
      return;
    }
    const typed = fromSlackText(textValue(values, Inputs.rollbackTarget));
    const version = meta.target?.version ?? typed;
    if (!VERSION.test(version)) {
      await refuse('Give the version to roll back to, as your deploys name it (letters, digits, . - _ + : / @).');
      return;
    }
    if (meta.also.length > 0 && !checkedValues(values, Inputs.rollbackAlso).includes('yes')) {
      await refuse(`Tick the box: ${meta.also.join(', ')} landed after the suspect and would be rolled back too.`);
      return;
    }
    const driver = services.templates.catalog.services[suspect.deploy.service]?.rollback;
    const { config } = services;
    const missing = driver
      ? missingConfig(driver, {
          githubToken: Boolean(config.github.token),
          argocdUrl: Boolean(config.argocd.url),
          argocdToken: Boolean(config.argocd.token),
          webhookSecret: Boolean(config.deploys.webhookSecret),
        })
      : 'a rollback driver in services.yaml';
    if (!driver || missing) {
      await refuse(`warroom cannot run this rollback: set ${missing}.`);
      return;
    }
    const rollbackId = rollbackIdFor(state.id, args.view.id);
    const plan = describePlan(driver, {
      target: version,
      service: suspect.deploy.service,
      environment: suspect.deploy.environment,
      incident: state.id,
      rollbackId,
    });
    const note = textValue(values, Inputs.rollbackNote);
    const outcome = await record(
      services,
      state.id,
      {
        type: 'requestRollback',
        rollbackId,
        service: suspect.deploy.service,
        environment: suspect.deploy.environment,
        current: meta.current,
        target: { version, deployId: meta.target?.version === version ? meta.target.deployId : undefined },
        driver: driver.kind,
        plan: truncate(note ? `${plan}. Note: ${fromSlackText(note)}` : plan, 1000),
        alsoRollsBack: meta.also.length > 0 ? meta.also : undefined,
      },
      { actor: args.body.user.id, at: Date.now() },
      `view:${args.view.id}`,
    );
    if (!outcome.ok) {
      await refuse('unavailable' in outcome ? NOT_RECORDED : outcome.error.message);
      return;
    }
    await args.ack();
    await dispatchAfterAck(services, outcome);
  };
}
