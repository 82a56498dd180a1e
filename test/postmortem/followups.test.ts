/**
 * Follow-ups that get done, through the Slack and GitHub emulators: `/incident followup … @raj due
 * 2026-12-10 p2` → `/incident followups` lists it with [File as GitHub issue] → clicked twice, one issue
 * in the service's repository (labels from templates/postmortem.yaml and the priority, a link back to
 * the incident) → the channel hears where → the issue is closed on GitHub and the signed `issues`
 * webhook marks the follow-up done (redelivered, still once) → `/incident followups mine` lists only
 * what is still open. Without a repository to file in, the click says what to set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubEmulator } from '../../src/sandbox/github/emulator.js';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, waitForValue } from '../support/incident.js';

const TOKEN = 'ghp_followups0123456789abcdefABCDEF0123';
const HOOK_SECRET = 'github-hook-secret-0123456789';
const SERVICES = `services:
  payments-api:
    aliases: [payments, checkout]
    github: { repo: acme/payments-api }
  search: {}
`;

describe('follow-ups filed on GitHub', () => {
  let h: Harness;
  let github: GitHubEmulator;
  const creates = () => github.calls.filter((c) => c.operation === 'issues/create' && c.status === 201);

  async function declare(title: string): Promise<{ id: string; channel: EmulatedChannel }> {
    const answer = await h.emulator.user('dana').command(`declare sev2 ${title}`);
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    return { id, channel: await channelOf(h, id) };
  }

  beforeAll(async () => {
    github = await GitHubEmulator.start({
      webhookSecret: HOOK_SECRET,
      token: TOKEN,
      repos: [{ fullName: 'acme/payments-api', workflows: [] }],
      events: ['deployment_status', 'workflow_run', 'issues'],
    });
    h = await startHarness({
      env: { GITHUB_API_URL: github.apiUrl, GITHUB_TOKEN: TOKEN, GITHUB_WEBHOOK_SECRET: HOOK_SECRET },
      templates: { 'services.yaml': SERVICES },
    });
    github.connectWebhook(`http://127.0.0.1:${h.app.port}/hooks/github`);
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await github?.stop();
  });

  it('should file a follow-up as one GitHub issue however often it is clicked, and mark it done when the issue closes', async () => {
    const { id, channel } = await declare('Checkout payments failing');
    const dana = h.emulator.user('dana');
    const recorded = await dana.command('followup add an alert on checkout 5xx <@U0RAJ00002|raj> due 2026-12-10 p2', {
      channel: channel.id,
    });
    expect(recorded.ackText).toContain('Follow-up recorded for <@U0RAJ00002>');
    await dana.command('followup write the rollback runbook', { channel: channel.id });
    const added = (await logOf(h, id)).filter((e) => e.type === 'FollowUpAdded');
    expect(added.map((e) => e.data)).toMatchObject([
      { text: 'add an alert on checkout 5xx', owner: 'U0RAJ00002', priority: 'p2', due: Date.UTC(2026, 11, 10) },
      { text: 'write the rollback runbook' },
    ]);

    const listed = await dana.command('followups', { channel: channel.id });
    const list = h.emulator.workspace.ephemerals
      .filter((e) => e.user === dana.id && e.text.includes('Open follow-ups'))
      .at(-1);
    expect(listed.status).toBe(200);
    expect(list).toBeDefined();
    const listText = JSON.stringify(list?.blocks);
    expect(listText).toContain('*P2* · add an alert on checkout 5xx · owner <@U0RAJ00002> · due 2026-12-10');
    const followUpId = String((added[0]?.data as { followUpId?: string } | undefined)?.followUpId);
    const button = `followup.file.${followUpId}`;
    const ephemeral = list as NonNullable<typeof list>;
    // A double click: two at once, then a third later.
    await Promise.all([dana.clickEphemeral(ephemeral, button), dana.clickEphemeral(ephemeral, button)]);
    const filed = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'FollowUpFiled'));
    await dana.clickEphemeral(ephemeral, button);
    await h.emulator.waitFor(() => channel.messages.some((m) => m.text.includes('Follow-up filed as')), 5000);
    expect(creates()).toHaveLength(1);
    expect((await logOf(h, id)).filter((e) => e.type === 'FollowUpFilingRequested')).toHaveLength(1);
    const issue = creates()[0]?.body as { title: string; body: string; labels: string[] };
    expect(issue.title).toBe('add an alert on checkout 5xx');
    expect(issue.labels).toEqual(['incident-follow-up', 'p2']);
    expect(issue.body).toContain(`Follow-up from **${id}** (SEV2: Checkout payments failing)`);
    expect(issue.body).toContain(`https://slack.com/app_redirect?channel=${channel.id}`);
    const { number, url } = filed.data as { number: number; url: string };
    expect(url).toMatch(/\/acme\/payments-api\/issues\/\d+$/);

    // Closed on GitHub: done, once, however often GitHub delivers it.
    const delivery = await github.closeIssue('acme/payments-api', number, { by: 'raj-gh' });
    await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'FollowUpDone'));
    if (delivery) await github.redeliver(delivery.id);
    await h.emulator.waitFor(() => channel.messages.some((m) => m.text.includes('✅ Follow-up done')), 5000);
    const done = (await logOf(h, id)).filter((e) => e.type === 'FollowUpDone');
    expect(done).toHaveLength(1);
    expect(done[0]?.data).toMatchObject({ followUpId, by: 'raj-gh', reason: 'completed' });

    const raj = h.emulator.user('raj');
    // Answered at once, then the list by response_url (it may read hundreds of logs).
    const mine = async () => {
      const before = h.emulator.workspace.ephemerals.length;
      const answer = await raj.command('followups mine', { channel: 'C0GENERAL01' });
      expect(answer.ackText).toBe('Looking through your follow-ups…');
      return h.emulator.waitFor(() =>
        h.emulator.workspace.ephemerals.slice(before).find((m) => m.user === raj.id && m.source === 'response_url'),
      );
    };
    expect((await mine()).text).toBe('You have no open follow-ups.');
    await dana.command(`followup check the canary thresholds <@U0RAJ00002|raj> p1`, { channel: channel.id });
    expect((await mine()).text).toContain(`*${id}* · *P1* · check the canary thresholds · owner <@U0RAJ00002>`);
  });

  it('should call out a follow-up past its due day to its owner in the channel, until it is done', async () => {
    const { id, channel } = await declare('Ledger drift');
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    await h.emulator
      .user('dana')
      .command(`followup rotate the ledger keys <@U0RAJ00002|raj> due ${tenDaysAgo}`, { channel: channel.id });
    const reminder = await h.emulator.waitFor(() => channel.messages.find((m) => m.text.startsWith('⏰')), 10_000);
    expect(reminder.text).toBe(
      `⏰ <@U0RAJ00002> the follow-up of ${id} "rotate the ledger keys" was due ${tenDaysAgo} and is not done yet.`,
    );
    expect(reminder.mentions?.users).toEqual(['U0RAJ00002']);
    // The next one is on the weekly round from the first, in the days ahead, not now.
    const next = await waitForValue(async () =>
      (await h.redis.smembers(`${h.prefix}:inc:{${id}}:timers`)).find((t) => t.includes('.followup.')),
    );
    const due = Number(next.split('.').at(-1));
    expect(due - Date.now()).toBeGreaterThan(0);
    expect(due - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    expect(channel.messages.filter((m) => m.text.startsWith('⏰'))).toHaveLength(1);
  });

  it('should take a follow-up from the board’s form, with its owner, due day and priority', async () => {
    const { id, channel } = await declare('Checkout retries storm');
    const dana = h.emulator.user('dana');
    const board = await h.emulator.waitFor(() => boardOf(channel));
    await dana.click(board, 'incident.add_followup');
    await h.emulator.waitFor(() => dana.openView());
    const empty = await dana.submit({ followup_text: '   ' });
    expect(empty.errors).toEqual({ followup_text: 'Say what should be done.' });
    await dana.submit({
      followup_text: 'cap client retries at 3',
      followup_owner: 'U0RAJ00002',
      followup_due: '2026-12-15',
      followup_priority: 'p1',
    });
    const added = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'FollowUpAdded'));
    expect(added.data).toMatchObject({
      text: 'cap client retries at 3',
      owner: 'U0RAJ00002',
      due: Date.UTC(2026, 11, 15),
      priority: 'p1',
    });
  });

  it('should say what to set when there is nowhere to file, and refuse a day that is not one', async () => {
    const { id, channel } = await declare('Search is slow');
    const dana = h.emulator.user('dana');
    expect((await dana.command('followup reindex nightly due 2026-02-30', { channel: channel.id })).ackText).toContain(
      '`due 2026-02-30` is not a day',
    );
    await dana.command('followup reindex nightly', { channel: channel.id });
    const added = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'FollowUpAdded'));
    await dana.command('followups', { channel: channel.id });
    const list = h.emulator.workspace.ephemerals.filter((e) => e.text.includes(`Open follow-ups of ${id}`)).at(-1);
    // search names no repository and WARROOM_FOLLOWUP_REPO is unset: no button to click.
    expect(JSON.stringify(list?.blocks)).not.toContain('followup.file');
    expect(JSON.stringify(list?.blocks)).toContain('reindex nightly');
    expect((added.data as { due?: number }).due).toBeUndefined();
  });
});
