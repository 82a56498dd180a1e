import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { EFFECTS_QUEUE } from '../../src/queue/names.js';
import type { EmulatedChannel, EmulatedMessage } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, setUpRecorded, textOf, waitForValue } from '../support/incident.js';

/** roles.yaml with timers short enough to watch them fire. */
const FAST_ROLES = readFileSync(join(TEMPLATES_DIR, 'roles.yaml'), 'utf8')
  .replace('offer_expires_after: 10m', 'offer_expires_after: 2s')
  .replace('hand_off_after: 3h', 'hand_off_after: 1h')
  .replace(/nudge_if_unassigned_after: 10m/g, 'nudge_if_unassigned_after: 2s');

describe('roles and handoffs', () => {
  let h: Harness;
  let id: string;
  let channel: EmulatedChannel;
  const typesOf = async () => (await logOf(h, id)).map((e) => e.type);
  const offerMessage = () => channel.messages.filter((m) => textOf(m).includes('*Handing over ')).at(-1);
  const latestOffer = async () => {
    const offers = (await logOf(h, id)).filter((e) => e.type === 'HandoffOffered');
    return offers.at(-1)?.data as { offerId: string; to: string } | undefined;
  };

  beforeAll(async () => {
    h = await startHarness({ templates: { 'roles.yaml': FAST_ROLES } });
    const answer = await h.emulator.user('dana').command('declare sev1 Checkout payments failing');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    await h.emulator.waitFor(() => boardOf(channel)?.pinned);
    await setUpRecorded(h, id);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should nudge the channel once about a role nobody took, with a Take button', async () => {
    const nudge = await h.emulator.waitFor(
      () => channel.messages.find((m) => m.text.includes('Nobody has taken *Comms*')),
      8000,
    );
    expect(textOf(nudge)).toContain('Take Comms');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(channel.messages.filter((m) => m.text.includes('Nobody has taken *Comms*'))).toHaveLength(1);
  });

  it('should seat whoever clicks Take, invite them, tell them their duties privately, and show them on the board', async () => {
    const raj = h.emulator.user('raj');
    const board = boardOf(channel) as EmulatedMessage;
    await raj.click(board, 'role.take', { value: 'ops' });
    expect((await logOf(h, id)).at(-1)).toMatchObject({
      type: 'RoleAssigned',
      actor: raj.id,
      data: { role: 'ops', user: raj.id },
    });
    await h.emulator.waitFor(() => channel.members.has(raj.id));
    const duties = await h.emulator.waitFor(() =>
      raj.ephemerals(channel.id).find((e) => e.text.includes('You are Ops')),
    );
    expect(textOf(duties)).toContain('name the suspect');
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes(`*Ops*  <@${raj.id}>`));
    await h.emulator.waitFor(() => channel.messages.find((m) => m.text === `<@${raj.id}> is now *Ops* (took it)`));
  });

  it('should refuse a role change by someone who is neither its holder nor the commander', async () => {
    const before = (await logOf(h, id)).length;
    const answer = await h.emulator.user('sam').command('role ops <@U0LEE00003|lee>', { channel: channel.id });
    expect(answer.ackText).toBe(
      'Only <@U0RAJ00002> (Ops) or the commander (<@U0DANA0001>) can give Ops to someone else.',
    );
    expect((await logOf(h, id)).length).toBe(before);
  });

  it('should let the commander seat someone with a mention', async () => {
    const answer = await h.emulator.user('dana').command('role comms <@U0LEE00003|lee>', { channel: channel.id });
    expect(answer.ackText).toBe('<@U0LEE00003> is now Comms.');
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('*Comms*  <@U0LEE00003>'));
  });

  it('should explain a person that is not a mention and a role that does not exist', async () => {
    const dana = h.emulator.user('dana');
    expect((await dana.command('role comms lee', { channel: channel.id })).ackText).toContain('mention them with @');
    expect((await dana.command('role chef me', { channel: channel.id })).ackText).toBe(
      'There is no role `chef`; roles are `commander`, `comms`, `ops`, `deputy`, `scribe`.',
    );
  });

  it('should not let the commander simply leave', async () => {
    const answer = await h.emulator.user('dana').command('unassign commander', { channel: channel.id });
    expect(answer.ackText).toContain('The commander cannot just leave');
  });

  it('should move command only when the receiver accepts, once, however often they click', async () => {
    const dana = h.emulator.user('dana');
    const lee = h.emulator.user('lee');
    await dana.command('update Error rate back to baseline, watching for 30 min', { channel: channel.id });
    await dana.command('note rollback to 2026.11.28-2 finished 03:40', { channel: channel.id });
    const answer = await dana.command('handoff commander <@U0LEE00003|lee>', { channel: channel.id });
    expect(answer.ackText).toBe('Offered to <@U0LEE00003>, with a brief in the channel.');
    const offer = await h.emulator.waitFor(() => offerMessage());
    const brief = textOf(offer);
    expect(brief).toContain('Handing over Commander');
    expect(brief).toContain('Error rate back to baseline');
    expect(brief).toContain('rollback to 2026.11.28-2 finished');
    expect(brief).toContain('Scribe: _nobody_');
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('Commander offered to <@U0LEE00003>'));
    expect(textOf(boardOf(channel))).toContain('*Commander*  <@U0DANA0001>');

    await h.emulator.user('raj').click(offer, 'handoff.accept');
    await h.emulator.waitFor(() =>
      h.emulator
        .user('raj')
        .ephemerals()
        .some((e) => e.text.includes('Only <@U0LEE00003> can answer')),
    );
    expect(await typesOf()).not.toContain('HandoffAccepted');

    await Promise.all([lee.click(offer, 'handoff.accept'), lee.click(offer, 'handoff.accept')]);
    const accepted = (await logOf(h, id)).filter((e) => e.type === 'HandoffAccepted');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ actor: lee.id, data: { role: 'commander', from: 'U0DANA0001', to: lee.id } });
    await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.text === '<@U0LEE00003> is now *Commander* (handed over by <@U0DANA0001>)'),
    );
    await h.emulator.waitFor(() => textOf(offerMessage()).includes('Accepted by <@U0LEE00003>'));
    expect(offerMessage()?.blocks?.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('*Commander*  <@U0LEE00003>'));
    const offered = (await logOf(h, id)).find((e) => e.type === 'HandoffOffered');
    expect(offered?.at).toBeLessThan(accepted[0]?.at as number);
  });

  it('should leave the role where it was when the receiver declines, with their reason', async () => {
    const sam = h.emulator.user('sam');
    channel.members.add(sam.id);
    await h.emulator.user('lee').command('handoff <@U0SAM00004|sam>', { channel: channel.id });
    const offer = await h.emulator.waitFor(() => {
      const message = offerMessage();
      return message && textOf(message).includes('to <@U0SAM00004>') ? message : undefined;
    });
    await sam.click(offer, 'handoff.decline');
    await h.emulator.waitFor(() => sam.openView());
    await sam.submit({ reason: 'I am driving' });
    await h.emulator.waitFor(() =>
      channel.messages.find(
        (m) => m.text === '<@U0SAM00004> declined *Commander*: I am driving. <@U0LEE00003> is still Commander.',
      ),
    );
    expect(
      (await logOf(h, id)).filter((e) => e.type === 'RoleAssigned' || e.type === 'HandoffAccepted').at(-1),
    ).toMatchObject({
      data: { to: 'U0LEE00003' },
    });
  });

  it('should let an unanswered offer lapse and tell both people, the role unchanged', async () => {
    await h.emulator.user('lee').command('handoff commander <@U0ALEX0005|alex>', { channel: channel.id });
    const offer = await latestOffer();
    const expired = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'HandoffExpired'), 8000);
    expect(expired).toMatchObject({ actor: 'warroom', data: { offerId: offer?.offerId, to: 'U0ALEX0005' } });
    await h.emulator.waitFor(() =>
      channel.messages.find(
        (m) => m.text.includes('<@U0ALEX0005> did not answer') && m.text.includes('<@U0LEE00003> is still Commander'),
      ),
    );
    await h.emulator.waitFor(() => textOf(offerMessage()).includes('Lapsed at'));
  });

  it('should brief anyone who asks, privately', async () => {
    const alex = h.emulator.user('alex');
    const answer = await alex.command('brief', { channel: channel.id });
    expect(answer.ackText).toContain(`${id} brief: SEV1, Investigating`);
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.json)).toContain('Error rate back to baseline');
  });

  it('should leave no timer behind once resolved', async () => {
    const lee = h.emulator.user('lee');
    await lee.command('handoff commander <@U0RAJ00002|raj>', { channel: channel.id });
    await lee.command('resolve', { channel: channel.id });
    await h.emulator.waitFor(() => lee.openView());
    await lee.submit({ resolution: 'Rolled back' });
    await waitForValue(async () => (await typesOf()).includes('IncidentResolved'));
    const queue = new Queue(EFFECTS_QUEUE, { connection: h.redis, prefix: `${h.prefix}:bull` });
    try {
      await waitForValue(
        async () =>
          (await queue.getDelayed()).filter((j) => j.name === 'timer' && !j.id?.includes('.postmortem.')).length === 0,
      );
    } finally {
      await queue.close();
    }
  });
});

describe('a commander too long in the seat', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      templates: { 'roles.yaml': FAST_ROLES.replace('hand_off_after: 1h', 'hand_off_after: 3s') },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should be reminded once to hand off, and the reminder of a commander who handed off never comes', async () => {
    const dana = h.emulator.user('dana');
    const answer = await dana.command('declare sev2 Long night');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    await h.emulator.waitFor(() => boardOf(channel)?.pinned);
    await setUpRecorded(h, id);
    await dana.command('handoff commander <@U0LEE00003|lee>', { channel: channel.id });
    const offer = await h.emulator.waitFor(() => channel.messages.find((m) => textOf(m).includes('*Handing over ')));
    await h.emulator.user('lee').click(offer, 'handoff.accept');
    const reminder = await h.emulator.waitFor(
      () => channel.messages.find((m) => m.text.startsWith('<@U0LEE00003>, you have been commander')),
      8000,
    );
    expect(reminder.text).toContain('/incident handoff commander @someone');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(channel.messages.filter((m) => m.text.includes('you have been commander'))).toHaveLength(1);
    expect(channel.messages.some((m) => m.text.startsWith('<@U0DANA0001>, you have been commander'))).toBe(false);
  });
});
