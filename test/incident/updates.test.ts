import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { EFFECTS_QUEUE, timerJobId } from '../../src/queue/names.js';
import type { EmulatedChannel, EmulatedMessage } from '../../src/sandbox/workspace.js';
import { clock } from '../../src/slack/time.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, setUpRecorded, textOf, waitForValue } from '../support/incident.js';

const PROTOCOL = readFileSync(join(TEMPLATES_DIR, 'protocols/deploy-rollback.yaml'), 'utf8');
/** The default protocol with a SEV1 cadence short enough to see it is not what the reminder follows. */
const FAST = PROTOCOL.replace('update_cadence:\n  sev1: 20m', 'update_cadence:\n  sev1: 2s');
const ZONE = 'Europe/Madrid';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Logged = { type: string; at: number; data: Record<string, unknown> };

/** What a modal input starts with: its initial text or preselected option. */
function initialOf(view: { view: Record<string, unknown> }, blockId: string): string | undefined {
  const blocks = view.view.blocks as { block_id?: string; element?: Record<string, unknown> }[];
  const element = blocks.find((b) => b.block_id === blockId)?.element;
  return (element?.initial_value as string | undefined) ?? (element?.initial_option as { value: string })?.value;
}

describe('updates that carry what readers need', () => {
  let h: Harness;
  let id: string;
  let channel: EmulatedChannel;
  let promised: number;
  const reminders = () => channel.messages.filter((m) => m.text.includes(`Update due for ${id}`));
  const updates = async () => (await logOf(h, id)).filter((e) => e.type === 'UpdatePosted') as unknown as Logged[];

  beforeAll(async () => {
    h = await startHarness({ templates: { 'protocols/deploy-rollback.yaml': FAST }, env: { WARROOM_TIMEZONE: ZONE } });
    const answer = await h.emulator.user('dana').command('declare sev1 EU API 5xx on Checkout');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    channel.members.add('U0SAM00004');
    await h.emulator.waitFor(() => boardOf(channel)?.pinned);
    await setUpRecorded(h, id);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should post the impact, what we know and what we are doing, and say when the next update comes', async () => {
    const dana = h.emulator.user('dana');
    await dana.click(boardOf(channel) as EmulatedMessage, 'incident.post_update');
    const view = await h.emulator.waitFor(() => dana.openView());
    expect(initialOf(view, 'update.impact')).toBe('EU API 5xx on Checkout');
    expect(initialOf(view, 'update.next')).toBe('15');
    const result = await dana.submit({
      'update.impact': 'EU shoppers cannot pay by card',
      'update.known': 'Errors began with the 03:05 payments-api deploy',
      'update.doing': 'Rolling back to 2026.11.28-2',
      'update.next': '30',
    });
    expect(result.errors).toBeUndefined();

    const update = await waitForValue(async () => (await updates()).at(-1));
    promised = update.at + 30 * 60_000;
    const text = [
      'Impact: EU shoppers cannot pay by card',
      'What we know: Errors began with the 03:05 payments-api deploy',
      'What we are doing: Rolling back to 2026.11.28-2',
      `Next update by ${clock(promised, ZONE)} (Europe/Madrid)`,
    ].join('\n');
    expect(update.data).toEqual({ text, audience: 'internal', nextUpdateBy: promised });
    await h.emulator.waitFor(() => channel.messages.find((m) => m.text.includes(text)));
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes(`*Next update due* ${clock(promised, ZONE)}`));
  });

  it('should remind at the time the update promised, not a cadence after it', async () => {
    const before = reminders().length;
    // A SEV1 update is due every 2 s here: two would have come by now if the cadence still counted.
    await sleep(4500);
    expect(reminders()).toHaveLength(before);

    const queue = new Queue(EFFECTS_QUEUE, { connection: h.redis, prefix: `${h.prefix}:bull` });
    try {
      const timer = await queue.getJob(timerJobId({ incidentId: id, kind: 'update-due', due: promised }));
      expect(timer && (await timer.isDelayed())).toBe(true);
      // Half an hour passes: the timer set for the promised time fires now.
      await timer?.promote();
    } finally {
      await queue.close();
    }
    const reminder = await h.emulator.waitFor(() => reminders()[before]);
    expect(reminder.text).toContain(`Update due for ${id} (since ${clock(promised, ZONE)})`);
  });

  it('should start the next update from the impact last told, from the reminder and from the command', async () => {
    const sam = h.emulator.user('sam');
    await sam.click(reminders().at(-1) as EmulatedMessage, 'reminder.post_update');
    const fromReminder = await h.emulator.waitFor(() => sam.openView());
    expect(initialOf(fromReminder, 'update.impact')).toBe('EU shoppers cannot pay by card');
    sam.cancel();
    await sam.command('update', { channel: channel.id });
    const fromCommand = await h.emulator.waitFor(() => sam.openView());
    expect(initialOf(fromCommand, 'update.impact')).toBe('EU shoppers cannot pay by card');
    sam.cancel();
  });

  it('should refuse an update that still has a placeholder in it, say which, and record nothing', async () => {
    const dana = h.emulator.user('dana');
    const before = (await logOf(h, id)).length;

    await dana.click(boardOf(channel) as EmulatedMessage, 'incident.post_update');
    await h.emulator.waitFor(() => dana.openView());
    const form = await dana.submit({
      'update.known': 'Errors began with the deploy',
      'update.doing': '<what the team is doing right now>',
    });
    expect(form.errors).toEqual({ 'update.doing': 'Replace <what the team is doing right now> before posting.' });
    dana.cancel();

    const typed = await dana.command('update Rolled back; next step <who checks the queue>', { channel: channel.id });
    expect(typed.ackText).toBe('Replace &lt;who checks the queue&gt; before posting.');

    await dana.command('draft internal-update', { channel: channel.id });
    await h.emulator.waitFor(() => dana.openView());
    const drafted = await dana.submit({});
    expect(drafted.errors).toEqual({ update: 'Replace <what we know so far> before posting.' });
    dana.cancel();

    await h.emulator.idle();
    expect((await logOf(h, id)).length).toBe(before);
    const mentions = 'update Rolled back; @sam checks #general and <https://grafana.example.com/d/checkout>';
    expect((await dana.command(mentions, { channel: channel.id })).ackText).toBe('Update posted.');
  });

  it('should record a posted draft with its template, for customers or for the team', async () => {
    const sam = h.emulator.user('sam');
    const post = async (name: string, edit: (text: string) => string) => {
      await sam.command(`draft ${name}`, { channel: channel.id });
      const view = await h.emulator.waitFor(() => sam.openView());
      const text = initialOf(view, 'update') as string;
      const result = await sam.submit({ update: edit(text) });
      expect(result.errors).toBeUndefined();
      return { text, update: await waitForValue(async () => (await updates()).find((u) => u.data.draft === name)) };
    };

    const page = await post('status-page', (text) => text);
    expect(page.text).toMatch(/^Investigating — EU API 5xx on Checkout\n\nWe are investigating this issue\.\n/);
    expect(page.update.data).toMatchObject({ draft: 'status-page', audience: 'customers' });

    const internal = await post('internal-update', (text) =>
      text
        .replace('<what we know so far>', 'the 03:05 deploy')
        .replace('<what the team is doing right now>', 'rollback'),
    );
    expect(internal.update.data).toMatchObject({ draft: 'internal-update', audience: 'internal' });

    const notice = await post('customer-notice', (text) =>
      text
        .replace(/<no data was lost[^>]*>/, 'No data was lost.')
        .replace('<nothing / what to do>', 'Nothing; retry the payment.'),
    );
    expect(notice.text).toContain('Your data: <no data was lost');
    expect(notice.update.data).toMatchObject({ draft: 'customer-notice', audience: 'customers' });
  });
});
