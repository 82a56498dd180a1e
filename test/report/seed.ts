/**
 * 200 incidents seeded from a fixed random sequence, for the report's tests: what was seeded (to compute
 * the figures independently) and the log it makes.
 */
import type { RecordedEvent } from '../../src/incident/events.js';
import { SEVERITIES, type Severity } from '../../src/incident/severity.js';
import { logBuilder } from '../export/fixtures.js';

export const MIN = 60_000;
export const DAY = 24 * 60 * MIN;
export const UNTIL = Date.parse('2026-12-01T12:00:00Z');
export const SINCE = UNTIL - 90 * DAY;
export const TZ = 'UTC';
export const SERVICES = ['payments-api', 'search', 'ledger'];
const DANA = 'U0DANA001';
const HOUR = 60 * MIN;

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Seeded {
  id: string;
  severity: Severity;
  service: string;
  declaredAt: number;
  impactBefore: number | undefined;
  suspectAfter: number | undefined;
  rolledBack: boolean;
  monitoringAfter: number | undefined;
  resolvedAfter: number | undefined;
  followUps: { done: boolean }[];
  log: RecordedEvent[];
}

export function seed(count: number): Seeded[] {
  const next = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const id = `INC-${i + 1}`;
    const severity = pick(SEVERITIES);
    const service = pick(SERVICES);
    // 200 over 100 days: some fall before the window and must be left out.
    const declaredAt = UNTIL - Math.floor(next() * 100 * DAY);
    const impactBefore = next() < 0.6 ? Math.ceil(next() * 30) * MIN : undefined;
    const suspectAfter = next() < 0.5 ? Math.ceil(next() * 40) * MIN : undefined;
    const rolledBack = suspectAfter !== undefined && next() < 0.6;
    const monitoringAfter = next() < 0.8 ? (suspectAfter ?? 0) + Math.ceil(next() * 60) * MIN : undefined;
    const resolvedAfter = next() < 0.9 ? (monitoringAfter ?? 0) + Math.ceil(next() * 120) * MIN : undefined;
    const followUps = Array.from({ length: Math.floor(next() * 3) }, () => ({ done: next() < 0.4 }));
    const log = logBuilder(id);
    log.add('IncidentDeclared', { title: `Drill ${i + 1}`, severity, private: false, service }, declaredAt, DANA);
    if (impactBefore !== undefined)
      log.add('ImpactStarted', { startedAt: declaredAt - impactBefore }, declaredAt + 1000, DANA);
    if (suspectAfter !== undefined) {
      const deploy = {
        deployId: `gh:${id}`,
        service,
        environment: 'production',
        version: '1.2.3',
        at: declaredAt - HOUR,
        source: 'github' as const,
      };
      log.add('SuspectNamed', { deploy }, declaredAt + suspectAfter, DANA);
      if (rolledBack) {
        const rollbackId = `rb-${id.toLowerCase()}-x`;
        log.add(
          'RollbackRequested',
          {
            rollbackId,
            service,
            environment: 'production',
            current: '1.2.3',
            target: { version: '1.2.2', deployId: `gh:${id}:prev` },
            driver: 'webhook',
            plan: 'webhook',
          },
          declaredAt + suspectAfter + MIN,
          DANA,
        );
        log.add(
          'RollbackDeployed',
          { rollbackId, deploy: { ...deploy, deployId: `gh:${id}:rb`, version: '1.2.2' } },
          declaredAt + suspectAfter + 2 * MIN,
          'warroom',
        );
      }
    }
    if (monitoringAfter !== undefined)
      log.add('StatusChanged', { from: 'investigating', to: 'monitoring' }, declaredAt + monitoringAfter, DANA);
    followUps.forEach((f, n) => {
      const followUpId = `fu-${id.toLowerCase()}-${n}`;
      log.add('FollowUpAdded', { text: `follow-up ${n}`, followUpId }, declaredAt + 3 * MIN + n, DANA);
      if (f.done) log.add('FollowUpDone', { followUpId, by: 'raj-gh' }, declaredAt + 4 * MIN + n, 'warroom');
    });
    if (resolvedAfter !== undefined)
      log.add('IncidentResolved', { summary: 'fixed' }, declaredAt + resolvedAfter, DANA);
    return {
      id,
      severity,
      service,
      declaredAt,
      impactBefore,
      suspectAfter,
      rolledBack,
      monitoringAfter,
      resolvedAfter,
      followUps,
      log: log.events,
    };
  });
}
