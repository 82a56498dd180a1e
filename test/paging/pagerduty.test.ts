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
import { PagerDutyEvents } from '../../src/connectors/pagerduty/events.js';
import { exportIncident } from '../../src/export/run.js';
import { PagerDutyEmulator } from '../../src/sandbox/pagerduty/emulator.js';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { keysFor } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

const TOKEN = 'pd-account-key-0123456789abcdef';
const SECRET = 'pd-webhook-secret-0123456789abcdef';
const ROUTING_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
/** The ledger's alerts (Prometheus' Alertmanager sends them): PagerDuty opens high-urgency incidents. */
const LEDGER_KEY = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const LEDGER_LOW_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

const SERVICES = `services:
  payments-api:
    aliases: [payments, checkout]
    pagerduty: { service: PSVCPAY, escalation_policy: PEPPAY1, routing_key: ${ROUTING_KEY} }
  ledger:
    pagerduty: { service: PSVCLED, escalation_policy: PEPPAY1, routing_key: ${LEDGER_KEY}, auto_declare: sev2 }
  ledger-batch:
    pagerduty: { service: PSVCLLO, escalation_policy: PEPPAY1, routing_key: ${LEDGER_LOW_KEY}, auto_declare: sev3 }
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
      services: [
        { id: 'PSVCPAY', name: 'Payments API', escalationPolicy: 'PEPPAY1' },
        { id: 'PSVCLED', name: 'Ledger', escalationPolicy: 'PEPPAY1' },
        { id: 'PSVCLLO', name: 'Ledger batch', escalationPolicy: 'PEPPAY1', urgency: 'low' },
      ],
      routingKeys: { [ROUTING_KEY]: 'PSVCPAY', [LEDGER_KEY]: 'PSVCLED', [LEDGER_LOW_KEY]: 'PSVCLLO' },
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
    const log = await logOf(h, id);
    expect(log.filter((e) => String(e.key).startsWith('pd:') || String(e.type).startsWith('Page'))).toEqual([]);
  });

  it('should explain what cannot be paged, and invite someone without a role', async () => {
    const { id, channel } = await declare('Search is slow');
    const dana = h.emulator.user('dana');
    expect((await dana.command('page search', { channel: channel.id })).ackText).toContain('search has no `pagerduty`');
    expect((await dana.command('page nosuch', { channel: channel.id })).ackText).toContain(
      '`nosuch` is not a service in services.yaml. Services with PagerDuty: `ledger`, `ledger-batch`, `payments-api`.',
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

  it('should declare one incident from a high-urgency alert, delivered twice, and give command to the assignee only when he accepts', async () => {
    const alerts = new PagerDutyEvents({ eventsUrl: pd.eventsUrl });
    const declaredBefore = await h.redis.hgetall(keysFor(h.prefix).declareKeys);
    await alerts.trigger({
      routingKey: LEDGER_KEY,
      dedupKey: 'alertmanager/LedgerLag',
      summary: 'Ledger replication lag over 5 min',
      source: 'prometheus',
      severity: 'critical',
    });
    const pdIncident = await pd.waitFor(
      () => pd.incidents.find((i) => i.title === 'Ledger replication lag over 5 min'),
      5000,
    );
    const triggered = await pd.waitFor(
      () =>
        pd.deliveries.find(
          (d) => d.eventType === 'incident.triggered' && d.incidentId === pdIncident.id && d.result === 'delivered',
        ),
      10_000,
    );
    const id = await waitForValue(async () => {
      const keys = await h.redis.hgetall(keysFor(h.prefix).declareKeys);
      return keys[`pd-declare:${pdIncident.id}`];
    });
    expect(Object.keys(declaredBefore)).not.toContain(`pd-declare:${pdIncident.id}`);
    const channel = await channelOf(h, id);
    const declared = (await logOf(h, id))[0];
    expect(declared).toMatchObject({
      type: 'IncidentDeclared',
      actor: 'warroom',
      data: {
        severity: 'sev2',
        service: 'ledger',
        title: 'Ledger replication lag over 5 min',
        pagerduty: { incidentId: pdIncident.id, assignee: { id: 'PRAJ001' } },
      },
    });
    // Redelivered (PagerDuty's at-least-once), still one incident.
    await pd.redeliver(triggered.webhookId);
    await pd.idle();
    const keys = await h.redis.hgetall(keysFor(h.prefix).declareKeys);
    expect(Object.keys(keys).filter((k) => k.startsWith('pd-declare:'))).toHaveLength(1);
    expect((await logOf(h, id)).filter((e) => e.type === 'IncidentDeclared')).toHaveLength(1);
    // Raj, the assignee, is brought in and offered command; nobody holds it until he accepts.
    const offer = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'HandoffOffered'));
    expect(offer.data).toMatchObject({ role: 'commander', to: 'U0RAJ00002' });
    await h.emulator.waitFor(() => channel.members.has('U0RAJ00002'), 5000);
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('_nobody yet_'), 5000);
    const offerPost = await h.emulator.waitFor(
      () => channel.messages.find((m) => JSON.stringify(m.blocks ?? []).includes('handoff.accept')),
      5000,
    );
    await h.emulator.user('raj').click(offerPost, 'handoff.accept');
    const accepted = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'HandoffAccepted'));
    expect(accepted.data).toMatchObject({ role: 'commander', to: 'U0RAJ00002' });
    expect(accepted.data).not.toHaveProperty('from');
    await h.emulator.waitFor(
      () => textOf(boardOf(channel)).includes('<@U0RAJ00002>') && !textOf(boardOf(channel)).includes('_nobody yet_'),
      5000,
    );

    // PagerDuty resolved first: noted, and the warroom incident stays open.
    pd.resolve(pdIncident.id, 'PRAJ001');
    const note = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'NoteAdded'));
    expect((note.data as { text: string }).text).toContain('PagerDuty resolved its incident by Raj Patel');
    expect((await logOf(h, id)).some((e) => e.type === 'IncidentResolved')).toBe(false);

    // A low-urgency alert declares nothing.
    await alerts.trigger({
      routingKey: LEDGER_LOW_KEY,
      dedupKey: 'alertmanager/BatchSlow',
      summary: 'Ledger batch slow',
      source: 'prometheus',
      severity: 'warning',
    });
    const batch = await pd.waitFor(() => pd.incidents.find((i) => i.title === 'Ledger batch slow'), 5000);
    await pd.waitFor(() => pd.deliveries.some((d) => d.incidentId === batch.id && d.result === 'delivered'), 10_000);
    const after = await h.redis.hgetall(keysFor(h.prefix).declareKeys);
    expect(Object.keys(after).filter((k) => k.startsWith('pd-declare:'))).toHaveLength(1);
  });
});
