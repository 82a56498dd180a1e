/**
 * @module queue/rollback
 * The `rollback` job: runs a confirmed rollback's driver exactly once. Payload: { incidentId, rollbackId }.
 * Outcome: `RollbackDispatched` (with the remote id) or `RollbackFailed` (with what the system said)
 * on the incident's timeline. Safe to run twice or to die half-way: the result is kept; before
 * starting it marks the attempt, and a run that finds an attempt it cannot account for looks for what
 * it would have made (a workflow run, an Argo CD operation) before starting again. A 429 or a refusal
 * started nothing, so it clears the mark. Nothing here runs without a person's confirmation: the job
 * exists only because `RollbackRequested` was recorded from one.
 */
import type { Job } from 'bullmq';
import { isConnectorError } from '../connectors/errors.js';
import { ownEntry } from '../incident/state.js';
import { FreezeStore } from '../store/freeze-store.js';
import { type EffectContext, recordSystem } from './context.js';
import { ROLLBACK_ATTEMPTS, type RollbackJob } from './names.js';
import { driverFor, type Started } from './rollback-drivers.js';

export async function processRollback(ctx: EffectContext, job: Job<RollbackJob>): Promise<string> {
  const { incidentId, rollbackId } = job.data;
  const { state } = await ctx.store.load(incidentId);
  const rollback = state ? ownEntry(state.rollbacks, rollbackId) : undefined;
  if (!state || !rollback) return 'no such rollback';
  // Deployed before the job heard back (a lost answer): note what it started, so no other rollback takes it.
  const settledUnknown = rollback.status === 'deployed' && rollback.remote === undefined;
  if (rollback.status !== 'requested' && !settledUnknown) return `already ${rollback.status}`;
  const fail = async (system: string, error: string) => {
    await recordSystem(
      ctx,
      incidentId,
      { type: 'recordRollbackFailed', rollbackId, system, error },
      `sys:rollback-failed:${rollbackId}`,
    );
    return `failed: ${error}`;
  };
  const driver = ctx.templates.catalog.services[rollback.service]?.rollback;
  if (!driver) return fail('warroom', `services.yaml no longer names a rollback for ${rollback.service}`);
  const run = driverFor(ctx, driver, rollback, incidentId);
  const results = ctx.store.keys.effectResults(incidentId);
  const field = `rollback.${rollbackId}`;
  const attemptedField = `attempted.${field}`;
  const freeze = new FreezeStore(ctx.redis, ctx.config.keyPrefix);
  const remoteKey = (started: Started) =>
    started.remote && driver.kind === 'github_workflow' ? `${driver.repo}#${started.remote}` : undefined;
  const dispatched = async (started: Started) => {
    const key = remoteKey(started);
    if (key) await freeze.claimRemote(key, rollbackId);
    await ctx.redis.hset(results, field, JSON.stringify(started));
    await recordSystem(
      ctx,
      incidentId,
      { type: 'recordRollbackDispatched', rollbackId, remote: started.remote, url: started.url },
      `sys:rollback-dispatched:${rollbackId}`,
    );
    if (driver.kind === 'argocd') await ctx.effects.watchRollback({ incidentId, rollbackId, since: Date.now() });
    return `dispatched ${started.remote ?? ''}`.trim();
  };

  try {
    const [done, attempted] = await ctx.redis.hmget(results, field, attemptedField);
    if (done) return dispatched(JSON.parse(done) as Started);
    if (attempted) {
      const found = await run.find(Number(attempted), await freeze.claimedByOthers(rollbackId));
      if (found && (!remoteKey(found) || (await freeze.claimRemote(remoteKey(found) as string, rollbackId)))) {
        ctx.logger.info({ incidentId, rollbackId }, 'the rollback had started before a crash; not started again');
        return dispatched(found);
      }
    }
    if (settledUnknown) return 'deployed; nothing of its own found to note';
    await ctx.redis.hset(results, attemptedField, String(Date.now()));
    return dispatched(await run.start());
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    // A refusal or a rate limit started nothing; a lost answer may have, and keeps the mark.
    const nothingStarted = !error.retryable || error.status === 429 || error.status === 403;
    if (nothingStarted) await ctx.redis.hdel(results, attemptedField);
    if (!error.retryable) return fail(run.system, error.detail);
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? ROLLBACK_ATTEMPTS)) {
      return fail(run.system, `${error.detail} (gave up after ${job.attemptsMade + 1} tries)`);
    }
    throw error;
  }
}
