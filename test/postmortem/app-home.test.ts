/**
 * The App Home tab, through the Slack emulator: a person who opens it (app_home_opened) gets it
 * published (views.publish) with the open incidents they can see, their roles and offers, their open
 * follow-ups and the last 30 days in figures, inside Block Kit's limits with 30 incidents open. A
 * private incident shows only to the people who are part of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf } from '../support/incident.js';

describe('the App Home tab', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  async function openHome(user: string) {
    h.emulator.workspace.views.delete(`home-${user}`);
    await h.emulator.deliverEvent({
      type: 'app_home_opened',
      user,
      channel: 'D0HOME0001',
      tab: 'home',
      event_ts: `${Date.now() / 1000}`,
    });
    return h.emulator.waitFor(() => h.emulator.workspace.views.get(`home-${user}`), 15_000);
  }

  it('should show 30 open incidents within the limits, with the person’s roles, follow-ups and figures', async () => {
    const dana = h.emulator.user('dana');
    let last = '';
    for (let i = 1; i <= 30; i += 1) {
      const answer = await dana.command(`declare sev2 Drill incident number ${i}`);
      last = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    }
    const channel = await channelOf(h, last);
    await dana.command('followup add an alert on drill 30 <@U0DANA0001|dana> p1', { channel: channel.id });
    await h.emulator.user('lee').command('declare sev1 Payroll export stuck', { channel: 'C0GENERAL01' });

    const home = await openHome('U0DANA0001');
    const blocks = home.view.blocks as { type: string; text?: { text: string } }[];
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(blocks.every((b) => (b.text?.text.length ?? 0) <= 3000)).toBe(true);
    const text = JSON.stringify(blocks);
    expect(text).toContain('*Open incidents* (31)');
    expect(text).toContain('…and 16 more');
    expect(text).toContain(`*${last}* SEV2 · Investigating · Drill incident number 30`);
    expect(text).toContain('you are commander');
    expect(text).toContain('*Your open follow-ups* (1)');
    expect(text).toContain('*P1* · add an alert on drill 30');
    expect(text).toContain('*31* incidents (SEV1 1 · SEV2 30)');
  });

  it('should keep a private incident off the tab of someone who is not part of it', async () => {
    const lee = h.emulator.user('lee');
    await lee.command('declare');
    await h.emulator.waitFor(() => lee.openView());
    await lee.submit({ title: 'Salaries visible to everyone', severity: 'sev1', private: ['private'] });
    const leeHome = await openHome('U0LEE00003');
    expect(JSON.stringify(leeHome.view.blocks)).toContain('Salaries visible to everyone');
    const samHome = JSON.stringify((await openHome('U0SAM00004')).view.blocks);
    expect(samHome).not.toContain('Salaries visible to everyone');
    expect(samHome).toContain('*Your roles*: none right now.');
    expect(samHome).toContain('*Your open follow-ups* (0)');
  });
});
