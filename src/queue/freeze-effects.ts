/**
 * @module queue/freeze-effects
 * Keeping the workspace's deploy freeze in step with an incident: after each change that can start or
 * end its hold (declared, severity changed, resolved, reopened), the freeze store is told, once per
 * event, and DEPLOY_CHANNEL hears what changed for the workspace (once per event, joining the channel
 * first if warroom is not in it).
 */
import { holderOf, holdsFreeze } from '../changes/freeze.js';
import type { IncidentState } from '../incident/state.js';
import { freezeNotice } from '../slack/blocks/freeze.js';
import { FreezeStore } from '../store/freeze-store.js';
import type { EffectContext } from './context.js';
import { postOnceJoining } from './post.js';

/** The seq of every incident's `IncidentDeclared`. */
export const DECLARED_SEQ = 1;

/** Moves the incident's hold on the freeze to match its state after event `seq`; returns the change. */
export async function changeFreeze(ctx: EffectContext, state: IncidentState, seq: number) {
  const store = new FreezeStore(ctx.redis, ctx.config.keyPrefix);
  const hold = holdsFreeze(state, ctx.templates.freezeSeverities);
  return store.change(state.id, `${state.id}:${seq}`, hold ? holderOf(state, Date.now()) : undefined);
}

/** Moves the hold and tells DEPLOY_CHANNEL what changed. */
export async function syncDeployFreeze(ctx: EffectContext, state: IncidentState, seq: number): Promise<void> {
  const change = await changeFreeze(ctx, state, seq);
  const deploys = ctx.config.deployChannel;
  if (!change || !deploys) return;
  const text = freezeNotice(change, state);
  if (!text) return;
  await postOnceJoining(ctx, state.id, `freeze.${seq}`, { channel: deploys, text }, 'DEPLOY_CHANNEL');
}
