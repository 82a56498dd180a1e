/**
 * The report across incidents (`npx warroom report`), over 200 incidents seeded from a fixed random
 * sequence: every figure matches one computed independently here from what was seeded (not from the
 * log), each names the incidents it counts, and the formats carry them. The CLI itself is run against
 * Redis with a few incidents, and refuses what it cannot read with exit code 2.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, inject, it } from 'vitest';
import { reportCommand } from '../../src/cli/report.js';
import { SEVERITIES } from '../../src/incident/severity.js';
import { replay } from '../../src/incident/state.js';
import { buildReport, monthOf, type ReportIncident } from '../../src/report/figures.js';
import { reportCsv, reportMarkdown } from '../../src/report/format.js';
import { IncidentStore } from '../../src/store/incident-store.js';
import { DAY, SERVICES, type Seeded, SINCE, seed, TZ, UNTIL } from './seed.js';

/** Median and nearest-rank p90, written out again. */
function expected(values: number[]): { median: number | null; p90: number | null } {
  if (values.length === 0) return { median: null, p90: null };
  const s = [...values].sort((a, b) => a - b);
  const median =
    s.length % 2
      ? (s[(s.length - 1) / 2] as number)
      : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
  return { median, p90: s[Math.ceil(s.length * 0.9) - 1] as number };
}

describe('the report across incidents', () => {
  const seeded = seed(200);
  const incidents: ReportIncident[] = seeded.map((s) => ({
    log: s.log,
    state: replay(s.log) as NonNullable<ReturnType<typeof replay>>,
  }));
  const deploys = { 'payments-api': 40, search: 25, ledger: 0 };
  const report = buildReport(incidents, { since: SINCE, until: UNTIL, timeZone: TZ, deploys });
  const inWindow = seeded.filter((s) => s.declaredAt >= SINCE);

  it('should count the incidents in the window by severity, service and month, naming them', () => {
    expect(inWindow.length).toBeGreaterThan(150);
    expect(inWindow.length).toBeLessThan(200);
    expect(report.incidents).toHaveLength(inWindow.length);
    for (const severity of SEVERITIES)
      expect(report.bySeverity[severity].sort()).toEqual(
        inWindow
          .filter((s) => s.severity === severity)
          .map((s) => s.id)
          .sort(),
      );
    for (const service of SERVICES)
      expect(report.byService[service]?.sort()).toEqual(
        inWindow
          .filter((s) => s.service === service)
          .map((s) => s.id)
          .sort(),
      );
    const months = [...new Set(inWindow.map((s) => monthOf(s.declaredAt, TZ)))].sort();
    expect(Object.keys(report.byMonth).sort()).toEqual(months);
    for (const m of months)
      expect(SEVERITIES.reduce((n, sev) => n + (report.byMonth[m]?.[sev].length ?? 0), 0)).toBe(
        inWindow.filter((s) => monthOf(s.declaredAt, TZ) === m).length,
      );
  });

  it('should give the median and p90 of each duration, overall and by severity and month', () => {
    // From the impact start when one was recorded, else from the declare.
    const start = (s: Seeded) => s.declaredAt - (s.impactBefore ?? 0);
    const by = {
      detect: (s: Seeded) => s.impactBefore,
      // The first suspect named, else the first move to Identified or beyond (Monitoring here).
      identify: (s: Seeded) => {
        const after = s.suspectAfter ?? s.monitoringAfter;
        return after === undefined ? undefined : s.declaredAt + after - start(s);
      },
      mitigate: (s: Seeded) =>
        s.monitoringAfter === undefined ? undefined : s.declaredAt + s.monitoringAfter - start(s),
      resolve: (s: Seeded) => (s.resolvedAfter === undefined ? undefined : s.declaredAt + s.resolvedAfter - start(s)),
    };
    for (const [kind, of] of Object.entries(by) as [keyof typeof by, (s: Seeded) => number | undefined][]) {
      const groups: [string, Seeded[]][] = [
        ['all', inWindow],
        ...SEVERITIES.map((sev): [string, Seeded[]] => [sev, inWindow.filter((s) => s.severity === sev)]),
        ['2026-11', inWindow.filter((s) => monthOf(s.declaredAt, TZ) === '2026-11')],
      ];
      for (const [group, list] of groups) {
        const values = list.map(of).filter((v): v is number => v !== undefined);
        const got = report.durations[kind][group];
        expect({ kind, group, n: got?.n ?? 0, median: got?.median ?? null, p90: got?.p90 ?? null }).toEqual({
          kind,
          group,
          n: values.length,
          ...expected(values),
        });
      }
    }
  });

  it('should count the incidents a deploy caused, those that ended with a rollback, and the change failure rate', () => {
    const caused = inWindow.filter((s) => s.suspectAfter !== undefined);
    expect(report.causedByDeploy.sort()).toEqual(caused.map((s) => s.id).sort());
    expect(report.endedWithRollback.sort()).toEqual(
      inWindow
        .filter((s) => s.rolledBack)
        .map((s) => s.id)
        .sort(),
    );
    const payments = caused.filter((s) => s.service === 'payments-api');
    const got = report.changeFailure['payments-api'];
    expect({ ...got, failed: [...(got?.failed ?? [])].sort() }).toEqual({
      deploys: 40,
      failed: payments.map((s) => s.id).sort(),
      rate: payments.length / 40,
    });
    expect(report.changeFailure.ledger?.rate).toBeNull();
  });

  it('should give follow-up completion, and carry the figures into Markdown and CSV', () => {
    const all = inWindow.flatMap((s) => s.followUps);
    expect(report.followUps.total).toBe(all.length);
    expect(report.followUps.done).toBe(all.filter((f) => f.done).length);
    expect(report.followUps.completion).toBeCloseTo(all.filter((f) => f.done).length / all.length, 10);
    const md = reportMarkdown(report);
    expect(md).toContain(`${report.incidents.length} incidents: SEV1 ${report.bySeverity.sev1.length}`);
    expect(md).toContain(`${report.followUps.done} of ${report.followUps.total} done`);
    const csv = reportCsv(report).trim().split('\n');
    expect(csv[0]).toBe('section,group,figure,value,incidents');
    const median = csv.find((row) => row.startsWith('resolve,all,median_ms,'));
    expect(median?.split(',')[3]).toBe(String(report.durations.resolve.all?.median));
  });

  it('should read the incidents from Redis as `npx warroom report` does, and refuse what it cannot read with exit 2', async () => {
    const prefix = `report-${randomUUID().slice(0, 8)}`;
    const redis = new Redis(inject('redisUrl'));
    try {
      const store = new IncidentStore(redis, prefix);
      for (const s of seeded.filter((x) => x.declaredAt >= Date.now() - 30 * DAY).slice(0, 5)) {
        const { id } = await store.reserveIncidentId(`seed:${s.id}`);
        for (const e of s.log) {
          const { incidentId: _i, seq: _s, key: _k, recordedAt: _r, ...event } = e;
          await store.append(id, [event as never], { key: `seed:${s.id}:${e.seq}` });
        }
        await store.indexEvents(id, s.log);
      }
      const env = { REDIS_URL: inject('redisUrl'), WARROOM_KEY_PREFIX: prefix };
      let printed = '';
      await reportCommand([], { since: '30d', format: 'json' }, env, (text) => {
        printed += text;
      });
      const json = JSON.parse(printed) as { incidents: string[] };
      expect(json.incidents.length).toBeGreaterThan(0);
      await expect(reportCommand([], { format: 'pdf' }, env, () => undefined)).rejects.toMatchObject({ exitCode: 2 });
      await expect(reportCommand([], { since: 'lately', format: 'md' }, env, () => undefined)).rejects.toMatchObject({
        exitCode: 2,
        message: '--since lately: give a duration such as 90d or 12h',
      });
    } finally {
      redis.disconnect();
    }
  });
});
