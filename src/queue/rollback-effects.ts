/**
 * @module queue/rollback-effects
 * The effects of a rollback's life and of deploys landing: a confirmed rollback asks for its job and
 * is exempt from the freeze while it runs; a deployed one marks the suspect version as rolled back
 * (deploying it again waits for the incident); a landed deploy is posted in the incident's channel when
 * it is the incident's service (or the incident names none).
 */
import type { EventOf, RecordedEvent } from '../incident/events.js';
import { type IncidentState, ownEntry } from '../incident/state.js';
import { landedLine } from '../slack/blocks/changes.js';
import { FreezeStore } from '../store/freeze-store.js';
import { affectedService } from './changes-card.js';
import type { EffectContext } from './context.js';
import { postOnce } from './post.js';

type RollbackEvent = RecordedEvent & EventOf<'RollbackRequested' | 'RollbackFailed' | 'RollbackDeployed'>;

export async function applyRollbackEffects(
  ctx: EffectContext,
  event: RollbackEvent,
  state: IncidentState,
): Promise<void> {
  const freeze = new FreezeStore(ctx.redis, ctx.config.keyPrefix);
  const rollback = ownEntry(state.rollbacks, event.data.rollbackId);
  if (!rollback) return;
  if (event.type === 'RollbackRequested') {
    await freeze.rollbackStarted({
      incidentId: state.id,
      rollbackId: rollback.rollbackId,
      service: rollback.service,
      version: rollback.target.version,
    });
    await ctx.effects.rollback({ incidentId: state.id, rollbackId: rollback.rollbackId });
    return;
  }
  await freeze.rollbackEnded(rollback.rollbackId);
  if (event.type === 'RollbackDeployed') {
    const suspect = state.suspects.at(-1);
    if (suspect && suspect.deploy.service === rollback.service && state.status !== 'resolved') {
      await freeze.markRolledBack({
        incidentId: state.id,
        service: rollback.service,
        version: suspect.deploy.version,
        private: state.private,
      });
    }
  }
}

export async function postLandedDeploy(
  ctx: EffectContext,
  event: RecordedEvent & EventOf<'DeployLanded'>,
  state: IncidentState,
): Promise<void> {
  const channel = state.channel?.id;
  if (!channel) return;
  const service = affectedService(ctx.templates, state);
  if (service && service !== event.data.deploy.service && !event.data.rollbackId) return;
  const text = landedLine(
    event.data.deploy,
    event.data.state,
    event.data.frozen,
    Boolean(event.data.rollbackId),
    ctx.config.timeZone,
  );
  await postOnce(ctx, state.id, `post.${event.seq}`, {
    channel,
    text,
    blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }],
  });
}
