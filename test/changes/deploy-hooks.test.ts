/**
 * Deploys from any CI (`POST /hooks/deploys`, signed), from a pipeline step (`npx warroom deploy`) and
 * from Argo CD (`POST /hooks/argocd`, a shared token): recorded once, refused with a reason, posted in
 * an open incident's channel (flagged during the freeze); and the freeze check that lets warroom's own
 * rollback through while holding back a version it rolled back.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { FreezeStore } from '../../src/store/freeze-store.js';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf, logOf, waitForValue } from '../support/incident.js';

const DEPLOY_SECRET = 'deploy-webhook-secret-0123456789';
const ARGO_SECRET = 'argocd-webhook-secret-0123456789';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/warroom.js', ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('deploys from CI, the CLI and Argo CD', () => {
  let h: Harness;
  const url = (path: string) => `http://127.0.0.1:${h.app.port}${path}`;
  const env = () => ({ REDIS_URL: h.env.REDIS_URL as string, WARROOM_KEY_PREFIX: h.prefix });
  const stored = () => h.app.services.deploys.reports('checkout-web', 0, Date.now() + 60_000);

  async function postDeploy(body: unknown, options: { secret?: string; key?: string; raw?: string } = {}) {
    const raw = options.raw ?? JSON.stringify(body);
    const signature = `sha256=${createHmac('sha256', options.secret ?? DEPLOY_SECRET)
      .update(raw)
      .digest('hex')}`;
    const response = await fetch(url('/hooks/deploys'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-warroom-signature': signature,
        ...(options.key ? { 'idempotency-key': options.key } : {}),
      },
      body: raw,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    h = await startHarness({
      env: { DEPLOY_WEBHOOK_SECRET: DEPLOY_SECRET, ARGOCD_WEBHOOK_SECRET: ARGO_SECRET, DEPLOY_CHANNEL: 'C0DEPLOYS01' },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should refuse a deploy that is not signed with DEPLOY_WEBHOOK_SECRET with 401, and store nothing', async () => {
    const body = { service: 'checkout-web', version: 'v1' };
    expect((await postDeploy(body, { secret: 'another-secret-0123456789abcdef' })).status).toBe(401);
    const unsigned = await fetch(url('/hooks/deploys'), { method: 'POST', body: JSON.stringify(body) });
    expect(unsigned.status).toBe(401);
    expect(await stored()).toEqual([]);
  });

  it('should explain a body warroom cannot read with 400, and store nothing', async () => {
    const answer = await postDeploy({ service: 'Checkout Web!', verison: '1' });
    expect(answer.status).toBe(400);
    expect(String(answer.body.error)).toMatch(/service|verison/);
    expect((await postDeploy(undefined, { raw: '{not json' })).status).toBe(400);
    expect(await stored()).toEqual([]);
  });

  it('should record a signed deploy once, however often CI retries it with the same Idempotency-Key', async () => {
    const body = { service: 'checkout-web', version: '2026.12.01-1', commit: 'abc1234', author: 'ci' };
    const first = await postDeploy(body, { key: 'pipeline-77-deploy' });
    const again = await postDeploy(body, { key: 'pipeline-77-deploy' });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.duplicate).toBe(true);
    expect((await stored()).map((r) => r.version)).toEqual(['2026.12.01-1']);
  });

  it('should take a deploy from `npx warroom deploy` once, and say what was wrong with a bad one (exit 2)', async () => {
    const args = ['deploy', '--service', 'checkout-web', '--version', '2026.12.01-2', '--commit', 'def5678'];
    const first = await cli(args, env());
    const again = await cli(args, env());
    expect(first).toMatchObject({ code: 0, out: expect.stringContaining('recorded: checkout-web 2026.12.01-2') });
    expect(again.out).toContain('already recorded');
    expect((await stored()).map((r) => r.version)).toEqual(['2026.12.01-1', '2026.12.01-2']);
    const bad = await cli(
      ['deploy', '--service', 'checkout-web', '--version', '2026.12.01-3', '--commit', 'zzz'],
      env(),
    );
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--commit');
  });

  it('should post a deploy that lands while an incident is open in its channel, flagged during the freeze', async () => {
    const answer = await h.emulator.user('dana').command('declare sev1 Checkout web blank page');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel: EmulatedChannel = await channelOf(h, id);
    await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'ChangesListed'));
    expect((await postDeploy({ service: 'checkout-web', version: '2026.12.01-4' })).status).toBe(201);
    const landed = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'DeployLanded'));
    expect(landed).toMatchObject({ data: { frozen: true, state: 'success', deploy: { version: '2026.12.01-4' } } });
    const post = await h.emulator.waitFor(() => channel.messages.find((m) => m.text.includes('2026.12.01-4')));
    expect(post.text).toContain('during the deploy freeze');
  });

  it('should take an Argo CD notification only with the shared token, once', async () => {
    const body = {
      trigger: 'on-deployed',
      app: 'checkout-web',
      revision: '0123456789abcdef0123456789abcdef01234567',
      phase: 'Succeeded',
      health: 'Healthy',
      sync: 'Synced',
      finishedAt: new Date().toISOString(),
      initiatedBy: { username: 'admin' },
      historyId: 4,
    };
    const send = (token?: string) =>
      fetch(url('/hooks/argocd'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { 'x-warroom-token': token } : {}) },
        body: JSON.stringify(body),
      });
    expect((await send()).status).toBe(401);
    expect((await send('wrong-token-0123456789')).status).toBe(401);
    expect([(await send(ARGO_SECRET)).status, (await send(ARGO_SECRET)).status]).toEqual([201, 200]);
    const argo = (await stored()).filter((r) => r.source === 'argocd');
    expect(argo.map((r) => r.version)).toEqual(['0123456']);
  });

  it("should let warroom's own rollback through the freeze and hold back the version it rolled back", async () => {
    const freeze = new FreezeStore(h.redis, h.prefix);
    expect((await cli(['freeze', 'check', '--service', 'checkout-web', '--version', '2026.12.01-1'], env())).code).toBe(
      3,
    );
    await freeze.rollbackStarted({
      incidentId: 'INC-1',
      rollbackId: 'rb-inc-1-x',
      service: 'checkout-web',
      version: '2026.12.01-1',
    });
    const rollback = await cli(['freeze', 'check', '--service', 'checkout-web', '--version', '2026.12.01-1'], env());
    expect(rollback).toMatchObject({ code: 0, out: expect.stringContaining('rollback warroom started for INC-1') });
    await freeze.markRolledBack({
      incidentId: 'INC-1',
      service: 'checkout-web',
      version: '2026.12.01-4',
      private: false,
    });
    const held = await cli(['freeze', 'check', '--service', 'checkout-web', '--version', '2026.12.01-4'], env());
    expect(held).toMatchObject({ code: 3, out: expect.stringContaining('was rolled back in INC-1') });
    expect((await cli(['freeze', 'check', '--version', '1'], env())).code).toBe(2);
  });
});

describe('/incident changes and a second suspect', () => {
  let h: Harness;
  const sign = (raw: string) => `sha256=${createHmac('sha256', DEPLOY_SECRET).update(raw).digest('hex')}`;
  async function deployed(body: Record<string, unknown>) {
    const raw = JSON.stringify(body);
    const answer = await fetch(`http://127.0.0.1:${h.app.port}/hooks/deploys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-warroom-signature': sign(raw) },
      body: raw,
    });
    expect(answer.status).toBe(201);
  }
  beforeAll(async () => {
    h = await startHarness({ env: { DEPLOY_WEBHOOK_SECRET: DEPLOY_SECRET } });
    const hour = 3_600_000;
    await deployed({ service: 'search', version: 's-10', at: new Date(Date.now() - 9 * hour).toISOString() });
    await deployed({ service: 'search', version: 's-11', at: new Date(Date.now() - 2 * hour).toISOString() });
    await deployed({ service: 'cart', version: 'c-7', at: new Date(Date.now() - hour).toISOString() });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should list a wider window on /incident changes 12h, explain a bad window, and record a second suspect too', async () => {
    const answer = await h.emulator.user('dana').command('declare sev2 Search results empty');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    const first = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.text.startsWith('Changes before the impact')),
    );
    expect(first.text).toBe('Changes before the impact: 2 deploys');
    expect((await h.emulator.user('dana').command('changes forever', { channel: channel.id })).ackText).toContain(
      'is not a window',
    );
    const wider = await h.emulator.user('dana').command('changes 12h', { channel: channel.id });
    expect(wider.ackText).toContain('3 deploys');
    const card = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.text === 'Changes before the impact: 3 deploys'),
    );
    const suspect = async (version: string) => {
      const block = (card.blocks ?? []).find((b) => JSON.stringify(b).includes(version)) as {
        accessory: { value: string };
      };
      await h.emulator.user('dana').click(card, 'changes.suspect', { value: block.accessory.value });
    };
    await suspect('c-7');
    await suspect('s-11');
    const named = await waitForValue(async () => {
      const all = (await logOf(h, id)).filter((e) => e.type === 'SuspectNamed');
      return all.length === 2 && all;
    });
    expect(named.map((e) => (e.data as { deploy: { version: string } }).deploy.version)).toEqual(['c-7', 's-11']);
    expect(named[1]).toMatchObject({ data: { target: { version: 's-10' } } });
  });
});
