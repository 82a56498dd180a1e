import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../../src/paths.js';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, setUpRecorded, textOf, waitForValue } from '../support/incident.js';

/** Postmortems due two seconds after resolve, to watch the reminder arrive. */
const FAST_POSTMORTEM = readFileSync(join(TEMPLATES_DIR, 'postmortem.yaml'), 'utf8').replace(
  'sev2: 5 business days',
  'sev2: 2s',
);

describe('the postmortem timeline in Slack', () => {
  let h: Harness;
  let id: string;
  let channel: EmulatedChannel;
  const files = () =>
    [...h.emulator.workspace.files.values()].filter((f) => f.completed && f.channels.includes(channel.id));

  beforeAll(async () => {
    h = await startHarness({
      templates: { 'postmortem.yaml': FAST_POSTMORTEM },
      env: { WARROOM_TIMEZONE: 'Europe/Madrid' },
    });
    const answer = await h.emulator.user('dana').command('declare sev2 Search results empty');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    await h.emulator.waitFor(() => boardOf(channel)?.pinned);
    await setUpRecorded(h, id);
    channel.members.add('U0RAJ00002');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should backdate the impact start from what a responder types, in the display time zone', async () => {
    const dana = h.emulator.user('dana');
    const answer = await dana.command('started 20 min ago', { channel: channel.id });
    expect(answer.ackText).toMatch(/^Impact start recorded: \d{4}-\d{2}-\d{2} \d\d:\d\d \(Europe\/Madrid\)\.$/);
    const event = (await logOf(h, id)).at(-1) as { type: string; data: { startedAt: number }; at: number };
    expect(event.type).toBe('ImpactStarted');
    expect(event.at - event.data.startedAt).toBeGreaterThanOrEqual(20 * 60_000 - 1000);
    expect((await dana.command('started yesterday-ish', { channel: channel.id })).ackText).toContain('I cannot read');
  });

  it('should record follow-ups with their owner', async () => {
    const answer = await h.emulator.user('raj').command('followup add an alert on empty results <@U0RAJ00002|raj>', {
      channel: channel.id,
    });
    expect(answer.ackText).toBe(
      'Follow-up recorded for <@U0RAJ00002>. `/incident followups` lists them, to file on GitHub.',
    );
    expect((await logOf(h, id)).at(-1)).toMatchObject({
      type: 'FollowUpAdded',
      data: { text: 'add an alert on empty results', owner: 'U0RAJ00002' },
    });
  });

  it('should show the latest timeline entries privately', async () => {
    const answer = await h.emulator.user('raj').command('timeline', { channel: channel.id });
    expect(answer.ackText).toContain(`*${id} timeline* (Europe/Madrid)`);
    expect(answer.ackText).toContain('add an alert on empty results');
  });

  it('should upload the export to the channel in the format asked for', async () => {
    const answer = await h.emulator.user('dana').command('export json', { channel: channel.id });
    expect(answer.ackText).toBe(`Exporting ${id} as JSON; the file will appear in this channel.`);
    const file = await h.emulator.waitFor(() => files().find((f) => f.filename.endsWith('.json')));
    const json = JSON.parse(String(file.content)) as { incident: { id: string }; followUps: unknown[] };
    expect(json.incident.id).toBe(id);
    expect(json.followUps).toHaveLength(1);
    expect((await h.emulator.user('dana').command('export pdf', { channel: channel.id })).ackText).toBe(
      '`pdf` is not an export format; use `md`, `html`, `json`, `csv`.',
    );
  });

  it('should offer the export on resolve, and remind the postmortem owner named at the resolve when it is due', async () => {
    const dana = h.emulator.user('dana');
    await dana.command('resolve', { channel: channel.id });
    const form = await h.emulator.waitFor(() => dana.openView());
    // The commander owns it unless the form says otherwise; the review day is the template's (2 s here).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(new Date(Date.now() + 2000));
    expect(JSON.stringify(form.view.blocks)).toContain('"initial_user":"U0DANA0001"');
    expect(JSON.stringify(form.view.blocks)).toContain(`"initial_date":"${today}"`);
    await dana.submit({ resolution: 'Reindexed the search cluster', postmortem_owner: 'U0RAJ00002' });
    const resolved = await h.emulator.waitFor(() => channel.messages.find((m) => m.text.includes(`${id} resolved`)));
    await dana.click(resolved, 'export.html');
    const html = await h.emulator.waitFor(() => files().find((f) => f.filename.endsWith('.html')));
    expect(String(html.content)).toContain('<svg');
    expect(String(html.content)).toContain('Search results empty');

    const reminder = await h.emulator.waitFor(
      () => channel.messages.find((m) => m.text.includes('postmortem for') && m.files?.length),
      10_000,
    );
    expect(reminder.text).toBe(
      `<@U0RAJ00002> the SEV2 postmortem for ${id} is due today (review on ${today}). Here is the timeline to start from.`,
    );
    await h.emulator.waitFor(() =>
      textOf(boardOf(channel)).includes(`*Postmortem* Draft · owner <@U0RAJ00002> · review on ${today}`),
    );
    // Where the write-up stands, on the board and the timeline.
    expect((await h.emulator.user('raj').command('postmortem review', { channel: channel.id })).ackText).toBe(
      'Postmortem → In review.',
    );
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('*Postmortem* In review'));
    expect((await h.emulator.user('raj').command('postmortem done', { channel: channel.id })).ackText).toContain(
      '`done` is not a postmortem status',
    );
    const markdown = await h.emulator.user('dana').command('export md', { channel: channel.id });
    expect(markdown.status).toBe(200);
    const md = await h.emulator.waitFor(() =>
      files().find((f) => f.filename.endsWith('.md') && String(f.content).includes('Postmortem → In review')),
    );
    expect(String(md.content)).toContain(`Postmortem: raj, review on ${today}`);
    const attached = h.emulator.workspace.files.get(reminder.files?.[0] as string);
    expect(String(attached?.content)).toContain(`# Postmortem: ${id}`);
    await waitForValue(async () => true);
  });
});
