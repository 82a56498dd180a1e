import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { BOT_USER_ID, type EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf, logOf, waitForValue } from '../support/incident.js';

const API_TOKEN = 'freeze-api-token-for-tests-0123456789';

function freezeCheck(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/warroom.js', 'freeze', 'check'], {
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

describe('the deploy freeze', () => {
  let h: Harness;
  let deploys: EmulatedChannel;
  const notices = () => deploys.messages.map((m) => m.text);
  const api = async () => {
    const answer = await fetch(`http://127.0.0.1:${h.app.port}/api/freeze`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    return (await answer.json()) as { frozen: boolean; incidents: { id: string | null; label: string }[] };
  };
  const cli = () => freezeCheck({ REDIS_URL: h.env.REDIS_URL as string, WARROOM_KEY_PREFIX: h.prefix });

  async function declare(text: string): Promise<{ id: string; channel: EmulatedChannel }> {
    const answer = await h.emulator.user('dana').command(`declare ${text}`);
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    return { id, channel: await channelOf(h, id) };
  }

  async function resolve(incident: { id: string; channel: EmulatedChannel }): Promise<void> {
    const dana = h.emulator.user('dana');
    await dana.command('resolve', { channel: incident.channel.id });
    await h.emulator.waitFor(() => dana.openView());
    await dana.submit({ resolution: 'Rolled back' });
    await waitForValue(async () => (await logOf(h, incident.id)).some((e) => e.type === 'IncidentResolved'));
  }

  beforeAll(async () => {
    h = await startHarness({ env: { DEPLOY_CHANNEL: 'C0DEPLOYS01', WARROOM_API_TOKEN: API_TOKEN } });
    deploys = h.emulator.workspace.channels.get('C0DEPLOYS01') as EmulatedChannel;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should join the deploy channel it was never invited to, and hold one freeze while any SEV1/SEV2 is open', async () => {
    expect(deploys.members.has(BOT_USER_ID)).toBe(false);
    expect(await api()).toEqual({
      frozen: false,
      incidents: [],
      go: true,
      reason: 'no incident holds the deploy freeze',
    });
    expect(await cli()).toMatchObject({ code: 0, out: expect.stringContaining('deploys may go') });

    const first = await declare('sev1 Checkout payments failing');
    await h.emulator.waitFor(() => notices().length === 1);
    expect(deploys.members.has(BOT_USER_ID)).toBe(true);
    expect(notices()[0]).toContain(`${first.id} (SEV1) is open — Checkout payments failing`);

    const second = await declare('sev2 Search latency');
    await h.emulator.waitFor(() => notices().length === 2);
    expect(notices()[1]).toContain(`now also holds for ${second.id} (SEV2)`);
    expect((await api()).incidents.map((i) => i.id)).toEqual([first.id, second.id]);
    const frozen = await cli();
    expect(frozen.code).toBe(3);
    expect(frozen.out).toContain(`held by ${first.id} (SEV1), ${second.id} (SEV2)`);

    await resolve(first);
    await h.emulator.waitFor(() => notices().length === 3);
    expect(notices()[2]).toBe(`${first.id} (SEV1) is resolved; the deploy freeze still holds for ${second.id} (SEV2).`);
    expect(notices().join('\n')).not.toContain('lifted');
    expect((await api()).frozen).toBe(true);

    await resolve(second);
    await h.emulator.waitFor(() => notices().length === 4);
    expect(notices()[3]).toContain(
      `*Deploy freeze lifted*: ${second.id} (SEV2) is resolved, the last incident holding it`,
    );
    expect(await api()).toEqual({
      frozen: false,
      incidents: [],
      go: true,
      reason: 'no incident holds the deploy freeze',
    });
    expect((await cli()).code).toBe(0);
  });

  it('should lift the freeze when the only holder drops to SEV3, and take it again when it goes back up', async () => {
    const before = notices().length;
    const incident = await declare('sev2 Card declines rising');
    await h.emulator.waitFor(() => notices().length === before + 1);
    await h.emulator.user('dana').command('severity sev3', { channel: incident.channel.id });
    await h.emulator.waitFor(() => notices().length === before + 2);
    expect(notices().at(-1)).toContain(`${incident.id} (SEV2) is now SEV3, the last incident holding it`);
    await h.emulator.user('dana').command('severity sev1', { channel: incident.channel.id });
    await h.emulator.waitFor(() => notices().length === before + 3);
    expect(notices().at(-1)).toContain(`${incident.id} (SEV1) is open`);
    await resolve(incident);
    await h.emulator.waitFor(() => notices().length === before + 4);
  });

  it('should name a private incident only as "a private incident", everywhere outside its channel', async () => {
    const before = notices().length;
    const dana = h.emulator.user('dana');
    await dana.command('declare');
    await h.emulator.waitFor(() => dana.openView());
    await dana.submit({
      title: 'Customer data exposed in export',
      severity: 'sev1',
      private: ['private'],
    });
    const id = await waitForValue(async () => {
      const ids = await h.redis.zrange(h.app.services.store.keys.openIncidents, '0', '-1');
      return ids.at(-1);
    });
    await h.emulator.waitFor(() => notices().length === before + 1);
    const notice = notices().at(-1) as string;
    expect(notice).toContain('a private incident is open');
    expect(notice).not.toContain(id);
    expect(notice).not.toContain('exposed');
    expect(notice).not.toContain('SEV1');
    expect(notice).not.toMatch(/<#C/);
    const status = await api();
    expect(status.incidents).toEqual([{ id: null, private: true, label: 'a private incident' }]);
    expect(JSON.stringify(status)).not.toContain(id);
    const check = await cli();
    expect(check.out).toContain('held by a private incident');
    expect(check.out).not.toContain(id);
  });
});

describe('a deploy channel warroom cannot join', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { DEPLOY_CHANNEL: 'C0SECRETDEP' } });
    h.emulator.workspace.createChannel({
      name: 'deploys-private',
      isPrivate: true,
      creator: 'U0DANA0001',
      id: 'C0SECRETDEP',
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should record why on the timeline, and still hold the freeze', async () => {
    const answer = await h.emulator.user('dana').command('declare sev1 Payments down');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const failed = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'EffectFailed'));
    expect(failed).toMatchObject({ data: { effect: 'freeze.1', error: 'channel_not_found' } });
    const holders = await h.redis.hkeys(`${h.prefix}:{freeze}:holders`);
    expect(holders).toEqual([id]);
  });
});
