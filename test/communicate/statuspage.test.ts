/**
 * The status page, as comms lives it, through the Slack and Statuspage emulators: the form for an
 * incident of a service with a component → publish → one Statuspage incident, investigating, the
 * component at the chosen impact → a status change and a second publish → one PATCH of the same
 * incident → resolve and the all-clear → resolved, the component operational. A 429 on the create is
 * retried and still one incident; a 422 is explained to comms; nothing is published without a click.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportIncident } from '../../src/export/run.js';
import { StatuspageEmulator } from '../../src/sandbox/statuspage/emulator.js';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

const API_KEY = 'statuspage-key-for-tests-0123456789';
const PAGE = 'wrrm0page0001';
const CHECKOUT = 'chk0ut000001';
const SEARCH = 'srch00000001';

const SERVICES = `services:
  payments-api:
    aliases: [payments, checkout]
    statuspage: { component: ${CHECKOUT} }
  search:
    statuspage: { component: ${SEARCH} }
  ghost:
    statuspage: { component: gh0st0000001 }
`;

describe('publishing to the status page', () => {
  let h: Harness;
  let page: StatuspageEmulator;
  const creates = () => page.calls.filter((c) => c.operation === 'postPagesPageIdIncidents' && c.status < 300);
  const patches = () =>
    page.calls.filter((c) => c.operation === 'patchPagesPageIdIncidentsIncidentId' && c.status < 300);

  async function declare(title: string): Promise<{ id: string; channel: EmulatedChannel }> {
    const answer = await h.emulator.user('dana').command(`declare sev1 ${title}`);
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    return { id, channel: await channelOf(h, id) };
  }

  async function publish(channel: EmulatedChannel, values: Record<string, string | string[]> = {}) {
    const dana = h.emulator.user('dana');
    await dana.command('statuspage', { channel: channel.id });
    const view = await h.emulator.waitFor(() => dana.openView());
    return { view, result: await dana.submit(values) };
  }

  beforeAll(async () => {
    page = await StatuspageEmulator.start({
      apiKey: API_KEY,
      pageId: PAGE,
      components: [
        { id: CHECKOUT, name: 'Checkout' },
        { id: SEARCH, name: 'Search' },
      ],
    });
    h = await startHarness({
      env: { STATUSPAGE_API_KEY: API_KEY, STATUSPAGE_PAGE_ID: PAGE, STATUSPAGE_API_URL: `${page.apiUrl}/` },
      templates: { 'services.yaml': SERVICES },
    });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await page?.stop();
  });

  it('should open one Statuspage incident, investigating, with the service’s component at the chosen impact', async () => {
    const { id, channel } = await declare('Checkout payments failing');
    expect(creates()).toHaveLength(0);
    const { view, result } = await publish(channel, { [`sp.component.${SEARCH}`]: 'degraded_performance' });
    const shown = JSON.stringify(view.view.blocks);
    expect(shown).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"Investigating"},"value":"investigating"}',
    );
    expect(shown).toContain('"value":"major_outage"');
    expect(result.errors).toBeUndefined();
    const published = await waitForValue(async () =>
      (await logOf(h, id)).find((e) => e.type === 'StatusPagePublished'),
    );
    expect(creates()).toHaveLength(1);
    const incident = page.incidents[0];
    expect(incident).toMatchObject({ status: 'investigating', name: 'Checkout payments failing' });
    expect(incident?.metadata).toMatchObject({ warroom: { incident: id } });
    expect(page.component(CHECKOUT).status).toBe('major_outage');
    expect(page.component(SEARCH).status).toBe('degraded_performance');
    expect(published).toMatchObject({ data: { statuspageIncidentId: incident?.id, status: 'investigating' } });
    await h.emulator.waitFor(() => channel.messages.find((m) => m.text.includes('Published on the status page')));
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('*Status page* Investigating'));
    const step = (await logOf(h, id)).find(
      (e) => e.type === 'StepCompleted' && (e.data as { step: string }).step === 'first-status-page',
    );
    expect(step).toMatchObject({ actor: 'warroom' });
    const exported = await exportIncident(h.app.services.store, h.app.services.templates, id, 'json', {
      timeZone: 'UTC',
      now: Date.now(),
    });
    const json = JSON.parse(exported?.content ?? '{}') as { metrics: Record<string, unknown> };
    const declared = (await logOf(h, id))[0]?.at as number;
    expect(json.metrics).toMatchObject({
      timeToFirstExternalMs: (published.at as number) - declared,
      firstExternalFrom: 'status-page',
    });
  });

  it('should open the publish form from the status-page step’s Draft when a status page is set up', async () => {
    const { channel } = await declare('Checkout draft path');
    const dana = h.emulator.user('dana');
    const step = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.botId && textOf(m).startsWith('*COMMUNICATE')),
    );
    await dana.click(step, 'step.draft', { value: 'first-status-page' });
    const view = await h.emulator.waitFor(() => dana.openView());
    expect(view.view.callback_id).toBe('statuspage.publish');
    dana.cancel();
  });

  it('should add an update to the same Statuspage incident after a status change, preselected', async () => {
    const id = page.incidents[0]?.metadata.warroom?.incident as string;
    const channel = await channelOf(h, id);
    await h.emulator.user('dana').command('status identified', { channel: channel.id });
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('SEV1 · Identified'));
    const { view } = await publish(channel, { 'statuspage.body': 'We have found the cause and are rolling it back.' });
    expect(JSON.stringify(view.view.blocks)).toContain('"value":"identified"');
    expect(JSON.stringify(view.view.blocks)).not.toContain('statuspage.name');
    await waitForValue(async () => (await logOf(h, id)).filter((e) => e.type === 'StatusPagePublished').length === 2);
    expect(creates()).toHaveLength(1);
    expect(patches()).toHaveLength(1);
    expect(page.incidents).toHaveLength(1);
    expect(page.incidents[0]?.status).toBe('identified');
    expect(page.incidents[0]?.updates.map((u) => u.body).at(-1)).toBe(
      'We have found the cause and are rolling it back.',
    );
  });

  it('should resolve it with the all-clear and set its components back to operational', async () => {
    const id = page.incidents[0]?.metadata.warroom?.incident as string;
    const channel = await channelOf(h, id);
    const dana = h.emulator.user('dana');
    await dana.command('resolve', { channel: channel.id });
    await h.emulator.waitFor(() => dana.openView());
    await dana.submit({ resolution: 'Rolled back' });
    await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'IncidentResolved'));
    const { view } = await publish(channel, { 'statuspage.body': 'This incident has been resolved.' });
    expect(JSON.stringify(view.view.blocks)).toContain('"value":"resolved"');
    await waitForValue(async () => page.incidents[0]?.status === 'resolved');
    expect(page.component(CHECKOUT).status).toBe('operational');
    expect(page.component(SEARCH).status).toBe('operational');
    expect(page.incidents).toHaveLength(1);
  });

  it('should retry a 429 on the create and still open one incident', async () => {
    const { id, channel } = await declare('Search down');
    page.injectFault({ operation: 'postPagesPageIdIncidents', kind: 'rate-limited', retryAfter: 1, times: 1 });
    await publish(channel, { [`sp.component.${CHECKOUT}`]: 'none' });
    await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'StatusPagePublished'), 15_000);
    const mine = page.incidents.filter((i) => i.metadata.warroom?.incident === id);
    expect(mine).toHaveLength(1);
    expect(page.calls.filter((c) => c.operation === 'postPagesPageIdIncidents' && c.status === 429)).toHaveLength(1);
  });

  it('should tell comms what Statuspage said when it refuses (422), and publish nothing', async () => {
    const { id, channel } = await declare('Ghost component broken');
    const before = page.incidents.length;
    await publish(channel, { 'sp.component.gh0st0000001': 'partial_outage' });
    const failed = await waitForValue(async () =>
      (await logOf(h, id)).find((e) => e.type === 'StatusPagePublishFailed'),
    );
    expect(failed).toMatchObject({ data: { error: expect.stringContaining('422') } });
    const told = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.text.includes('did not take the update')),
    );
    expect(told.text).toContain('<@U0DANA0001>');
    expect(page.incidents).toHaveLength(before);
  });

  it('should let only comms or the commander publish', async () => {
    const { channel } = await declare('Another checkout outage');
    channel.members.add('U0RAJ00002');
    const answer = await h.emulator.user('raj').command('statuspage', { channel: channel.id });
    expect(answer.ackText).toContain('Only comms or the commander');
    expect(h.emulator.user('raj').openView()).toBeUndefined();
  });
});
