/**
 * @module bench/report-cost
 * The cost of `npx warroom report` over 1,000 incidents in Redis (about ten events each, spread over 90
 * days): the whole command as the CLI runs it (read every log, fold, compute, format Markdown), the
 * computation alone, and, as the baseline measured in the same run, reading the same logs raw
 * (LRANGE, no parsing). Median of a few runs each; the ratio is the command's median over the baseline's.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { reportCommand } from '../src/cli/report.js';
import type { NewEvent } from '../src/incident/events.js';
import { SEVERITIES } from '../src/incident/severity.js';
import { replay } from '../src/incident/state.js';
import { buildReport, type ReportIncident } from '../src/report/figures.js';
import { IncidentStore } from '../src/store/incident-store.js';
import { summarize } from './latency-summary.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export interface ReportCostResult {
  incidents: number;
  events: number;
  runs: number;
  rawReadMs: number;
  commandMs: number;
  computeMs: number;
  ratio: number;
  /** The report counted every incident seeded. */
  ok: boolean;
}

function incidentEvents(i: number, now: number): NewEvent[] {
  const at = now - ((i * 7_919_000) % (89 * DAY)) - DAY;
  const by = 'U0BENCH01';
  const e = (type: string, data: Record<string, unknown>, offset: number) =>
    ({ type, v: 1, data, actor: by, at: at + offset }) as NewEvent;
  const service = `service-${i % 12}`;
  const events = [
    e('IncidentDeclared', { title: `Bench incident ${i}`, severity: SEVERITIES[i % 4], private: false, service }, 0),
    e('ImpactStarted', { startedAt: at - 7 * MIN }, 1000),
    e('NoteAdded', { text: 'checking the dashboards' }, 2 * MIN),
    e('StatusChanged', { from: 'investigating', to: 'identified' }, 9 * MIN),
    e('UpdatePosted', { text: 'We know what is wrong; rolling back.' }, 11 * MIN),
    e('StatusChanged', { from: 'identified', to: 'monitoring' }, 30 * MIN),
    e('FollowUpAdded', { text: 'add an alert', followUpId: `fu-b-${i}` }, 32 * MIN),
    e('NoteAdded', { text: 'error rate back to baseline' }, 40 * MIN),
    e('IncidentResolved', { summary: 'rolled back' }, 55 * MIN),
  ];
  if (i % 3 === 0) events.push(e('FollowUpDone', { followUpId: `fu-b-${i}` }, 2 * DAY));
  return events;
}

const median = (samples: number[]) => summarize(samples).p50;

export async function measureReportCost(options: {
  redisUrl: string;
  incidents: number;
  runs: number;
}): Promise<ReportCostResult> {
  const redis = new Redis(options.redisUrl);
  const prefix = `bench-report-${randomUUID().slice(0, 8)}`;
  try {
    const store = new IncidentStore(redis, prefix);
    const now = Date.now();
    let events = 0;
    for (let i = 0; i < options.incidents; i += 1) {
      const { id } = await store.reserveIncidentId(`bench:${i}`);
      const list = incidentEvents(i, now);
      const appended = await store.append(id, list, { key: `bench:${i}` });
      if (appended.status !== 'appended') throw new Error(`could not seed ${id}: ${appended.status}`);
      await store.indexEvents(id, list);
      events += list.length;
    }
    const ids = await redis.zrange(store.keys.allIncidents, '0', '-1');
    const env = { REDIS_URL: options.redisUrl, WARROOM_KEY_PREFIX: prefix };
    const raw: number[] = [];
    const command: number[] = [];
    const compute: number[] = [];
    let counted = 0;
    for (let run = 0; run < options.runs; run += 1) {
      let t0 = performance.now();
      for (const id of ids) await redis.lrange(store.keys.log(id), 0, -1);
      raw.push(performance.now() - t0);
      t0 = performance.now();
      let printed = '';
      await reportCommand([], { since: '90d', format: 'md' }, env, (text) => {
        printed += text;
      });
      command.push(performance.now() - t0);
      counted = Number(printed.match(/^(\d+) incidents:/m)?.[1] ?? 0);
      const loaded: ReportIncident[] = [];
      for (const id of ids) {
        const log = await store.readEvents(id);
        loaded.push({ log, state: replay(log) as NonNullable<ReturnType<typeof replay>> });
      }
      t0 = performance.now();
      buildReport(loaded, { since: now - 90 * DAY, until: now, timeZone: 'UTC' });
      compute.push(performance.now() - t0);
    }
    const rawReadMs = median(raw);
    const commandMs = median(command);
    return {
      incidents: options.incidents,
      events,
      runs: options.runs,
      rawReadMs: Math.round(rawReadMs),
      commandMs: Math.round(commandMs),
      computeMs: Math.round(median(compute)),
      ratio: Math.round((commandMs / rawReadMs) * 100) / 100,
      ok: counted === options.incidents,
    };
  } finally {
    const keys = await redis.keys(`*${prefix}*`);
    for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    redis.disconnect();
  }
}
