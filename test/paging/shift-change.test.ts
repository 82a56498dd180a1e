/**
 * Handoffs on the schedule: the on-call of the incident's service changes at a shift boundary (seen from
 * GET /oncalls, read again every PAGERDUTY_ONCALL_CHECK) → the commander is told in the channel, with
 * [Offer command to Lee] → the handoff form opens with Lee filled in → Lee accepts, and only then is
 * Lee commander. An unchanged on-call records nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagerDutyEmulator } from '../../src/sandbox/pagerduty/emulator.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

const TOKEN = 'pd-account-key-0123456789abcdef';
const ROUTING_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const HOUR = 3_600_000;

describe('the on-call shift changes during an incident', () => {
  let h: Harness;
  let pd: PagerDutyEmulator;
  const t0 = Date.now();

  beforeAll(async () => {
    pd = await PagerDutyEmulator.start({
      token: TOKEN,
      webhookSecret: 'pd-webhook-secret-0123456789abcdef',
      users: [
        { id: 'PRAJ001', name: 'Raj Patel', email: 'raj@acme.example' },
        { id: 'PLEE001', name: 'Lee Chen', email: 'lee@acme.example' },
      ],
      schedules: [
        {
          id: 'PSCHPAY',
          name: 'Payments primary',
          shifts: [
            { user: 'PRAJ001', start: t0 - 12 * HOUR, end: t0 + HOUR },
            { user: 'PLEE001', start: t0 + HOUR, end: t0 + 13 * HOUR },
          ],
        },
      ],
      escalationPolicies: [
        { id: 'PEPPAY1', name: 'Payments', rules: [{ targets: [{ type: 'schedule', id: 'PSCHPAY' }] }] },
      ],
      services: [{ id: 'PSVCPAY', name: 'Payments API', escalationPolicy: 'PEPPAY1' }],
      routingKeys: { [ROUTING_KEY]: 'PSVCPAY' },
    });
    h = await startHarness({
      env: { PAGERDUTY_TOKEN: TOKEN, PAGERDUTY_API_URL: pd.restUrl, PAGERDUTY_ONCALL_CHECK: '1s' },
      templates: {
        'services.yaml': `services:
  payments-api:
    pagerduty: { service: PSVCPAY, escalation_policy: PEPPAY1, routing_key: ${ROUTING_KEY} }
`,
      },
    });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await pd?.stop();
  });

  it('should offer the commander a handoff to the incoming on-call, and move command only on accept', async () => {
    const dana = h.emulator.user('dana');
    const answer = await dana.command('declare sev2 payments-api refunds failing');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('level 1: <@U0RAJ00002>'), 10_000);
    // Read again every second: while the shift is unchanged, nothing more is recorded.
    const calls = () => pd.calls.filter((c) => c.path === '/oncalls').length;
    await pd.waitFor(() => calls() >= 3, 10_000);
    expect((await logOf(h, id)).filter((e) => e.type === 'OnCallSeen')).toHaveLength(1);

    pd.advanceClock(HOUR + 60_000);
    const changed = await waitForValue(async () =>
      (await logOf(h, id)).find((e) => e.type === 'OnCallSeen' && (e.data as { changed?: boolean }).changed),
    );
    expect(changed.data).toMatchObject({ people: [{ name: 'Lee Chen', user: 'U0LEE00003', level: 1 }] });
    const post = await h.emulator.waitFor(() => channel.messages.find((m) => m.text.includes('🔁')), 5000);
    expect(post.text).toContain(
      '<@U0DANA0001>, the on-call for *payments-api* changed: <@U0LEE00003> on call now (was <@U0RAJ00002>)',
    );
    // Nothing moved yet.
    expect((await logOf(h, id)).some((e) => e.type === 'HandoffOffered')).toBe(false);

    await dana.click(post, 'oncall.handoff.U0LEE00003');
    const form = await h.emulator.waitFor(() => dana.openView());
    expect(JSON.stringify(form.view.blocks)).toContain('"initial_user":"U0LEE00003"');
    await dana.submit({});
    const offer = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'HandoffOffered'));
    expect(offer.data).toMatchObject({ role: 'commander', from: 'U0DANA0001', to: 'U0LEE00003' });
    expect(textOf(boardOf(channel))).toContain('*Commander*  <@U0DANA0001>');

    const offerPost = await h.emulator.waitFor(
      () => channel.messages.find((m) => JSON.stringify(m.blocks ?? []).includes('handoff.accept')),
      5000,
    );
    await h.emulator.user('lee').click(offerPost, 'handoff.accept');
    await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'HandoffAccepted'));
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('*Commander*  <@U0LEE00003>'), 5000);
  });
});
