/**
 * The key metric as responders live it, through a real Prometheus (Debian's 2.42, backfilled with the
 * night's series) and the Slack and GitHub emulators: the checkout error rate went over 1% eight minutes
 * before the declare → the board shows the metric against its baseline and warroom offers that impact
 * start → the bad deploy is rolled back with one confirmed click → the metric comes back → recovery is
 * recorded at its first healthy point, not when anyone clicked → [Complete step: Verify recovery] puts
 * the value and the graph on the step and moves to Monitoring → the export's time to mitigate is the
 * recovery → Prometheus goes away and the board says since when, nothing else.
 *
 * Polls here are every second (METRIC_POLL_INTERVAL=1s) with a settle of 4 s, so the story takes
 * seconds: points are one a second around the declare and written ahead of time, since a backfill
 * plays out as real time passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportIncident } from '../../src/export/run.js';
import { GitHubEmulator } from '../../src/sandbox/github/emulator.js';
import { sampled } from '../../src/sandbox/prometheus/points.js';
import { type RealPrometheus, realPrometheusMissing, startRealPrometheus } from '../../src/sandbox/prometheus/real.js';
import type { EmulatedChannel, EmulatedMessage } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

const missing = realPrometheusMissing();
const skip = missing !== undefined && process.env.CI !== 'true';
if (skip) console.warn(`test/metric/key-metric-real.test.ts skipped: ${missing}`);

const GITHUB_TOKEN = 'ghp_metrictesttoken0123456789abcdefgh';
const HOOK_SECRET = 'github-hook-secret-for-metric-tests';

/** Whole seconds: the test's "now", the declare a moment later. */
const T0 = Math.ceil(Date.now() / 1000) + 1;
const BREACH = T0 - 8 * 60;
/** Far enough ahead for the rollback to be confirmed and deployed before it. */
const HEALTHY_AGAIN = T0 + 20;
const ratio = (t: number) => (t < BREACH ? 0.003 : t < HEALTHY_AGAIN ? 0.041 : 0.002);
const SERIES = [
  {
    name: 'checkout_error_ratio',
    labels: { service: 'payments-api' },
    points: [
      ...sampled(ratio, { from: T0 - 3 * 3600, to: T0 - 601, everySeconds: 15 }),
      ...sampled(ratio, { from: T0 - 600, to: T0 + 600, everySeconds: 1 }),
    ],
  },
];

const SERVICES_YAML = `services:
  payments-api:
    aliases: [payments, checkout]
    github: { repo: acme/payments-api, environment: production }
    rollback:
      github_workflow: { workflow: rollback.yml, ref: main, inputs: { version: "{{target}}" } }
    metric:
      query: max(checkout_error_ratio{service="payments-api"})
      healthy: "< 0.01"
      label: checkout error rate
      unit: "%"
      settle: 4s
      graph: https://grafana.example.com/d/checkout?from={{from}}&to={{to}}
`;

function phase(channel: EmulatedChannel, title: string): EmulatedMessage | undefined {
  return channel.messages.filter((m) => textOf(m).startsWith(`*${title}`)).at(-1);
}

describe.skipIf(skip)('the key metric through a real Prometheus', () => {
  let prometheus: RealPrometheus;
  let github: GitHubEmulator;
  let h: Harness;
  let id: string;
  let channel: EmulatedChannel;

  beforeAll(async () => {
    prometheus = await startRealPrometheus({ series: SERIES });
    github = await GitHubEmulator.start({
      webhookSecret: HOOK_SECRET,
      token: GITHUB_TOKEN,
      repos: [
        {
          fullName: 'acme/payments-api',
          workflows: [
            {
              file: 'rollback.yml',
              name: 'Roll back',
              inputs: [{ name: 'version', required: true }],
              onDispatch: { deploys: { environment: 'production', versionInput: 'version' }, queuedMs: 20, runMs: 50 },
            },
          ],
        },
      ],
    });
    h = await startHarness({
      env: {
        GITHUB_API_URL: github.apiUrl,
        GITHUB_TOKEN,
        GITHUB_WEBHOOK_SECRET: HOOK_SECRET,
        PROMETHEUS_URL: prometheus.url,
        METRIC_POLL_INTERVAL: '1s',
      },
      templates: { 'services.yaml': SERVICES_YAML },
    });
    github.connectWebhook(`http://127.0.0.1:${h.app.port}/hooks/github`);
    for (const [version, sha] of [
      ['2026.11.28-2', '9c1b2a3d4e5f60718293a4b5c6d7e8f901234567'],
      ['2026.11.28-3', '4f2a1c9d8e7f60718293a4b5c6d7e8f901234567'],
    ] as const) {
      await github.deploy({
        repo: 'acme/payments-api',
        environment: 'production',
        sha,
        ref: 'main',
        version,
        creator: 'dana',
        state: 'success',
      });
    }
    while (Date.now() < T0 * 1000) await new Promise((resolve) => setTimeout(resolve, 20));
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
    await github?.stop();
    await prometheus?.stop();
  });

  it('should show the metric on the board against its baseline, unhealthy, with a sparkline and the graph', async () => {
    const answer = await h.emulator.user('dana').command('declare sev1 Checkout payments failing');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    const board = await h.emulator.waitFor(() => {
      const text = textOf(boardOf(channel));
      return text.includes('*Checkout error rate* 4.1% now') && text.includes('baseline 0.3%') && text;
    });
    expect(board).toContain('healthy < 1% · :red_circle: not healthy');
    expect(board).toMatch(/`[▁▂▃▄▅▆▇█]{20,}` last 30 min/);
    expect(board).toContain('<https://grafana.example.com/d/checkout?from=');
    const baseline = (await logOf(h, id)).find((e) => e.type === 'MetricBaselineRecorded');
    expect(baseline).toMatchObject({ data: { service: 'payments-api', value: 0.003, unit: '%' } });
  });

  it('should offer the impact start the metric shows, eight minutes before the declare, and record it with its evidence', async () => {
    const offer = await h.emulator.waitFor(() => channel.messages.find((m) => m.text.startsWith('Impact began')));
    expect(textOf(offer)).toContain('8 min before the declare');
    const button = JSON.stringify(offer.blocks);
    expect(button).toContain('metric.impact_start');
    expect((await logOf(h, id)).some((e) => e.type === 'ImpactStarted')).toBe(false);
    const value = (offer.blocks as { elements?: { value?: string }[] }[]).at(-1)?.elements?.[0]?.value as string;
    const raj = h.emulator.user('raj');
    await raj.click(offer, 'metric.impact_start', { value });
    const started = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'ImpactStarted'));
    expect(started).toMatchObject({ actor: raj.id, data: { startedAt: BREACH * 1000 } });
    expect((started.data as { evidence: string }).evidence).toMatch(
      /^checkout error rate unhealthy from \d\d:\d\d at 4\.1% \(healthy < 1%\)$/,
    );
    // The board's clock counts from the impact start now, as the postmortem does.
    const board = await h.emulator.waitFor(
      () => textOf(boardOf(channel)).includes('*Impact since*') && textOf(boardOf(channel)),
    );
    expect(board).toMatch(/\*Impact since\*\n\d\d:\d\d · 8 min \(declared \d\d:\d\d\)/);
  });

  it('should record recovery at the first healthy second after the rollback deployed, and offer to verify it', async () => {
    const card = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.text.startsWith('Changes before the impact')),
    );
    const block = (card.blocks ?? []).find((b) => textOf({ text: '', blocks: [b] }).includes('2026.11.28-3')) as {
      accessory: { value: string };
    };
    const dana = h.emulator.user('dana');
    await dana.click(card, 'changes.suspect', { value: block.accessory.value });
    const rollback = await h.emulator.waitFor(() => {
      const message = phase(channel, 'ROLL BACK');
      return message && textOf(message).includes('Roll back payments-api to 2026.11.28-2') && message;
    });
    const suspect = (await logOf(h, id)).find((e) => e.type === 'SuspectNamed')?.data as {
      deploy: { deployId: string };
    };
    await dana.click(rollback, 'rollback.start', { value: suspect.deploy.deployId });
    await h.emulator.waitFor(() => dana.openView());
    expect((await dana.submit({})).errors).toBeUndefined();
    const deployed = await waitForValue(
      async () => (await logOf(h, id)).find((e) => e.type === 'RollbackDeployed'),
      15_000,
    );
    expect(deployed.at as number).toBeLessThan(HEALTHY_AGAIN * 1000);
    const recovery = await waitForValue(
      async () => (await logOf(h, id)).find((e) => e.type === 'RecoveryObserved'),
      40_000,
    );
    expect(recovery).toMatchObject({
      actor: 'warroom',
      at: HEALTHY_AGAIN * 1000,
      data: { service: 'payments-api', label: 'checkout error rate', value: 0.002, baseline: 0.003 },
    });
    const offer = await h.emulator.waitFor(() => channel.messages.find((m) => m.text.startsWith('Recovery observed')));
    expect(textOf(offer)).toContain('healthy since');
    expect(textOf(offer)).toContain('for 4 s (0.2%, baseline 0.3%)');
    expect(JSON.stringify(offer.blocks)).toMatch(/Complete step \d+: Verify recovery on the key metric/);
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes(':large_green_circle: healthy'));
  }, 60_000);

  it('should complete the verify step with the value and the graph as evidence, move to Monitoring, and count time to mitigate to the recovery', async () => {
    const offer = channel.messages.find((m) => m.text.startsWith('Recovery observed')) as EmulatedMessage;
    await h.emulator.user('dana').click(offer, 'metric.verify_recovery', { value: 'verify-recovery' });
    const done = await waitForValue(async () =>
      (await logOf(h, id)).find(
        (e) => e.type === 'StepCompleted' && (e.data as { step: string }).step === 'verify-recovery',
      ),
    );
    const evidence = (done.data as { inputs: { evidence: string } }).inputs.evidence;
    expect(evidence).toMatch(
      /^checkout error rate healthy from \d\d:\d\d \(0\.2%, baseline 0\.3%\) https:\/\/grafana\.example\.com\/d\/checkout\?from=\d+&to=\d+$/,
    );
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('SEV1 · Monitoring'));
    const exported = await exportIncident(h.app.services.store, h.app.services.templates, id, 'json', {
      timeZone: 'UTC',
      now: Date.now(),
    });
    const json = JSON.parse(exported?.content ?? '{}') as {
      metrics: { durations: { mitigate: { ms: number; definition: string } } };
    };
    expect(json.metrics.durations.mitigate.ms).toBe((HEALTHY_AGAIN - BREACH) * 1000);
    expect(json.metrics.durations.mitigate.definition).toContain('by the key metric checkout error rate');
  });

  it('should say since when the metric is unavailable when Prometheus goes away, and change nothing else', async () => {
    const before = (await logOf(h, id)).length;
    const posts = channel.messages.length;
    await prometheus.stop();
    const board = await h.emulator.waitFor(() => {
      const text = textOf(boardOf(channel));
      return text.includes('metric unavailable since') && text;
    }, 10_000);
    expect(board).toContain('*Checkout error rate* metric unavailable since');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await logOf(h, id)).length).toBe(before);
    expect(channel.messages.length).toBe(posts);
  }, 20_000);
});
