/**
 * @module slack/record
 * The listener side of "acknowledged means recorded": record a command, and only then answer Slack;
 * enqueue its effects after the answer. When Redis cannot take it, the responder hears so at once.
 */

import { StoreUnavailableError } from '../errors.js';
import type { Command, Meta } from '../incident/decide.js';
import { type AckOutcome, metricsOf } from '../ops/metrics.js';
import type { Services } from '../services.js';
import type { Cached } from '../store/incident-store.js';
import { type Recorded, recordCommand } from '../store/record-command.js';

export const NOT_RECORDED =
  '⚠️ Not recorded: warroom cannot reach its database (Redis) right now, so nothing was saved. Try again in a moment; if it keeps failing, tell whoever runs warroom.';

export type Outcome = Recorded | { ok: false; unavailable: true };

/**
 * Records a command on an incident; never throws for Redis being away (returns `unavailable`).
 * `loaded`: the incident as the listener just loaded it (see {@link recordCommand}).
 */
export async function record(
  services: Services,
  incidentId: string,
  command: Command,
  meta: Meta,
  key: string,
  loaded?: Cached,
): Promise<Outcome> {
  const metrics = metricsOf(services);
  try {
    const outcome = await recordCommand(services.store, incidentId, command, meta, key, services.templates, loaded);
    metrics.observeAck(ackOutcome(outcome));
    return outcome;
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      services.logger.error({ incidentId, command: command.type }, 'Redis unavailable: command not recorded');
      metrics.observeAck('not_recorded');
      return { ok: false, unavailable: true };
    }
    metrics.observeAck('failed');
    throw error;
  }
}

/** What `/metrics` counts an outcome as (`warroom_acks_total{outcome}`). */
function ackOutcome(outcome: Recorded): AckOutcome {
  if (!outcome.ok) return outcome.error.code === 'busy' ? 'busy' : 'refused';
  if (outcome.duplicate) return 'duplicate';
  return outcome.events.length > 0 ? 'recorded' : 'unchanged';
}

/** The text to answer a responder with, for an outcome; `done` for a fresh recording. */
export function outcomeText(outcome: Outcome, done: string): string {
  if (!outcome.ok) return 'unavailable' in outcome ? NOT_RECORDED : outcome.error.message;
  // A retry of a request already recorded gets the same answer, unless its replication is not vouched for.
  if (outcome.duplicate) return outcome.replicated === false ? `${done}\n${NOT_YET_REPLICATED}` : done;
  if (outcome.events.length === 0 && outcome.note) return outcome.note;
  if (outcome.replicated === false) return `${done}\n${NOT_YET_REPLICATED}`;
  return done;
}

/** Said when the append is on the primary but the replicas asked for (REDIS_MIN_REPLICAS_ACK) did not confirm it. */
export const NOT_YET_REPLICATED =
  '⚠️ Recorded, but not yet copied to a Redis replica: if Redis fails over in the next seconds it could be lost. Check the timeline (`/incident timeline`) in a minute.';

/**
 * Enqueues the effects of what was recorded, without holding up the answer to Slack (Bolt sends it
 * when the listener returns); a failure here is left to the sweeper.
 */
export function dispatchAfterAck(services: Services, outcome: Outcome): Promise<void> {
  if (!outcome.ok || outcome.dispatches.length === 0) return Promise.resolve();
  services.effects.dispatch(outcome.dispatches).catch((error: unknown) => {
    services.logger.warn({ err: error }, 'could not enqueue effects now; the sweeper will');
  });
  return Promise.resolve();
}
