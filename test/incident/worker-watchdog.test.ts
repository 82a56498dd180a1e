import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import type { EffectContext } from '../../src/queue/context.js';
import { jobSlackClient, startWorkers, type Workers } from '../../src/queue/workers.js';
import { IncidentStore } from '../../src/store/incident-store.js';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf } from '../support/incident.js';

describe('a worker that stops taking jobs', () => {
  let h: Harness;
  let workers: Workers;
  let connection: Redis;
  beforeAll(async () => {
    h = await startHarness({ role: 'web' });
    const { config, effects, templates, deploys } = h.app.services;
    const logger = createLogger('silent');
    connection = new Redis(h.env.REDIS_URL as string, { maxRetriesPerRequest: null });
    const ctx: EffectContext = {
      config,
      logger,
      effects,
      templates,
      redis: connection,
      store: new IncidentStore(connection, config.keyPrefix),
      deploys,
      slack: jobSlackClient({ config, logger }),
    };
    workers = startWorkers(ctx, connection, { stallAfterMs: 1500, tickMs: 250 });
  });
  afterAll(async () => {
    await workers?.close();
    connection?.disconnect();
    await h?.stop();
  });

  it('should be restarted by the watchdog, and the waiting work done', async () => {
    // A paused worker may still take the job its blocking fetch is waiting for; a closed one takes none,
    // which is what a worker that has stopped taking jobs looks like from Redis.
    await workers.current().close(true);
    const answer = await h.emulator.user('dana').command('declare sev2 Stuck worker drill');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    expect(channel.name).toMatch(/stuck-worker-drill$/);
    expect(workers.restarts()).toBeGreaterThanOrEqual(1);
  });

  it('should restart a worker that leaves a delayed job past its time (a blocking connection lost to a failover)', async () => {
    const before = workers.restarts();
    await workers.current().close(true);
    const { effects } = h.app.services;
    // A drain put off for 200 ms (a rate limit's wait): once due, only a live worker moves it on.
    await effects.drain('INC-9999', 200);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(workers.restarts()).toBeGreaterThan(before);
    const jobs = await effects.queue.getJobs(['delayed', 'wait']);
    expect(jobs.filter((j) => j.data.incidentId === 'INC-9999')).toEqual([]);
  });
});
