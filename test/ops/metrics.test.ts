/**
 * `GET /metrics` on a warroom started as users run it (the harness: real Redis, the Slack emulator),
 * after responders did things: the series are there with the values those things should give, labels
 * never carry an incident, channel or user id, and a scrape answers fast when Redis is away.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WarroomMetrics } from '../../src/ops/metrics.js';
import { NOT_RECORDED, record } from '../../src/slack/record.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, waitForValue } from '../support/incident.js';
import { parseMetrics, type Sample, sampleValue, scrape } from './scrape.js';

async function declare(h: Harness, title: string) {
  const answer = await h.emulator.user('dana').command(`declare sev2 ${title}`);
  const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
  const channel = await channelOf(h, id);
  await h.emulator.waitFor(() => boardOf(channel)?.pinned);
  return { id, channel };
}

/** Scrapes until `check` holds for the samples (the effects jobs finish a little after the ack). */
async function scrapeUntil(h: Harness, check: (samples: Sample[]) => boolean): Promise<Sample[]> {
  return waitForValue(async () => {
    const { samples } = await scrape(h.app.port);
    return check(samples) ? samples : undefined;
  });
}

describe('GET /metrics after responders used warroom', () => {
  let h: Harness;
  let incident: Awaited<ReturnType<typeof declare>>;

  beforeAll(async () => {
    h = await startHarness();
    incident = await declare(h, 'Search results empty');
    const dana = h.emulator.user('dana');
    await dana.command('note rollback candidate: search-api 2026.12.01-3', { channel: incident.channel.id });
    // Already investigating: accepted, nothing to record.
    await dana.command('status investigating', { channel: incident.channel.id });
  }, 30_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('should answer in the text format from its own registry', async () => {
    const answer = await scrape(h.app.port);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(answer.text).toContain('# HELP warroom_acks_total');
    expect(answer.text).toContain('# TYPE warroom_append_duration_seconds histogram');
    expect(sampleValue(answer.samples, 'warroom_info', { role: 'all' })).toBe(1);
    // Node's standard series, under their standard names.
    expect(sampleValue(answer.samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(answer.samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('should count each acknowledged action by what became of it', async () => {
    const { samples } = await scrape(h.app.port);
    // The declare and the note were recorded; the status already held.
    expect(sampleValue(samples, 'warroom_acks_total', { outcome: 'recorded' })).toBe(2);
    expect(sampleValue(samples, 'warroom_acks_total', { outcome: 'unchanged' })).toBe(1);
    for (const outcome of ['duplicate', 'refused', 'busy', 'not_recorded', 'failed']) {
      expect(sampleValue(samples, 'warroom_acks_total', { outcome }), outcome).toBe(0);
    }
  });

  it("should time the log's appends in a histogram", async () => {
    const { samples } = await scrape(h.app.port);
    const count = sampleValue(samples, 'warroom_append_duration_seconds_count', { result: 'appended' }) ?? 0;
    // The two commands, and the effects jobs' own records (channel created, board posted, …).
    expect(count).toBeGreaterThanOrEqual(2);
    const sum = sampleValue(samples, 'warroom_append_duration_seconds_sum', { result: 'appended' }) ?? 0;
    expect(sum).toBeGreaterThan(0);
    expect(sum / count).toBeLessThan(1);
    expect(sampleValue(samples, 'warroom_append_duration_seconds_bucket', { result: 'appended', le: '+Inf' })).toBe(
      count,
    );
  });

  it('should report the effects queue by state and its oldest waiting job, read at scrape time', async () => {
    const samples = await scrapeUntil(
      h,
      (s) => (sampleValue(s, 'warroom_job_completions_total', { job_name: 'drain' }) ?? 0) >= 1,
    );
    for (const state of ['waiting', 'delayed', 'active', 'failed']) {
      expect(sampleValue(samples, 'warroom_queue_jobs', { queue: 'effects', state }), state).toBeGreaterThanOrEqual(0);
    }
    const oldest = sampleValue(samples, 'warroom_queue_oldest_waiting_seconds', { queue: 'effects' });
    expect(oldest).toBeGreaterThanOrEqual(0);
    expect(oldest).toBeLessThan(60);
    expect(sampleValue(samples, 'warroom_job_failures_total', { job_name: 'drain', final: 'true' })).toBe(0);
    expect(sampleValue(samples, 'warroom_redis_up')).toBe(1);
    expect(sampleValue(samples, 'warroom_redis_reconnects_total', { connection: 'commands' })).toBe(0);
  });

  it('should count Slack calls, errors and 429s by method and the budget waits as the paced client reports them', async () => {
    // What the paced Slack client reports for each call it makes, into metrics of their own (the app's
    // count its workers' real calls too; test/ops/prometheus-scrape.test.ts reads those).
    const metrics = new WarroomMetrics({ role: 'all' });
    metrics.observeSlackCall({ method: 'chat.postMessage', ok: true, waitedMs: 250 });
    metrics.observeSlackCall({ method: 'chat.postMessage', ok: false, error: 'ratelimited', rateLimited: true });
    metrics.observeSlackCall({ method: 'conversations.create', ok: false, error: 'name_taken' });
    metrics.observeSlackCall({ method: `chat.postMessage?channel=${incident.channel.id}`, ok: true });
    metrics.observeBudgetWait('tier2', 1500);
    metrics.observeBudgetWait('chat.postMessage', 0);
    const samples = parseMetrics(await metrics.scrape());
    const calls = (method: string, outcome: string) =>
      sampleValue(samples, 'warroom_slack_calls_total', { method, outcome });
    expect(calls('chat.postMessage', 'ok')).toBe(1);
    expect(calls('chat.postMessage', 'rate_limited')).toBe(1);
    expect(calls('chat.postMessage', 'error')).toBe(0);
    expect(calls('conversations.create', 'error')).toBe(1);
    expect(calls('conversations.create', 'rate_limited')).toBe(0);
    expect(calls('other', 'ok')).toBe(1);
    expect(
      sampleValue(samples, 'warroom_slack_errors_total', { method: 'conversations.create', error: 'name_taken' }),
    ).toBe(1);
    expect(sampleValue(samples, 'warroom_slack_call_wait_seconds_total', { method: 'chat.postMessage' })).toBe(0.25);
    expect(sampleValue(samples, 'warroom_slack_budget_wait_seconds_count', { tier: 'tier2' })).toBe(1);
    expect(sampleValue(samples, 'warroom_slack_budget_wait_seconds_sum', { tier: 'tier2' })).toBe(1.5);
    expect(sampleValue(samples, 'warroom_slack_budget_wait_seconds_bucket', { tier: 'tier2', le: '1' })).toBe(0);
    expect(sampleValue(samples, 'warroom_slack_budget_wait_seconds_bucket', { tier: 'tier2', le: '2' })).toBe(1);
  });

  it('should never put an incident, channel or user id in a label', async () => {
    const { text, samples } = await scrape(h.app.port);
    const dana = h.emulator.user('dana').id;
    for (const id of [incident.id, incident.channel.id, dana]) expect(text).not.toContain(id);
    const names = new Set(samples.flatMap((s) => Object.keys(s.labels)));
    const allowed = [
      'outcome',
      'result',
      'le',
      'queue',
      'state',
      'job_name',
      'final',
      'method',
      'error',
      'tier',
      'connection',
    ];
    const standard = ['role', 'quantile', 'type', 'space', 'kind', 'version', 'major', 'minor', 'patch'];
    expect([...names].filter((n) => !allowed.includes(n) && !standard.includes(n))).toEqual([]);
  });
});

describe('GET /metrics while Redis is away', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('should answer within its timeout with warroom_redis_up 0 and leave out the queue it could not read', async () => {
    h = await startHarness();
    const { id, channel } = await declare(h, 'Redis away metrics');
    h.app.services.redis.disconnect();
    (await h.app.services.effects.queue.getBackend().client).disconnect();
    const answer = await h.emulator.user('dana').command('note this one is not kept', { channel: channel.id });
    expect(answer.ackText).toBe(NOT_RECORDED);
    // An action that gets as far as the append while Redis is away (here: straight to record()).
    const outcome = await record(h.app.services, id, { type: 'addNote', text: 'lost' }, { actor: 'U1', at: 1 }, 'k');
    expect(outcome).toEqual({ ok: false, unavailable: true });
    const scraped = await scrape(h.app.port);
    expect(scraped.status).toBe(200);
    expect(scraped.tookMs).toBeLessThan(2500);
    expect(sampleValue(scraped.samples, 'warroom_redis_up')).toBe(0);
    expect(sampleValue(scraped.samples, 'warroom_acks_total', { outcome: 'not_recorded' })).toBe(1);
    expect(sampleValue(scraped.samples, 'warroom_acks_total', { outcome: 'recorded' })).toBe(1);
    // The queue could not be read: its gauges are left out rather than stale.
    expect(scraped.samples.filter((s) => s.name.startsWith('warroom_queue_'))).toEqual([]);
  });
});

describe.each([
  ['web', 'web' as const],
  ['worker', 'worker' as const],
])('GET /metrics on a %s process', (_label, role) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ role });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should be served on its one port, with its role', async () => {
    const { status, samples } = await scrape(h.app.port);
    expect(status).toBe(200);
    expect(sampleValue(samples, 'warroom_info', { role })).toBe(1);
    expect(sampleValue(samples, 'warroom_redis_up')).toBe(1);
    expect(sampleValue(samples, 'warroom_queue_jobs', { queue: 'effects', state: 'waiting' })).toBeGreaterThanOrEqual(
      0,
    );
    const connections = samples
      .filter((s) => s.name === 'warroom_redis_reconnects_total')
      .map((s) => s.labels.connection);
    expect(connections.sort()).toEqual(role === 'worker' ? ['commands', 'queue', 'workers'] : ['commands', 'queue']);
  });
});
