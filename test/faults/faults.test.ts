/**
 * The fault suite (`npm run test:faults`): real warroom processes on a Redis with AOF, a burst of
 * responder actions over many incidents, and faults in the middle of it. Each scenario checks that
 * the log holds every acknowledged step exactly once and that every effect happened exactly once.
 * Scale with FAULT_STEPS (default 10000), FAULT_INCIDENTS (20) and FAULT_SECONDS (60, the 429/5xx storm).
 * The last scenario runs in a workspace that throttles as Slack does (FAULT_TIERED_STEPS, default 300):
 * at a message a second per channel, 10,000 steps would take Slack hours to show.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { burst, declareIncidents, settle, verify } from './burst.js';
import { type Drill, startDrill } from './cluster.js';

const STEPS = Number(process.env.FAULT_STEPS ?? 10_000);
const INCIDENTS = Number(process.env.FAULT_INCIDENTS ?? 20);
const STORM_SECONDS = Number(process.env.FAULT_SECONDS ?? 60);
const TIERED_STEPS = Number(process.env.FAULT_TIERED_STEPS ?? 300);
const CONCURRENCY = 40;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function whenSent(fraction: number, total: number): { progress: (n: number) => void; reached: Promise<void> } {
  let release: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { progress: (n) => (n >= total * fraction ? release() : undefined), reached };
}

describe('faults in the middle of a burst', () => {
  let drill: Drill | undefined;
  afterEach(async () => {
    await drill?.stop();
    drill = undefined;
  });

  it(`should lose and double nothing when a worker is killed -9 during ${STEPS} steps over ${INCIDENTS} incidents`, async () => {
    drill = await startDrill({ webs: 1, workers: 1, prefix: `fault-${randomUUID().slice(0, 6)}` });
    const d = drill;
    const incidents = await declareIncidents(d, INCIDENTS);
    const third = whenSent(0.3, STEPS);
    const started = Date.now();
    const sending = burst(d, incidents, STEPS, CONCURRENCY, third.progress);
    await third.reached;
    await d.workers[0]?.kill9();
    await sleep(2000);
    await d.workers[0]?.start();
    const sent = await sending;
    const burstDone = Date.now();
    await settle(d, incidents, 180_000);
    console.log(
      `worker kill: burst ${((burstDone - started) / 1000).toFixed(1)} s, settle ${((Date.now() - burstDone) / 1000).toFixed(1)} s`,
    );
    const result = await verify(d, incidents, sent);
    expect(result.acked).toBe(STEPS);
  });

  it('should lose and double nothing when a web process is killed -9, with two webs and two workers', async () => {
    drill = await startDrill({ webs: 2, workers: 2, prefix: `fault-${randomUUID().slice(0, 6)}` });
    const d = drill;
    const incidents = await declareIncidents(d, INCIDENTS);
    const third = whenSent(0.3, STEPS);
    const sending = burst(d, incidents, STEPS, CONCURRENCY, third.progress);
    await third.reached;
    await d.webs[0]?.kill9();
    await sleep(1500);
    await d.webs[0]?.start();
    const sent = await sending;
    await settle(d, incidents, 180_000);
    const result = await verify(d, incidents, sent);
    expect(result.acked).toBeGreaterThan(STEPS * 0.5);
  });

  it('should keep every acknowledged step through a Redis restart, workers resuming on their own', async () => {
    drill = await startDrill({ webs: 1, workers: 1, prefix: `fault-${randomUUID().slice(0, 6)}` });
    const d = drill;
    const incidents = await declareIncidents(d, INCIDENTS);
    const third = whenSent(0.3, STEPS);
    const sending = burst(d, incidents, STEPS, CONCURRENCY, third.progress);
    await third.reached;
    await d.redis.restart(1000);
    const sent = await sending;
    // warroom reconnects by itself (no restart): wait until every process says Redis answers again.
    for (const process of [...d.webs, ...d.workers]) await process.ready(30_000);
    const afterRestart = await burst(d, incidents, INCIDENTS * 5, CONCURRENCY, undefined, 'after-restart');
    await settle(d, incidents, 180_000);
    await verify(d, incidents, [...sent, ...afterRestart]);
    expect(afterRestart.filter((s) => !s.acked).map((s) => [s.text, s.ackText])).toEqual([]);
    expect(sent.filter((s) => !s.acked).length).toBeGreaterThan(0);
  });

  it('should keep every acknowledged step when the Redis process is killed -9 (AOF everysec) and started again', async () => {
    drill = await startDrill({ webs: 1, workers: 1, prefix: `fault-${randomUUID().slice(0, 6)}` });
    const d = drill;
    const incidents = await declareIncidents(d, INCIDENTS);
    const third = whenSent(0.3, STEPS);
    const sending = burst(d, incidents, STEPS, CONCURRENCY, third.progress);
    await third.reached;
    await d.redis.kill9AndStart(1000);
    const sent = await sending;
    for (const process of [...d.webs, ...d.workers]) await process.ready(30_000);
    await settle(d, incidents, 180_000);
    await verify(d, incidents, sent);
  });

  it(`should apply every effect once while Slack answers 429 and 500 to 30% of calls for ${STORM_SECONDS} s`, async () => {
    drill = await startDrill({ webs: 1, workers: 1, prefix: `fault-${randomUUID().slice(0, 6)}` });
    const d = drill;
    const incidents = await declareIncidents(d, INCIDENTS);
    d.emulator.injectFault({ method: '*', status: 429, retryAfter: 1, ratio: 0.15 });
    d.emulator.injectFault({ method: '*', status: 500, ratio: 0.15 / 0.85 });
    const stormEnds = Date.now() + STORM_SECONDS * 1000;
    const sent = await burst(d, incidents, Math.min(STEPS, 2000), 10);
    await sleep(Math.max(0, stormEnds - Date.now()));
    d.emulator.clearFaults();
    await settle(d, incidents, 300_000);
    await verify(d, incidents, sent);
    const faulted = d.emulator.calls.filter((c) => c.status === 429 || c.status === 500).length;
    expect(faulted).toBeGreaterThan(0);
  });

  it(`should apply every effect once in a workspace that throttles as Slack does, with a worker killed -9 (${TIERED_STEPS} steps)`, async () => {
    drill = await startDrill({ webs: 1, workers: 1, prefix: `fault-${randomUUID().slice(0, 6)}`, rateTiers: true });
    const d = drill;
    const incidents = await declareIncidents(d, INCIDENTS);
    const half = whenSent(0.5, TIERED_STEPS);
    const started = Date.now();
    const sending = burst(d, incidents, TIERED_STEPS, 10, half.progress);
    await half.reached;
    await d.workers[0]?.kill9();
    await sleep(2000);
    await d.workers[0]?.start();
    const sent = await sending;
    await settle(d, incidents, 600_000);
    const result = await verify(d, incidents, sent);
    const drawn = d.emulator.rateLimited();
    console.log(
      `rate tiers on: ${result.acked} steps acked, settled after ${((Date.now() - started) / 1000).toFixed(1)} s; 429s drawn: ${drawn.total} (${Object.entries(
        drawn.byMethod,
      )
        .map(([m, n]) => `${m} ${n}`)
        .join(', ')})`,
    );
    expect(result.acked).toBe(TIERED_STEPS);
  });
});
