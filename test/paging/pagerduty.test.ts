/**
 * PagerDuty as responders live it, through the Slack and PagerDuty emulators: a declare for a service
 * shows who is on call on the board → [Seat Raj as Ops] seats him only on the click → `/incident page
 * payments-api` sends exactly one Events API trigger with the incident's dedup key (typed twice, still
 * one) → Raj acknowledges in PagerDuty and the signed webhook puts it on the timeline (redelivered,
 * still once) → resolving the incident resolves the page. A bad signature is 401 with nothing stored;
 * the export shows the page and its acknowledgement; `/incident invite` brings someone in without a role.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportIncident } from '../../src/export/run.js';
import { PagerDutyEmulator } from '../../src/sandbox/pagerduty/emulator.js';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

const TOKEN = 'pd-account-key-0123456789abcdef';
const SECRET = 'pd-webhook-secret-0123456789abcdef';
const ROUTING_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

const SERVICES = `services:
  payments-api:
    aliases: [payments, checkout]
    pagerduty: { service: PSVCPAY, escalation_policy: PEPPAY1, routing_key: ${ROUTING_KEY} }
  search: {}
`;

describe('paging through PagerDuty', () => {
  let h: Harness;
  let pd: PagerDutyEmulator;
  let hookUrl: string;
  const triggers = () => pd.events.filter((e) => e.action === 'trigger');

  async function declare(title: string): Promise<{ id: string; channel: EmulatedChannel }> {
    const answer = await h.emulator.user('dana').command(`declare sev2 ${title}`);
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    return { id, channel: await channelOf(h, id) };
  }

  beforeAll(async () => {
    pd = await PagerDutyEmulator.start({
      token: TOKEN,
      webhookSecret: SECRET,
      users: [
        { id: 'PRAJ001', name: 'Raj Patel', email: 'raj@acme.example' },
        { id: 'PNOS001', name: 'Nomi Slackless', email: 'nomi@elsewhere.example' },
      ],
      escalationPolicies: [
        {
          id: 'PEPPAY1',
          name: 'Payments',
          rules: [{ targets: [{ type: 'user', id: 'PRAJ001' }] }, { targets: [{ type: 'user', id: 'PNOS001' }] }],
        },
      ],
      services: [{ id: 'PSVCPAY', name: 'Payments API', escalationPolicy: 'PEPPAY1' }],
      routingKeys: { [ROUTING_KEY]: 'PSVCPAY' },
    });
    h = await startHarness({
      env: {
        PAGERDUTY_TOKEN: TOKEN,
        PAGERDUTY_WEBHOOK_SECRET: SECRET,
        PAGERDUTY_API_URL: pd.restUrl,
        PAGERDUTY_EVENTS_URL: pd.eventsUrl,
      },
      templates: { 'services.yaml': SERVICES },
    });
    hookUrl = `http://127.0.0.1:${h.app.port}/hooks/pagerduty`;
    pd.connectWebhook(hookUrl);
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await pd?.stop();
  });

  it('should page once, show the acknowledgement, seat the on-call only on a click, and resolve the page with the incident', async () => {
    const { id, channel } = await declare('Checkout payments failing');
    // The board shows who is on call now, matched to Slack by e-mail; nobody is seated by it.
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('On call for payments-api'), 10_000);
    const board = textOf(boardOf(channel));
    expect(board).toContain('level 1: <@U0RAJ00002>');
    expect(board).toContain('Nomi Slackless (not found in Slack by e-mail)');
    expect((await logOf(h, id)).some((e) => e.type === 'RoleAssigned')).toBe(false);
    expect(channel.members.has('U0RAJ00002')).toBe(false);

    await h.emulator
      .user('dana')
      .click(boardOf(channel) as NonNullable<ReturnType<typeof boardOf>>, 'oncall.seat_ops.U0RAJ00002');
    const seated = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'RoleAssigned'));
    expect(seated.data).toMatchObject({ role: 'ops', user: 'U0RAJ00002' });
    await h.emulator.waitFor(() => channel.members.has('U0RAJ00002'), 5000);

    const dana = h.emulator.user('dana');
    const first = await dana.command('page payments-api checkout 5xx at 40%', { channel: channel.id });
    expect(first.ackText).toContain("Paging payments-api's on-call");
    await pd.waitFor(() => triggers().length === 1, 10_000);
    const again = await dana.command('page checkout', { channel: channel.id });
    expect(again.ackText).toContain('already paged');
    await h.emulator.waitFor(() => channel.messages.some((m) => m.text.includes('paged *payments-api*')), 10_000);
    expect(triggers()).toHaveLength(1);
    const trigger = triggers()[0]?.body as {
      dedup_key: string;
      routing_key: string;
      payload: { summary: string; severity: string };
    };
    expect(trigger.dedup_key).toBe(`warroom/${h.prefix}/${id}/payments-api`);
    expect(trigger.payload.summary).toBe(`${id} SEV2: Checkout payments failing (checkout 5xx at 40%)`);
    expect(trigger.payload.severity).toBe('error');
    expect(pd.incidents).toHaveLength(1);

    // Raj acknowledges in PagerDuty; the signed webhook lands on the timeline, and redelivered, still once.
    const pdIncident = pd.incidents[0]?.id as string;
    pd.acknowledge(pdIncident, 'PRAJ001');
    const acked = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'PageAcknowledged'));
    expect(acked.data).toMatchObject({ pagerdutyIncidentId: pdIncident, by: { name: 'Raj Patel' } });
    await h.emulator.waitFor(
      () => channel.messages.some((m) => m.text.includes('*Raj Patel* acknowledged the page')),
      5000,
    );
    const delivery = pd.deliveries.find((d) => d.eventType === 'incident.acknowledged');
    await pd.redeliver(delivery?.webhookId as string);
    await pd.idle();
    expect((await logOf(h, id)).filter((e) => e.type === 'PageAcknowledged')).toHaveLength(1);
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('acknowledged by Raj Patel'), 5000);

    // Resolving the warroom incident resolves the page in PagerDuty.
    await dana.command('resolve', { channel: channel.id });
    await h.emulator.waitFor(() => dana.openView());
    await dana.submit({ resolution: 'Rolled back 2026.11.28-3; error rate back to baseline' });
    await pd.waitFor(() => pd.events.some((e) => e.action === 'resolve' && e.dedupKey === trigger.dedup_key), 10_000);
    await pd.waitFor(() => pd.incident(pdIncident).status === 'resolved', 5000);
    await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'PageResolved'));
    await pd.idle();
    expect((await logOf(h, id)).filter((e) => e.type === 'PageResolved')).toHaveLength(1);

    const exported = await exportIncident(h.app.services.store, h.app.services.templates, id, 'md', {
      timeZone: 'UTC',
      now: Date.now(),
      people: { U0DANA0001: 'dana' },
    });
    const markdown = exported?.content ?? '';
    expect(markdown).toContain('paged the on-call for payments-api through PagerDuty: checkout 5xx at 40%');
    expect(markdown).toContain('Raj Patel acknowledged the page');
  });

  it('should refuse a webhook with a bad signature with 401 and store nothing', async () => {
    const { id } = await declare('Payments refunds stuck');
    const before = await logOf(h, id);
    const body = JSON.stringify({
      event: {
        id: '01ABCDEF',
        event_type: 'incident.acknowledged',
        resource_type: 'incident',
        occurred_at: new Date().toISOString(),
        agent: { id: 'PRAJ001', type: 'user_reference', summary: 'Raj Patel' },
        data: {
          id: 'PFORGED',
          type: 'incident',
          title: 'forged',
          status: 'acknowledged',
          service: { id: 'PSVCPAY', type: 'service_reference' },
          incident_key: `warroom/${h.prefix}/${id}/payments-api`,
        },
      },
    });
    const signed = (secret: string) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
    for (const signature of [signed('not-the-secret-0123456789'), undefined]) {
      const answer = await fetch(hookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(signature ? { 'x-pagerduty-signature': signature } : {}) },
        body,
      });
      expect(answer.status).toBe(401);
      expect(await answer.json()).toMatchObject({ error: expect.stringContaining('PAGERDUTY_WEBHOOK_SECRET') });
    }
    expect(await logOf(h, id)).toEqual(before);
  });

  it('should explain what cannot be paged, and invite someone without a role', async () => {
    const { id, channel } = await declare('Search is slow');
    const dana = h.emulator.user('dana');
    expect((await dana.command('page search', { channel: channel.id })).ackText).toContain('search has no `pagerduty`');
    expect((await dana.command('page nosuch', { channel: channel.id })).ackText).toContain(
      '`nosuch` is not a service in services.yaml. Services with PagerDuty: `payments-api`.',
    );
    expect((await dana.command('page <@U0LEE00003|lee>', { channel: channel.id })).ackText).toContain(
      '/incident invite <@U0LEE00003|lee>',
    );
    channel.members.delete('U0LEE00003');
    const invited = await dana.command('invite <@U0LEE00003|lee> knows the search cluster', { channel: channel.id });
    expect(invited.ackText).toContain('Inviting <@U0LEE00003>');
    await h.emulator.waitFor(() => channel.members.has('U0LEE00003'), 5000);
    const log = await logOf(h, id);
    expect(log.find((e) => e.type === 'PersonInvited')?.data).toEqual({
      user: 'U0LEE00003',
      reason: 'knows the search cluster',
    });
    expect(log.some((e) => e.type === 'RoleAssigned')).toBe(false);
    expect(log.some((e) => e.type === 'PageRequested')).toBe(false);
  });
});
