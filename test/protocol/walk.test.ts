import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EFFECTS_QUEUE } from '../../src/queue/names.js';
import type { EmulatedChannel, EmulatedMessage } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

/** The phase message whose heading starts with `title` (upper case, as posted). */
function phase(channel: EmulatedChannel, title: string): EmulatedMessage | undefined {
  return channel.messages.filter((m) => textOf(m).startsWith(`*${title}`)).at(-1);
}

describe('walking the deploy-rollback protocol', () => {
  let h: Harness;
  let id: string;
  let channel: EmulatedChannel;

  beforeAll(async () => {
    h = await startHarness({ env: { DEPLOY_CHANNEL: 'C0DEPLOYS01' } });
    const answer = await h.emulator.user('dana').command('declare sev1 Checkout payments failing');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    for (const user of ['U0RAJ00002', 'U0SAM00004']) channel.members.add(user);
    await h.emulator.waitFor(() => phase(channel, 'COMMUNICATE'));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should post one checklist message per phase, with owners and SEV1 due times', () => {
    const identify = phase(channel, 'IDENTIFY') as EmulatedMessage;
    expect(textOf(identify)).toContain('0/4');
    expect(textOf(identify)).toContain('*3. Name the suspect change*');
    // The commander coordinates: measuring the impact is hands-on work, so it is Ops's.
    expect(textOf(identify)).toMatch(/\*1\. Confirm impact and blast radius\* {2}· {2}Ops · due/);
    expect(textOf(identify)).toMatch(
      /\*4\. Decide: roll back first, debug later\* {2}· {2}Commander <@U0DANA0001> · due/,
    );
    expect(textOf(identify)).toMatch(/Ops · due \d\d:\d\d/);
    expect(textOf(phase(channel, 'ROLL BACK'))).toContain('0/5');
    expect(textOf(phase(channel, 'ROLL BACK'))).toContain('not started');
    expect(textOf(phase(channel, 'COMMUNICATE'))).toContain('runs alongside');
    expect(textOf(boardOf(channel))).toContain('Identify 0/4 · Roll back 0/5 · Communicate 0/4');
  });

  it('should announce a deploy freeze for a SEV1', async () => {
    const deploys = h.emulator.workspace.channels.get('C0DEPLOYS01') as EmulatedChannel;
    const freeze = await h.emulator.waitFor(() => deploys.messages.find((m) => m.text.includes('Deploy freeze')));
    expect(freeze.text).toContain(`${id} (SEV1) is open`);
  });

  it('should walk every step, moving the status forward as the protocol says', async () => {
    const dana = h.emulator.user('dana');
    const raj = h.emulator.user('raj');
    const sam = h.emulator.user('sam');
    const click = async (who: typeof dana, title: string, step: string, inputs?: Record<string, string>) => {
      const message = await h.emulator.waitFor(() => phase(channel, title));
      await who.click(message, 'step.done', { value: step });
      if (inputs) {
        await h.emulator.waitFor(() => who.openView());
        const result = await who.submit(inputs);
        expect(result.errors).toBeUndefined();
      }
      await waitForValue(async () =>
        (await logOf(h, id)).some((e) => e.type === 'StepCompleted' && (e.data as { step: string }).step === step),
      );
    };
    await click(raj, 'IDENTIFY', 'confirm-impact');
    await click(raj, 'IDENTIFY', 'list-changes');
    await click(raj, 'IDENTIFY', 'name-suspect', { 'input.change': 'payments-api release 2026.11.28-3 (4f2a1c)' });
    await click(dana, 'IDENTIFY', 'decide-rollback');
    await click(raj, 'ROLL BACK', 'freeze-deploys');
    await click(raj, 'ROLL BACK', 'start-rollback', { 'input.target': '2026.11.28-2' });
    await click(raj, 'ROLL BACK', 'confirm-deployed');
    await click(raj, 'ROLL BACK', 'verify-recovery', { 'input.evidence': 'https://grafana.example.com/d/checkout' });
    await click(raj, 'ROLL BACK', 'keep-watching');
    await click(sam, 'COMMUNICATE', 'regular-updates');

    const log = await logOf(h, id);
    const statuses = log
      .filter((e) => e.type === 'StatusChanged')
      .map((e) => [(e.data as { to: string; step: string }).to, (e.data as { step: string }).step]);
    expect(statuses).toEqual([
      ['identified', 'name-suspect'],
      ['mitigating', 'start-rollback'],
      ['monitoring', 'verify-recovery'],
    ]);
    const steps = log.filter((e) => e.type === 'StepCompleted');
    expect(steps).toHaveLength(10);
    for (const step of steps) expect(step.at).toEqual(expect.any(Number));
    expect(steps.find((s) => (s.data as { step: string }).step === 'name-suspect')).toMatchObject({
      actor: raj.id,
      data: { inputs: { change: 'payments-api release 2026.11.28-3 (4f2a1c)' } },
    });
    await h.emulator.waitFor(() => textOf(phase(channel, 'IDENTIFY')).includes('4/4'));
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('SEV1 · Monitoring'));
    expect(textOf(phase(channel, 'IDENTIFY'))).toContain('payments-api release 2026.11.28-3 (4f2a1c)');
  });

  it('should post a status-page draft filled with the incident’s facts and tick its step', async () => {
    const sam = h.emulator.user('sam');
    await sam.click(phase(channel, 'COMMUNICATE') as EmulatedMessage, 'step.draft', { value: 'first-status-page' });
    const view = await h.emulator.waitFor(() => sam.openView());
    const draft = JSON.stringify(view.view.blocks);
    expect(draft).toContain('Monitoring — Checkout payments failing');
    expect(draft).toContain('A fix has been implemented and we are monitoring the results.');
    expect(draft).toMatch(/We will post an update by \d\d:\d\d \(UTC\)/);
    await sam.submit({ update: 'Monitoring — Checkout payments failing. A fix is in place and we are watching it.' });
    await waitForValue(async () =>
      (await logOf(h, id)).some(
        (e) => e.type === 'StepCompleted' && (e.data as { step: string }).step === 'first-status-page',
      ),
    );
    expect((await logOf(h, id)).filter((e) => e.type === 'UpdatePosted').at(-1)).toMatchObject({
      actor: sam.id,
      data: { draft: 'status-page', audience: 'customers' },
    });
  });

  it('should do from the command line what the buttons do, and say what a step needs', async () => {
    const sam = h.emulator.user('sam');
    expect((await sam.command('step 99 done', { channel: channel.id })).ackText).toBe(
      'There is no step `99`; steps are numbered 1 to 13 (see `/incident protocol`).',
    );
    expect((await sam.command('step 13 skip', { channel: channel.id })).ackText).toBe(
      'Say why: `/incident step 13 skip <reason>`.',
    );
    expect((await sam.command('step 13 skip support sends it', { channel: channel.id })).ackText).toBe(
      'Step 13 skipped.',
    );
    expect((await sam.command('step all-clear blocked again', { channel: channel.id })).ackText).toBe(
      'Step 13 (All-clear) is already skipped.',
    );
    expect((await sam.command('step 12 done', { channel: channel.id })).ackText).toBe(
      'Step 12 (Keep the update cadence) is already done.',
    );
    expect((await sam.command('step 3', { channel: channel.id })).ackText).toContain('Say which step and what');
  });

  it('should resolve with the freeze lifted and no timer left running', async () => {
    const dana = h.emulator.user('dana');
    await dana.command('resolve', { channel: channel.id });
    await h.emulator.waitFor(() => dana.openView());
    await dana.submit({ resolution: 'Rolled back payments-api to 2026.11.28-2' });
    const deploys = h.emulator.workspace.channels.get('C0DEPLOYS01') as EmulatedChannel;
    await h.emulator.waitFor(() => deploys.messages.find((m) => m.text.includes('Deploy freeze lifted')));
    const queue = new Queue(EFFECTS_QUEUE, { connection: h.redis, prefix: `${h.prefix}:bull` });
    try {
      await waitForValue(
        async () =>
          (await queue.getDelayed()).filter((j) => j.name === 'timer' && !j.id?.includes('.postmortem.')).length === 0,
      );
    } finally {
      await queue.close();
    }
    await h.emulator.waitFor(
      () => !phase(channel, 'IDENTIFY')?.blocks?.some((b) => (b as { type: string }).type === 'actions'),
    );
  });
});
