/**
 * @module queue/changes-card
 * The changes an incident sees, from the deploy store: the card posted right under the board at the
 * declare (and on `/incident changes`), the channel lines for a suspect named and for deploys that
 * land, and the rollback job asked for when one is confirmed.
 */

import { serviceOfIncident } from '../catalog/lookup.js';
import { changesBefore, type Deploy } from '../changes/deploys.js';
import type { RecordedEvent } from '../incident/events.js';
import type { IncidentState } from '../incident/state.js';
import { renderChangesCard } from '../slack/blocks/changes.js';
import type { DeployStore } from '../store/deploy-store.js';
import type { Templates } from '../templates/index.js';
import type { EffectContext } from './context.js';
import { postOnce } from './post.js';

/** The catalog service an incident is about: named at the declare, or the one its title names. */
export function affectedService(templates: Templates, state: IncidentState): string | undefined {
  return serviceOfIncident(templates.catalog, state);
}

/** When the impact started: backdated with `/incident started`, else the declare. */
export function impactStart(state: IncidentState): number {
  return state.impactStartedAt ?? state.declaredAt;
}

/** The deploys the card shows: went live from `windowMs` before the impact start to the declare, the affected service first. */
export async function changesFor(
  deploys: DeployStore,
  templates: Templates,
  state: IncidentState,
  windowMs: number,
): Promise<Deploy[]> {
  const start = impactStart(state);
  const until = Math.max(start, state.declaredAt);
  const all = await deploys.deploys({ from: start - windowMs, until });
  return changesBefore(all, { from: start - windowMs, until, service: affectedService(templates, state) });
}

/** Posts the changes card for a `ChangesListed` event, once. */
export async function postChangesCard(
  ctx: EffectContext,
  state: IncidentState,
  event: RecordedEvent & { type: 'ChangesListed' },
): Promise<void> {
  const channel = state.channel?.id;
  if (!channel) return;
  const shown = await changesFor(ctx.deploys, ctx.templates, state, event.data.window);
  const knowsDeploys = (await ctx.deploys.services()).length > 0;
  const card = renderChangesCard(state, shown, {
    windowMs: event.data.window,
    impactStart: impactStart(state),
    tz: ctx.config.timeZone,
    knowsDeploys,
  });
  await postOnce(ctx, state.id, `changes.${event.seq}`, { channel, text: card.text, blocks: card.blocks });
}
