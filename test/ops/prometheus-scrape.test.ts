/**
 * A real Prometheus (Debian's) scrapes a warroom started as users run it, every second and with the
 * bearer token, while responders use it; then every query of docs/grafana-dashboard.json returns
 * series from that Prometheus (so the dashboard works on what warroom really exports), and the alert
 * rules of docs/alerts.yaml load and evaluate there without error.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsOf } from '../../src/ops/metrics.js';
import { realPrometheusMissing } from '../../src/sandbox/prometheus/real.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, waitForValue } from '../support/incident.js';
import { dashboardExprs } from './dashboard.js';
import { type ScrapingPrometheus, startScrapingPrometheus } from './scraping-prometheus.js';

// Skipped only where the binaries are missing and CI is not set: under CI=true a missing Prometheus
// fails the suite with the message saying how to install it.
const missing = realPrometheusMissing();
const skip = missing !== undefined && process.env.CI !== 'true';
if (skip) console.warn(`test/ops/prometheus-scrape.test.ts skipped: ${missing}`);

const TOKEN = 'prometheus-scrape-token-0123456789abcdef';
const ALERTS = resolve(import.meta.dirname, '../../docs/alerts.yaml');

/** Grafana's variables, as a query over the last minutes of a test would have them. */
const GRAFANA_VARIABLES: Record<string, string> = {
  $__rate_interval: '1m',
  $__interval: '1m',
  $__range: '5m',
  $job: '.+',
};

function withVariables(expr: string): string {
  let out = expr;
  for (const [name, value] of Object.entries(GRAFANA_VARIABLES)) out = out.split(name).join(value);
  return out;
}

describe.skipIf(skip)(`warroom scraped by a real Prometheus${skip ? ` (skipped: ${missing})` : ''}`, () => {
  let h: Harness;
  let prom: ScrapingPrometheus;

  /** What the paced Slack client reports for its calls (it is not wired in yet: the test reports them). */
  const slackActivity = () => {
    const observer = metricsOf(h.app.services).slackObserver;
    observer.slackCall({ method: 'chat.postMessage', ok: true, rateLimited: false, waitedMs: 120 });
    observer.slackCall({ method: 'chat.update', ok: false, error: 'ratelimited', rateLimited: true, waitedMs: 0 });
    observer.slackCall({
      method: 'conversations.create',
      ok: false,
      error: 'name_taken',
      rateLimited: false,
      waitedMs: 0,
    });
    observer.budgetWait('tier2', 800);
    observer.budgetWait('chat.postMessage', 40);
  };

  beforeAll(async () => {
    h = await startHarness({ env: { WARROOM_METRICS_TOKEN: TOKEN } });
    prom = await startScrapingPrometheus({
      target: `127.0.0.1:${h.app.port}`,
      bearerToken: TOKEN,
      ruleFiles: [ALERTS],
    });
    const until = (expr: string) => waitForValue(async () => (await prom.query(expr)).length > 0, 15_000);
    // Prometheus has scraped warroom (with the token: without, up would be 0).
    await until('up{job="warroom"} == 1');
    slackActivity();
    await until('warroom_slack_budget_wait_seconds_count{tier="tier2"} == 1');
    const dana = h.emulator.user('dana');
    const answer = await dana.command('declare sev2 Checkout latency high');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    await h.emulator.waitFor(() => boardOf(channel)?.pinned);
    await dana.command('note p99 of checkout-api doubled at 03:06', { channel: channel.id });
    slackActivity();
    // Scraped after all that, so that every rate has a change to see.
    await until('changes(warroom_slack_budget_wait_seconds_count{tier="tier2"}[1m]) >= 1');
    await until('warroom_acks_total{outcome="recorded"} == 2');
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await h?.stop();
  });

  it('should take the series with the bearer token, labelled with the scrape job', async () => {
    const recorded = await prom.query('warroom_acks_total{job="warroom", outcome="recorded"}');
    expect(recorded.map((r) => Number(r.value[1]))).toEqual([2]);
    const appends = await prom.query('warroom_append_duration_seconds_count{result="appended"}');
    expect(Number(appends[0]?.value[1])).toBeGreaterThanOrEqual(2);
    expect(await prom.query('warroom_redis_up == 1')).toHaveLength(1);
    // The worker's own Slack calls for the declare: one channel created, one board pinned.
    expect(
      await prom.query('warroom_slack_calls_total{method="conversations.create", outcome="ok"} == 1'),
    ).toHaveLength(1);
    expect(await prom.query('warroom_slack_calls_total{method="pins.add", outcome="ok"} >= 1')).toHaveLength(1);
  });

  it('should return at least one series for every query of the Grafana dashboard', async () => {
    const exprs = dashboardExprs().map(({ title, expr }) => ({ title, expr: withVariables(expr) }));
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    for (const { expr } of exprs) expect(expr, 'a Grafana variable the test does not know').not.toContain('$');
    const empty = async () => {
      const results = await Promise.all(exprs.map(async (e) => ({ ...e, series: (await prom.query(e.expr)).length })));
      return results.filter((r) => r.series === 0).map((r) => `${r.title}: ${r.expr}`);
    };
    // Each query is tried until it answers (a scrape a second), then what is still empty is reported.
    const left = await waitForValue(async () => {
      const now = await empty();
      return now.length === 0 ? now : undefined;
    }, 10_000).catch(() => empty());
    expect(left).toEqual([]);
  });

  it('should load the alert rules of docs/alerts.yaml and evaluate each without error', async () => {
    type Rules = {
      groups: { rules: { name: string; health: string; lastError?: string; lastEvaluation: string }[] }[];
    };
    const evaluated = await waitForValue(async () => {
      const data = await prom.api<Rules>('/api/v1/rules');
      const all = data.groups.flatMap((g) => g.rules);
      return all.length > 0 && all.every((r) => !r.lastEvaluation.startsWith('0001')) ? all : undefined;
    });
    const names = [...readFileSync(ALERTS, 'utf8').matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
    expect(evaluated.map((r) => r.name).sort()).toEqual([...names].sort());
    expect(evaluated.filter((r) => r.health !== 'ok')).toEqual([]);
    // Every series the rules read is one warroom exports (a misspelt name would simply never fire).
    const exported = new Set(
      (await prom.query('count by (__name__) ({__name__=~"warroom_.+"})')).map((r) => r.metric.__name__),
    );
    const read = new Set(readFileSync(ALERTS, 'utf8').match(/\bwarroom_[a-z_]+\b/g));
    expect([...read].filter((name) => !exported.has(name))).toEqual([]);
  });
});
