/**
 * @module changes/rollback-context
 * What a rollback confirmation must know, from the deploys of the suspect's service: what is live,
 * where it goes back to, and what landed after the suspect. Pure (the deploys are given).
 */
import { type Deploy, landedAfter, liveVersion, rollbackTarget } from './deploys.js';

export interface RollbackContext {
  live: Deploy | undefined;
  target: Deploy | undefined;
  landedAfter: Deploy[];
}

/** `suspect` as a deploy of `deploys` (by id), so its own later reports count. */
export function rollbackContext(deploys: readonly Deploy[], suspect: Deploy): RollbackContext {
  const known = deploys.find((d) => d.deployId === suspect.deployId) ?? suspect;
  return {
    live: liveVersion(deploys, known.service, known.environment),
    target: rollbackTarget(deploys, known),
    landedAfter: landedAfter(deploys, known),
  };
}
