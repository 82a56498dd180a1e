import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';

describe('requests that did not come from Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should refuse a request signed with the wrong secret with 401 and answer nothing', async () => {
    const dana = h.emulator.user('dana');
    const answer = await dana.command('help', { delivery: { signingSecret: 'not-the-real-secret-at-all-000000' } });
    expect(answer.status).toBe(401);
    expect(answer.ackText).toBeUndefined();
    expect(dana.ephemerals()).toHaveLength(0);
  });

  it('should refuse a correctly signed request older than five minutes with 401', async () => {
    const dana = h.emulator.user('dana');
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const answer = await dana.command('help', { delivery: { timestamp: sixMinutesAgo } });
    expect(answer.status).toBe(401);
    expect(dana.ephemerals()).toHaveLength(0);
  });

  it('should still serve a correctly signed request four minutes old', async () => {
    const fourMinutesAgo = Math.floor(Date.now() / 1000) - 4 * 60;
    const answer = await h.emulator.user('dana').command('help', { delivery: { timestamp: fourMinutesAgo } });
    expect(answer.status).toBe(200);
    expect(answer.ackText).toContain('/incident help');
  });
});

describe('health endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should answer /healthz and /readyz when Redis answers', async () => {
    const base = `http://127.0.0.1:${h.app.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, redis: 'ok' });
  });

  it('should say not ready when its Redis connection is gone', async () => {
    h.app.services.redis.disconnect();
    const ready = await fetch(`http://127.0.0.1:${h.app.port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ok: false, redis: 'not answering' });
  });
});
