/** @module export/change-text — the words the Change section uses in every format: outcomes, states, the lead. */
import { formatDuration } from '../incident/durations.js';
import { shortCommit } from './change.js';
import type { DeployView, LandedDeployView, RollbackView } from './model.js';

const MINUTE = 60_000;

/**
 * How long before (or after) `moment` the suspect went live, from a lead that is positive when it went live before.
 * @example
 * leadText(9 * 60_000, 'the impact start') // '9 min before the impact start'
 * leadText(-3 * 60_000, 'the declare') // '3 min after the declare'
 */
export function leadText(leadMs: number, moment: string): string {
  if (Math.abs(leadMs) < MINUTE) return `within a minute of ${moment}`;
  return `${formatDuration(Math.abs(leadMs))} ${leadMs > 0 ? 'before' : 'after'} ${moment}`;
}

/** `2026.11.28-3 (4f2a1c9) by dana`: a deploy's version, its short commit unless the version holds it, its author. */
export function versionLabel(deploy: { version: string; commit: string | null; author: string | null }): string {
  const short = deploy.commit === null ? null : shortCommit(deploy.commit);
  const commit = short && !deploy.version.includes(short) ? ` (${short})` : '';
  return `${deploy.version}${commit}${deploy.author ? ` by ${deploy.author}` : ''}`;
}

const OUTCOMES: Record<RollbackView['status'], string> = {
  requested: 'requested, never started',
  dispatched: 'started, never reported deployed',
  failed: 'failed',
  deployed: 'deployed',
};

/** Where a rollback ended up, in words. */
export function rollbackOutcome(status: RollbackView['status']): string {
  return OUTCOMES[status];
}

const DRIVERS: Record<RollbackView['driver'], string> = {
  github_workflow: 'GitHub workflow',
  argocd: 'Argo CD',
  webhook: 'rollback webhook',
};

/** What ran a rollback. */
export function deployDriverLabel(driver: RollbackView['driver']): string {
  return DRIVERS[driver];
}

const STATES: Record<LandedDeployView['state'], string> = {
  queued: 'Queued',
  pending: 'Pending',
  in_progress: 'In progress',
  success: 'Live',
  failure: 'Failed',
  error: 'Error',
  inactive: 'Inactive',
};

/** A deploy's state as the deploy system reported it. */
export function deployStateLabel(state: LandedDeployView['state']): string {
  return STATES[state];
}

const SOURCES: Record<DeployView['source'], string> = {
  github: 'GitHub',
  argocd: 'Argo CD',
  webhook: 'the deploy webhook',
  cli: 'npx warroom deploy',
};

/** Which deploy system reported a deploy. */
export function deploySourceLabel(source: DeployView['source']): string {
  return SOURCES[source];
}

/** Whether a deploy went out in the freeze: a rollback is exempt from it. */
export function freezeNote(frozen: boolean, isRollback: boolean): string {
  if (!frozen) return '—';
  return isRollback ? 'exempt (a rollback)' : 'during the freeze';
}
