/**
 * docs/alerts.yaml, through the real promtool: the rules are valid, and each fires when (and only when)
 * it should, with `promtool test rules` over series shaped like warroom's.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { PROMTOOL_BIN, realPrometheusMissing } from '../../src/sandbox/prometheus/real.js';

// Skipped only where the binaries are missing and CI is not set (as test/sandbox/prometheus-real.test.ts).
const missing = realPrometheusMissing();
const skip = missing !== undefined && process.env.CI !== 'true';
if (skip) console.warn(`test/ops/alerts.test.ts skipped: ${missing}`);

const ALERTS = resolve(import.meta.dirname, '../../docs/alerts.yaml');
const run = promisify(execFile);

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

async function rules(): Promise<Rule[]> {
  const { readFile } = await import('node:fs/promises');
  const file = parse(await readFile(ALERTS, 'utf8')) as { groups: { rules: Rule[] }[] };
  return file.groups.flatMap((g) => g.rules);
}

/** An annotation as Prometheus renders it for an alert with these labels (and `value`, when given). */
function rendered(template: string, labels: Record<string, string>, value?: string): string {
  return template
    .replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, name: string) => labels[name] ?? '')
    .replace(/\{\{ \$value \| \w+ \}\}/g, () => {
      if (value === undefined) throw new Error(`give the rendered $value for: ${template}`);
      return value;
    });
}

describe.skipIf(skip)(`docs/alerts.yaml${skip ? ` (skipped: ${missing})` : ''}`, () => {
  let dir: string;
  let byName: Map<string, Rule>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warroom-alerts-'));
    byName = new Map((await rules()).map((r) => [r.alert, r]));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('should pass promtool check rules', async () => {
    const { stdout } = await run(PROMTOOL_BIN, ['check', 'rules', ALERTS]);
    expect(stdout).toContain(`SUCCESS: ${byName.size} rules found`);
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining(['WarroomEffectsStuck', 'WarroomRedisUnreachable', 'WarroomSlackRateLimited']),
    );
  });

  it('should fire each alert when it should and not before, under promtool test rules', async () => {
    const alert = (name: string, labels: Record<string, string>, value?: string) => {
      const rule = byName.get(name);
      if (!rule) throw new Error(`no alert ${name} in docs/alerts.yaml`);
      const all = { ...labels, ...rule.labels };
      return {
        exp_labels: all,
        exp_annotations: Object.fromEntries(
          Object.entries(rule.annotations).map(([key, template]) => [key, rendered(template, all, value)]),
        ),
      };
    };
    const expr = (name: string) => byName.get(name)?.expr as string;
    const target = { job: 'warroom', instance: '10.0.0.7:3000' };
    const series = (name: string, labels: Record<string, string>) =>
      `${name}{${Object.entries({ ...target, ...labels })
        .map(([k, v]) => `${k}="${v}"`)
        .join(', ')}}`;
    const unitTests = {
      rule_files: [ALERTS],
      evaluation_interval: '15s',
      tests: [
        {
          // The oldest waiting job ages a second per second from 0: over 60 s at 75 s, firing 2 min later.
          interval: '15s',
          input_series: [
            { series: series('warroom_queue_oldest_waiting_seconds', { queue: 'effects' }), values: '0+15x20' },
          ],
          alert_rule_test: [
            { eval_time: '3m', alertname: 'WarroomEffectsStuck', exp_alerts: [] },
            {
              eval_time: '3m15s',
              alertname: 'WarroomEffectsStuck',
              exp_alerts: [alert('WarroomEffectsStuck', { job: 'warroom' }, '3m 15s')],
            },
          ],
        },
        {
          // A queue that keeps being drained (ages 0–30 s) never fires.
          interval: '15s',
          input_series: [
            {
              series: series('warroom_queue_oldest_waiting_seconds', { queue: 'effects' }),
              values: '0 15 30 0 15 30 0 15 30 0 15 30 0 15 30',
            },
          ],
          alert_rule_test: [{ eval_time: '3m30s', alertname: 'WarroomEffectsStuck', exp_alerts: [] }],
        },
        {
          // Redis stops answering at 30 s: firing a minute later.
          interval: '15s',
          input_series: [{ series: series('warroom_redis_up', {}), values: '1 1 0 0 0 0 0 0 0 0' }],
          alert_rule_test: [
            { eval_time: '1m15s', alertname: 'WarroomRedisUnreachable', exp_alerts: [] },
            {
              eval_time: '1m30s',
              alertname: 'WarroomRedisUnreachable',
              exp_alerts: [alert('WarroomRedisUnreachable', target)],
            },
          ],
        },
        {
          // chat.update answered 429 once a minute, for good: firing after 10 minutes of it.
          interval: '1m',
          input_series: [
            {
              series: series('warroom_slack_calls_total', { method: 'chat.update', outcome: 'rate_limited' }),
              values: '0+1x20',
            },
            {
              series: series('warroom_slack_calls_total', { method: 'chat.update', outcome: 'ok' }),
              values: '0+50x20',
            },
          ],
          alert_rule_test: [
            { eval_time: '5m', alertname: 'WarroomSlackRateLimited', exp_alerts: [] },
            {
              eval_time: '12m',
              alertname: 'WarroomSlackRateLimited',
              exp_alerts: [alert('WarroomSlackRateLimited', { job: 'warroom', method: 'chat.update' })],
            },
          ],
        },
        {
          // One "not recorded" at 45 s; a drain that gave up at 1 m, while refreshes only retried.
          interval: '15s',
          input_series: [
            { series: series('warroom_acks_total', { outcome: 'not_recorded' }), values: '0 0 0 1 1 1 1 1' },
            { series: series('warroom_acks_total', { outcome: 'recorded' }), values: '0+3x7' },
            {
              series: series('warroom_job_failures_total', { job_name: 'drain', final: 'true' }),
              values: '0 0 0 0 1 1 1 1',
            },
            { series: series('warroom_job_failures_total', { job_name: 'refresh', final: 'false' }), values: '0+1x7' },
          ],
          promql_expr_test: [
            {
              expr: `count by (job, instance) (${expr('WarroomActionsNotRecorded')})`,
              eval_time: '30s',
              exp_samples: [],
            },
            {
              expr: `count by (job, instance) (${expr('WarroomActionsNotRecorded')})`,
              eval_time: '1m',
              exp_samples: [{ labels: `{job="warroom", instance="${target.instance}"}`, value: 1 }],
            },
            { expr: `count by (job, job_name) (${expr('WarroomJobsGivingUp')})`, eval_time: '45s', exp_samples: [] },
            {
              expr: `count by (job, job_name) (${expr('WarroomJobsGivingUp')})`,
              eval_time: '1m30s',
              exp_samples: [{ labels: '{job="warroom", job_name="drain"}', value: 1 }],
            },
          ],
        },
      ],
    };
    const file = join(dir, 'alerts.test.yaml');
    await writeFile(file, stringify(unitTests));
    const result = await run(PROMTOOL_BIN, ['test', 'rules', file]).catch(
      (error: { stdout?: string; stderr?: string }) => {
        throw new Error(`promtool test rules failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      },
    );
    expect(result.stdout).toContain('SUCCESS');
  });
});
