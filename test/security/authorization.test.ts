import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, setUpRecorded, textOf, waitForValue } from '../support/incident.js';

/**
 * Who may do what. In the incident: Dana is commander, Raj is Ops, Sam is a member with no role,
 * Lee has a pending offer of command. Alex is not in the (private) channel at all.
 */
describe('authorization, table-driven', () => {
  let h: Harness;
  let id: string;
  let channel: EmulatedChannel;

  beforeAll(async () => {
    h = await startHarness();
    const dana = h.emulator.user('dana');
    await dana.command('declare');
    await h.emulator.waitFor(() => dana.openView());
    await dana.submit({ title: 'Private auth drill', severity: 'sev2', private: ['private'] });
    id = await waitForValue(async () => (await h.redis.zrevrange(h.app.services.store.keys.allIncidents, '0', '0'))[0]);
    channel = await channelOf(h, id);
    await h.emulator.waitFor(() => boardOf(channel)?.pinned);
    await setUpRecorded(h, id);
    for (const user of ['U0RAJ00002', 'U0SAM00004', 'U0LEE00003']) channel.members.add(user);
    await h.emulator.user('raj').command('role ops me', { channel: channel.id });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const count = async () => (await logOf(h, id)).length;

  it.each([
    ['sam', 'status identified', true],
    ['sam', 'severity sev3', true],
    ['sam', 'note sam was here', true],
    ['sam', 'update sam says hi', true],
    ['sam', 'step 1 done', true],
    ['sam', 'role scribe me', true],
    ['sam', 'role ops <@U0SAM00004|sam>', false],
    ['sam', 'unassign ops', false],
    ['sam', 'handoff ops <@U0LEE00003|lee>', false],
    ['sam', 'handoff commander <@U0LEE00003|lee>', false],
    ['raj', 'role ops <@U0LEE00003|lee>', true],
    ['dana', 'role ops <@U0RAJ00002|raj>', true],
    ['raj', 'unassign ops', true],
    ['dana', 'role ops <@U0RAJ00002|raj>', true],
    ['raj', 'handoff ops <@U0SAM00004|sam>', true],
    ['raj', 'unassign commander', false],
    ['dana', 'unassign commander', false],
    ['dana', 'handoff commander <@U0LEE00003|lee>', true],
  ] as const)('%s: /incident %s → %s', async (who, text, allowed) => {
    const before = await count();
    const answer = await h.emulator.user(who).command(text, { channel: channel.id });
    expect(answer.status).toBe(200);
    if (allowed) expect(await count()).toBeGreaterThan(before);
    else {
      expect(await count()).toBe(before);
      expect(answer.ackText).toMatch(/^Only |cannot just leave/);
    }
  });

  it.each([
    ['sam', false],
    ['raj', false],
    ['dana', false],
    ['lee', true],
  ] as const)('Accept command clicked by %s → %s', async (who, allowed) => {
    const offer = await h.emulator.waitFor(() =>
      channel.messages.find((m) => textOf(m).includes('*Handing over Commander')),
    );
    const before = (await logOf(h, id)).filter((e) => e.type === 'HandoffAccepted').length;
    await h.emulator.user(who).click(offer, 'handoff.accept');
    const after = (await logOf(h, id)).filter((e) => e.type === 'HandoffAccepted').length;
    expect(after - before).toBe(allowed ? 1 : 0);
  });

  it('should let only the commander resolve, now Lee', async () => {
    const dana = await h.emulator.user('dana').command('resolve', { channel: channel.id });
    expect(dana.ackText).toBe(`Only the commander (<@U0LEE00003>) can resolve ${id}. Ask them, or take command first.`);
    await h.emulator.user('lee').command('resolve', { channel: channel.id });
    const view = await h.emulator.waitFor(() => h.emulator.user('lee').openView());
    expect(view.view.callback_id).toBe('incident.resolve');
  });

  it('should keep a private incident out of sight of people outside its channel', async () => {
    const alex = h.emulator.user('alex');
    expect((await alex.command('list')).ackText).not.toContain(id);
    await expect(alex.command('note hello', { channel: channel.id })).rejects.toThrow(/not a member/);
    const feed = h.emulator.workspace.channels.get('C0INCIDENTS');
    expect(feed?.messages.some((m) => m.text.includes(id))).toBe(false);
  });
});
