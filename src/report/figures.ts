/**
 * @module report/figures
 * Learning across incidents, computed from their logs: incidents by severity, service and month; the
 * time to detect, identify, mitigate and resolve (median and p90) by month and severity; incidents a
 * deploy caused (a suspect named) and how many ended with a rollback deployed; the change failure rate
 * per service where deploys are known; follow-up completion and age. Every figure keeps the ids of the
 * incidents it counts, so it links back to them. Pure: logs, states and deploy counts in.
 */
import { TZDate } from '@date-fns/tz';
import { durationsOf } from '../export/metrics.js';
import type { RecordedEvent } from '../incident/events.js';
import { SEVERITIES, type Severity } from '../incident/severity.js';
import type { IncidentState } from '../incident/state.js';

export const DURATION_KINDS = ['detect', 'identify', 'mitigate', 'resolve'] as const;
export type DurationKind = (typeof DURATION_KINDS)[number];

export interface ReportIncident {
  log: readonly RecordedEvent[];
  state: IncidentState;
}

export interface Stat {
  n: number;
  median: number | null;
  p90: number | null;
  incidents: string[];
}

export interface Report {
  since: number;
  until: number;
  service: string | undefined;
  incidents: string[];
  bySeverity: Record<Severity, string[]>;
  byService: Record<string, string[]>;
  /** 'YYYY-MM' in the time zone → severity → incident ids. */
  byMonth: Record<string, Record<Severity, string[]>>;
  /** Kind → 'all' | severity | 'YYYY-MM' → the figures, in ms. */
  durations: Record<DurationKind, Record<string, Stat>>;
  causedByDeploy: string[];
  endedWithRollback: string[];
  /** Per service with known deploys: deploys in the window, incidents a deploy of it caused, and the ratio. */
  changeFailure: Record<string, { deploys: number; failed: string[]; rate: number | null }>;
  followUps: {
    total: number;
    done: number;
    completion: number | null;
    openAgeMedianMs: number | null;
    incidents: string[];
  };
}

/** The median and the 90th percentile (nearest rank) of `values`. */
export function stat(values: readonly { id: string; ms: number }[]): Stat {
  const sorted = [...values].sort((a, b) => a.ms - b.ms);
  const n = sorted.length;
  if (n === 0) return { n, median: null, p90: null, incidents: [] };
  const mid = Math.floor(n / 2);
  const median =
    n % 2 === 1 ? (sorted[mid]?.ms as number) : ((sorted[mid - 1]?.ms as number) + (sorted[mid]?.ms as number)) / 2;
  const p90 = sorted[Math.ceil(0.9 * n) - 1]?.ms as number;
  return { n, median, p90, incidents: sorted.map((v) => v.id) };
}

/** The month an instant falls in, in `timeZone`: 'YYYY-MM'. */
export function monthOf(ms: number, timeZone: string): string {
  const d = new TZDate(ms, timeZone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const emptyBySeverity = () =>
  Object.fromEntries(SEVERITIES.map((s) => [s, [] as string[]])) as Record<Severity, string[]>;

export function buildReport(
  all: readonly ReportIncident[],
  options: {
    since: number;
    until: number;
    timeZone: string;
    service?: string | undefined;
    /** Deploys per service in the window, where warroom knows them. */
    deploys?: Record<string, number>;
  },
): Report {
  const { since, until, timeZone, service } = options;
  const chosen = all
    .filter(({ state }) => state.declaredAt >= since && state.declaredAt <= until)
    .filter(({ state }) => !service || state.service === service)
    .sort((a, b) => a.state.declaredAt - b.state.declaredAt);
  const report: Report = {
    since,
    until,
    service,
    incidents: chosen.map((i) => i.state.id),
    bySeverity: emptyBySeverity(),
    byService: {},
    byMonth: {},
    durations: { detect: {}, identify: {}, mitigate: {}, resolve: {} },
    causedByDeploy: [],
    endedWithRollback: [],
    changeFailure: {},
    followUps: { total: 0, done: 0, completion: null, openAgeMedianMs: null, incidents: [] },
  };
  const samples: Record<DurationKind, Record<string, { id: string; ms: number }[]>> = {
    detect: {},
    identify: {},
    mitigate: {},
    resolve: {},
  };
  const openAges: { id: string; ms: number }[] = [];
  for (const { log, state } of chosen) {
    const id = state.id;
    const month = monthOf(state.declaredAt, timeZone);
    report.bySeverity[state.severity].push(id);
    const svc = state.service ?? '(none)';
    report.byService[svc] = [...(report.byService[svc] ?? []), id];
    report.byMonth[month] ??= emptyBySeverity();
    (report.byMonth[month] as Record<Severity, string[]>)[state.severity].push(id);
    const durations = durationsOf(log, state);
    for (const kind of DURATION_KINDS) {
      const ms = durations[kind].ms;
      if (ms === null) continue;
      for (const group of ['all', state.severity, month]) {
        samples[kind][group] = [...(samples[kind][group] ?? []), { id, ms }];
      }
    }
    if (state.suspects.length > 0) report.causedByDeploy.push(id);
    if (Object.values(state.rollbacks).some((r) => r.status === 'deployed')) report.endedWithRollback.push(id);
    if (state.followUps.length > 0) report.followUps.incidents.push(id);
    for (const f of state.followUps) {
      report.followUps.total += 1;
      if (f.doneAt !== undefined) report.followUps.done += 1;
      else openAges.push({ id, ms: until - f.at });
    }
  }
  for (const kind of DURATION_KINDS) {
    for (const [group, values] of Object.entries(samples[kind])) report.durations[kind][group] = stat(values);
  }
  for (const [name, deploys] of Object.entries(options.deploys ?? {})) {
    if (service && name !== service) continue;
    const failed = chosen
      .filter(({ state }) => state.suspects.some((s) => s.deploy.service === name))
      .map((i) => i.state.id);
    report.changeFailure[name] = { deploys, failed, rate: deploys > 0 ? failed.length / deploys : null };
  }
  const { total, done } = report.followUps;
  report.followUps.completion = total > 0 ? done / total : null;
  report.followUps.openAgeMedianMs = stat(openAges).median;
  return report;
}
