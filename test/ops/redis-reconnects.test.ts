/**
 * Redis going away and coming back, as operators see it on `/metrics`: `warroom_redis_up` drops to 0
 * while a scrape still answers at once, and each connection's reconnect is counted when Redis is back.
 * Runs against a redis-server of its own (killed and restarted on the same port).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, redisAnswersAt } from '../../src/redis/throwaway.js';
import { type Harness, startHarness } from '../support/harness.js';
import { waitForValue } from '../support/incident.js';
import { sampleValue, scrape } from './scrape.js';

function redisServer(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
}

async function started(port: number): Promise<void> {
  await waitForValue(() => redisAnswersAt(`redis://127.0.0.1:${port}`));
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }
  });
}

describe('Redis reconnects on /metrics', () => {
  let port: number;
  let server: ChildProcess;
  let h: Harness;

  beforeAll(async () => {
    port = await freePort();
    server = redisServer(port);
    await started(port);
    h = await startHarness({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
  });

  afterAll(async () => {
    await h?.stop();
    if (server) await stopped(server);
  });

  it('should report Redis down at once, then count each connection that came back', async () => {
    const reconnects = (samples: Awaited<ReturnType<typeof scrape>>['samples'], connection: string) =>
      sampleValue(samples, 'warroom_redis_reconnects_total', { connection });
    const before = await scrape(h.app.port);
    expect(sampleValue(before.samples, 'warroom_redis_up')).toBe(1);
    expect(reconnects(before.samples, 'commands')).toBe(0);

    await stopped(server);
    const down = await waitForValue(async () => {
      const answer = await scrape(h.app.port);
      return sampleValue(answer.samples, 'warroom_redis_up') === 0 ? answer : undefined;
    });
    expect(down.tookMs).toBeLessThan(2500);

    server = redisServer(port);
    await started(port);
    const back = await waitForValue(async () => {
      const { samples } = await scrape(h.app.port);
      const all = ['commands', 'queue', 'workers'].map((c) => reconnects(samples, c) ?? 0);
      return sampleValue(samples, 'warroom_redis_up') === 1 && all.every((n) => n >= 1) ? samples : undefined;
    }, 15_000);
    expect(reconnects(back, 'commands')).toBe(1);
    expect(reconnects(back, 'queue')).toBe(1);
    expect(reconnects(back, 'workers')).toBe(1);
  }, 30_000);
});
