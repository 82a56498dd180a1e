/**
 * The key metric when Prometheus misbehaves, through the Prometheus emulator (faults on demand) and
 * the Slack emulator: down, slow, 5xx, a query it refuses, a query that matches nothing. Each time the
 * board says what is wrong and since when, nothing is recorded, nobody is posted to; when Prometheus
 * answers again the board shows the value again. One poller per incident across two worker processes,
 * started again by the sweeper when its chain is lost, stopped on resolve.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { freePort } from '../../src/redis/throwaway.js';
import { type Running, startWarroom } from '../../src/runtime.js';
import { PrometheusEmulator } from '../../src/sandbox/prometheus/emulator.js';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

const QUERY =
  'sum(rate(http_errors_total{service="search"}[5m])) / sum(rate(http_requests_total{service="search"}[5m]))';
const SERVICES_YAML = `services:
  search:
    aliases: [search-api]
    metric:
      query: '${QUERY}'
      healthy: "< 0.05"
      label: search error rate
      unit: "%"
  payments-api:
    metric:
      query: 'sum(rate(http_errors_total{service="payments"}[5m])'
      healthy: "< 0.01"
  storefront:
    metric:
      query: latency_p99_ms{service="storefront"}
      healthy: "<= 250"
      unit: ms
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the key metric when Prometheus misbehaves', () => {
  let prom: PrometheusEmulator;
  let h: Harness;
  let id: string;
  let channel: EmulatedChannel;
  const rangeCalls = () => prom.calls.filter((c) => c.endpoint === 'query_range' && c.params.query === QUERY);
  const boardText = () => textOf(boardOf(channel));

  async function declare(title: string): Promise<{ id: string; channel: EmulatedChannel }> {
    const answer = await h.emulator.user('dana').command(`declare sev2 ${title}`);
    const incident = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    return { id: incident, channel: await channelOf(h, incident) };
  }

  /** What responders see besides the board: the log and the channel's messages. */
  async function elsewhere(incident: string, where: EmulatedChannel) {
    return { events: (await logOf(h, incident)).length, posts: where.messages.length };
  }

  beforeAll(async () => {
    prom = await PrometheusEmulator.start();
    prom.series(QUERY, () => 0.12);
    prom.badQuery('sum(rate(http_errors_total{service="payments"}[5m])');
    h = await startHarness({
      env: { PROMETHEUS_URL: prom.baseUrl, METRIC_POLL_INTERVAL: '1s' },
      templates: { 'services.yaml': SERVICES_YAML },
    });
    ({ id, channel } = await declare('Search is failing'));
    await h.emulator.waitFor(() => boardText().includes('*Search error rate* 12% now'));
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await prom?.stop();
  });

  it('should say since when the metric is unavailable while Prometheus is down, then show it again, changing nothing else', async () => {
    const before = await elsewhere(id, channel);
    await prom.setDown(true);
    const down = await h.emulator.waitFor(() => boardText().includes('metric unavailable since') && boardText());
    expect(down).toMatch(
      /\*Search error rate\* metric unavailable since \d\d:\d\d \(No answer from Prometheus at 127\.0\.0\.1:\d+/,
    );
    await sleep(3000);
    expect(await elsewhere(id, channel)).toEqual(before);
    prom.series(QUERY, () => 0.02);
    await prom.setDown(false);
    await h.emulator.waitFor(() => boardText().includes('*Search error rate* 2% now'));
    expect(boardText()).not.toContain('unavailable');
    expect(await elsewhere(id, channel)).toEqual(before);
  }, 20_000);

  it('should treat an answer slower than the poll, and a 5xx, the same way', async () => {
    const before = await elsewhere(id, channel);
    prom.injectFault({ kind: 'slow', delayMs: 2500, endpoint: 'query_range' });
    await h.emulator.waitFor(() => boardText().includes('did not answer within 1000 ms'), 10_000);
    prom.clearFaults();
    await h.emulator.waitFor(() => boardText().includes('*Search error rate* 2% now'), 10_000);
    prom.injectFault({ kind: 'server-error', status: 503, endpoint: 'query_range' });
    await h.emulator.waitFor(() => boardText().includes('Prometheus answered 503'), 10_000);
    prom.clearFaults();
    await h.emulator.waitFor(() => boardText().includes('*Search error rate* 2% now'), 10_000);
    expect(await elsewhere(id, channel)).toEqual(before);
  }, 40_000);

  it('should show a query Prometheus refuses, with its error, so the catalog can be fixed', async () => {
    const payments = await declare('payments-api errors');
    const board = await h.emulator.waitFor(() => {
      const text = textOf(boardOf(payments.channel));
      return text.includes('metric unavailable since') && text;
    });
    expect(board).toContain('Prometheus answered 400: bad_data: invalid parameter');
    const before = await elsewhere(payments.id, payments.channel);
    await sleep(2500);
    expect(await elsewhere(payments.id, payments.channel)).toEqual(before);
  });

  it('should say when the query matches no series now', async () => {
    const store = await declare('Storefront slow');
    await h.emulator
      .waitFor(() => textOf(boardOf(store.channel)).includes('no value: the query matches no series now'))
      .catch((error) => {
        throw new Error(`${error}\n${textOf(boardOf(store.channel))}`);
      });
    prom.series('latency_p99_ms{service="storefront"}', () => 180);
    const board = await h.emulator.waitFor(() => {
      const text = textOf(boardOf(store.channel));
      return text.includes('*Storefront key metric* 180 ms now') && text;
    });
    expect(board).toContain('healthy ≤ 250 ms · :large_green_circle: healthy');
  });

  it('should poll once per interval with two worker processes, and start again when its chain is lost', async () => {
    const config = loadConfig({ ...h.env, PORT: String(await freePort()) }, 'worker');
    let second: Running | undefined;
    try {
      second = await startWarroom(config, 'worker', createLogger('silent'));
      await sleep(1200);
      const from = rangeCalls().length;
      await sleep(6000);
      const polls = rangeCalls().length - from;
      // One a second, whichever of the two processes takes it; never one each.
      expect(polls).toBeGreaterThanOrEqual(4);
      expect(polls).toBeLessThanOrEqual(8);
    } finally {
      await second?.stop();
    }
    const queue = h.app.services.effects.queue;
    for (const job of await queue.getDelayed()) if (job.name === 'metric-poll') await job.remove();
    const lost = rangeCalls().length;
    await waitForValue(async () => rangeCalls().length > lost + 1, 15_000);
  }, 40_000);

  it('should stop polling when the incident is resolved', async () => {
    const dana = h.emulator.user('dana');
    await dana.command('resolve', { channel: channel.id });
    await h.emulator.waitFor(() => dana.openView());
    await dana.submit({ resolution: 'Search index rebuilt' });
    await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'IncidentResolved'));
    await sleep(1500);
    const after = rangeCalls().length;
    await sleep(7000);
    expect(rangeCalls().length).toBe(after);
    expect(boardText()).not.toContain('Search error rate');
  }, 20_000);

  it('should follow the service named with /incident service, and refuse one the catalog does not have', async () => {
    const odd = await declare('Something odd');
    const dana = h.emulator.user('dana');
    const wrong = await dana.command('service nope', { channel: odd.channel.id });
    expect(wrong.ackText).toBe(
      '`nope` is not a service in services.yaml. Services in services.yaml: `payments-api`, `search`, `storefront`.',
    );
    const named = await dana.command('service search-api', { channel: odd.channel.id });
    expect(named.ackText).toBe('Service → search. Its key metric (search error rate) goes on the board.');
    await h.emulator.waitFor(() => odd.channel.messages.find((m) => m.text.startsWith('Service → *search*')));
    await h.emulator.waitFor(() => textOf(boardOf(odd.channel)).includes('*Search error rate* 2% now'));
  });
});
