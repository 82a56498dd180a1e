/**
 * Redis failing over under warroom, in the middle of a burst (`npm run test:faults`): a Sentinel set
 * whose primary is killed with SIGKILL, and a six-node Cluster whose primary holding the workspace
 * indexes and the queue is killed the same way. With REDIS_MIN_REPLICAS_ACK=1 every acknowledged step
 * is in the log exactly once and every post happened once; with 0, the figure of what a failover loses
 * is printed (asynchronous replication gives no promise). Scale with FAULT_HA_STEPS (default 2000).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { burst, countLost, declareIncidents, settle, verify } from './burst.js';
import { type Drill, startDrill } from './cluster.js';
import { ClusterSet, SentinelSet, type Topology } from './topologies.js';

const STEPS = Number(process.env.FAULT_HA_STEPS ?? 2000);
const INCIDENTS = 10;
const CONCURRENCY = 20;

function whenSent(fraction: number): { progress: (n: number) => void; reached: Promise<void> } {
  let release: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { progress: (n) => (n >= STEPS * fraction ? release() : undefined), reached };
}

describe('Redis failing over in the middle of a burst', () => {
  let drill: Drill | undefined;
  let topology: Topology | undefined;
  afterEach(async () => {
    await drill?.stop();
    drill = undefined;
    await topology?.stop();
    topology = undefined;
  });

  /**
   * One scenario: the drill on `topology`, a burst with the primary killed (by `kill`) once 30% is sent,
   * then one more step per incident; with REDIS_MIN_REPLICAS_ACK=1 nothing acknowledged may be lost.
   */
  async function failover(
    name: string,
    replicas: number,
    start: () => Promise<Topology>,
    kill: (topology: Topology, prefix: string) => Promise<{ failoverMs: number }>,
  ): Promise<void> {
    const set = await start();
    topology = set;
    const prefix = `ha-${name[0]}${replicas}-${randomUUID().slice(0, 6)}`;
    drill = await startDrill({
      webs: 1,
      workers: 1,
      prefix,
      topology: set,
      env: { REDIS_MIN_REPLICAS_ACK: String(replicas) },
    });
    const d = drill;
    const incidents = await declareIncidents(d, INCIDENTS);
    const third = whenSent(0.3);
    const started = Date.now();
    const sending = burst(d, incidents, STEPS, CONCURRENCY, third.progress, `${name}${replicas}`);
    await third.reached;
    const { failoverMs } = await kill(set, prefix);
    const during = await sending;
    // Then one step per incident: the web process and the workers are on the new primary by themselves.
    const after = await burst(d, incidents, INCIDENTS, CONCURRENCY, () => undefined, `${name}${replicas}-after`);
    const sent = [...during, ...after];
    await settle(d, incidents, 180_000);
    const acked = sent.filter((s) => s.acked).length;
    const lost = await countLost(d, incidents, sent);
    console.log(
      `${name}, REDIS_MIN_REPLICAS_ACK=${replicas}: failover ${failoverMs} ms, ${acked}/${sent.length} acknowledged, ` +
        `${sent.filter((s) => s.ackText?.includes('not yet copied')).length} told "not yet replicated", ` +
        `${during.filter((s) => !s.acked && s.ackText !== undefined).length} told "not recorded", ` +
        `${during.filter((s) => s.ackText === undefined).length} unanswered (Slack retries or shows a timeout), ${lost} acknowledged and lost, ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (replicas === 1) {
      expect(lost).toBe(0);
      await verify(d, incidents, sent);
    }
    if (after.some((s) => !s.acked)) console.log(d.webs.map((w) => w.log.slice(-4000)).join('\n---\n'));
    expect(after.filter((s) => !s.acked)).toEqual([]);
    expect(acked).toBeGreaterThan(0);
  }

  for (const replicas of [1, 0]) {
    it(`should follow a Sentinel failover (primary killed -9) with REDIS_MIN_REPLICAS_ACK=${replicas}`, () =>
      failover(
        'sentinel',
        replicas,
        () => SentinelSet.start(),
        (set) => (set as SentinelSet).killPrimary(3000),
      ));
  }

  for (const replicas of [1, 0]) {
    it(`should follow a Cluster failover (the primary of the indexes and the queue killed -9) with REDIS_MIN_REPLICAS_ACK=${replicas}`, () =>
      failover(
        'cluster',
        replicas,
        () => ClusterSet.start(),
        (set, prefix) => (set as ClusterSet).killPrimaryOf(`{${prefix}}:incidents:open`, 3000),
      ));
  }
});
