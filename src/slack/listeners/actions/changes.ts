/**
 * @module slack/listeners/actions/changes
 * [Suspect] on the changes card names a deploy the likely cause (recorded before the answer, with what
 * was live before it); [Roll back …] on the checklist opens the confirmation, for the commander and ops.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Deploy } from '../../../changes/deploys.js';
import { rollbackContext } from '../../../changes/rollback-context.js';
import { describePlan, missingConfig } from '../../../changes/rollback-plan.js';
import { ROLLBACK_ROLES } from '../../../incident/decide-changes.js';
import type { DeploySnapshot } from '../../../incident/events.js';
import { currentSuspect } from '../../../incident/state.js';
import type { Services } from '../../../services.js';
import { snapshotOf } from '../../blocks/changes.js';
import { rollbackModal } from '../../blocks/rollback-modal.js';
import { incidentInChannel } from '../../incident-lookup.js';
import { openModal, tellPrivately } from '../../open-modal.js';
import { dispatchAfterAck, outcomeText, record } from '../../record.js';
import { actionTime } from '../../time.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const suspectValue = z.object({ s: z.string().min(1).max(63), d: z.string().min(1).max(300) });

function whisper(respond: ButtonArgs['respond'], text: string) {
  return respond({ response_type: 'ephemeral', replace_original: false, text });
}

/** The deploys of a service that a rollback decision looks at: everything kept up to now. */
async function historyOf(services: Services, service: string): Promise<Deploy[]> {
  const now = Date.now();
  return services.deploys.deploys({ from: now - services.config.deploys.retentionMs, until: now + 60_000 }, [service]);
}

function parseValue(raw: string | undefined): z.infer<typeof suspectValue> | undefined {
  try {
    const parsed = suspectValue.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function suspectAction(services: Services) {
  return async ({ ack, body, action, respond }: ButtonArgs) => {
    const channel = body.channel?.id ?? body.container?.channel_id;
    const value = parseValue(action.value);
    const lookup = channel ? await incidentInChannel(services, channel) : undefined;
    if (!lookup?.ok || !value) {
      await ack();
      await whisper(respond, lookup && !lookup.ok ? lookup.message : 'That is not a deploy warroom listed.');
      return;
    }
    const history = await historyOf(services, value.s);
    const deploy = history.find((d) => d.deployId === value.d);
    if (!deploy) {
      await ack();
      await whisper(
        respond,
        'That deploy is no longer recorded (it is older than DEPLOY_RETENTION); name it with the step’s Done instead.',
      );
      return;
    }
    const { target } = rollbackContext(history, deploy);
    const outcome = await record(
      services,
      lookup.state.id,
      { type: 'nameSuspect', deploy: snapshotOf(deploy), ...(target ? { target: snapshotOf(target) } : {}) },
      { actor: body.user.id, at: actionTime(action.action_ts) },
      `act:${action.action_ts}:${action.action_id}`,
    );
    await ack();
    if (!outcome.ok || outcome.events.length === 0) await whisper(respond, outcomeText(outcome, 'Suspect named.'));
    await dispatchAfterAck(services, outcome);
  };
}

export function startRollbackAction(services: Services) {
  return async ({ ack, body, action, respond, client }: ButtonArgs) => {
    await ack();
    const channel = body.channel?.id ?? body.container?.channel_id;
    const lookup = channel ? await incidentInChannel(services, channel) : undefined;
    if (!lookup?.ok) {
      await whisper(respond, lookup?.message ?? 'No incident here.');
      return;
    }
    const { state } = lookup;
    const suspect = currentSuspect(state);
    if (!suspect || suspect.deploy.deployId !== action.value) {
      await whisper(respond, 'The suspect has changed since this button was drawn; use the one in the checklist now.');
      return;
    }
    if (!ROLLBACK_ROLES.some((role) => state.roles[role] === body.user.id)) {
      const who = ROLLBACK_ROLES.map((role) => state.roles[role])
        .filter(Boolean)
        .map((u) => `<@${u}>`)
        .join(' or ');
      await whisper(respond, `Only the commander or ops can start a rollback (${who || 'nobody holds ops yet'}).`);
      return;
    }
    const driver = services.templates.catalog.services[suspect.deploy.service]?.rollback;
    if (!driver) {
      await whisper(
        respond,
        `services.yaml names no rollback for ${suspect.deploy.service}; roll back by hand and mark the step Done.`,
      );
      return;
    }
    const history = await historyOf(services, suspect.deploy.service);
    const suspectDeploy = history.find((d) => d.deployId === suspect.deploy.deployId);
    const context = suspectDeploy ? rollbackContext(history, suspectDeploy) : undefined;
    const target: DeploySnapshot | undefined = context?.target ? snapshotOf(context.target) : suspect.target;
    const { config } = services;
    openModal({
      client,
      triggerId: body.trigger_id,
      view: rollbackModal({
        incidentId: state.id,
        suspect: suspect.deploy,
        live: context?.live ? snapshotOf(context.live) : undefined,
        target,
        landedAfter: (context?.landedAfter ?? []).slice(0, 20).map(snapshotOf),
        plan: describePlan(driver, {
          target: target?.version ?? '<the version you give>',
          service: suspect.deploy.service,
          environment: suspect.deploy.environment,
          incident: state.id,
          rollbackId: '<its id>',
        }),
        missing: missingConfig(driver, {
          githubToken: Boolean(config.github.token),
          argocdUrl: Boolean(config.argocd.url),
          argocdToken: Boolean(config.argocd.token),
          webhookSecret: Boolean(config.deploys.webhookSecret),
        }),
        now: Date.now(),
        tz: config.timeZone,
      }),
      tell: tellPrivately(respond),
      logger: services.logger,
    });
  };
}
