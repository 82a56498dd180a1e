/**
 * @module bench/export-log
 * A long incident log for the export benchmark, written to Redis with IncidentStore.append: a declare
 * and its setup, then a realistic mix of notes, updates, pins, step and status events, role changes and
 * handoffs, follow-ups, and finally the resolve. Deterministic (seeded), so every run exports the same log.
 */
import type { Redis } from 'ioredis';
import type { NewEvent } from '../src/incident/events.js';
import type { Severity } from '../src/incident/severity.js';
import type { Status } from '../src/incident/status.js';
import type { Protocol } from '../src/protocol/definition.js';
import { IncidentStore } from '../src/store/incident-store.js';

export const EXPORT_INCIDENT = 'INC-1';
/** User id → display name, as the CLI passes them to exports. */
export const PEOPLE: Record<string, string> = {
  U0DANA0001: 'Dana Whitfield',
  U0RAJ00002: 'Raj Patel',
  U0LEE00003: 'Lee Chen',
  U0SAM00004: 'Sam Okafor',
  U0ALEX0005: 'Alex Romero',
};
const USERS = Object.keys(PEOPLE);
const APPEND_BATCH = 500;
/** The incident runs this long, whatever the number of events. */
const SPAN_MS = 8 * 60 * 60 * 1000;
const STARTED_AT = Date.UTC(2026, 10, 28, 9, 0, 0);

/** Share of each kind of event after the setup (weights, not percentages). */
const MIX = {
  note: 42,
  update: 12,
  pin: 4,
  editPin: 1,
  unpin: 1,
  status: 8,
  severity: 2,
  step: 9,
  followUp: 3,
  role: 3,
  handoff: 2,
  snooze: 1,
  effectFailed: 1,
} as const;

const WORDS =
  'checkout payments api error rate p99 latency canary rollback deploy release flag config migration region eu-west us-east cache queue backlog dashboard grafana alert pager customer support status page database replica failover retry timeout 502 503 pods nodes cpu memory heap gc restart traffic shift partial recovery holding steady still degraded mitigation revert suspect change window freeze'.split(
    ' ',
  );

/** mulberry32: a small seeded PRNG, so the generated log is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The events of an incident with `count` events in all (count ≥ 10), in log order.
 * @example
 * generateLog(1000, protocol).length // 1000
 */
export function generateLog(count: number, protocol: Protocol): NewEvent[] {
  const rand = random(count);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const sentence = (min: number, max: number) => {
    const n = min + Math.floor(rand() * (max - min + 1));
    const text = Array.from({ length: n }, () => pick(WORDS)).join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const steps = protocol.phases.flatMap((phase) => phase.steps.map((step) => ({ phase, step })));
  const kinds = Object.entries(MIX).flatMap(([kind, weight]) => Array<string>(weight).fill(kind));
  const events: NewEvent[] = [];
  let at = STARTED_AT;
  const gap = SPAN_MS / count;
  const push = (type: NewEvent['type'], data: unknown, actor = pick(USERS)) => {
    at += Math.max(1, Math.round(gap * (0.5 + rand())));
    events.push({ type, v: 1, data, actor, at } as NewEvent);
  };
  const slackTs = (ms: number) => `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;

  push(
    'IncidentDeclared',
    {
      title: 'Checkout payments failing after payments-api release',
      severity: 'sev1',
      summary: 'Card payments fail with 502 for about 30% of checkouts in eu-west since 09:00 UTC.',
      service: 'payments-api',
      private: false,
      declaredIn: 'C0GENERAL01',
      protocol: protocol.name,
    },
    'U0DANA0001',
  );
  push('ChannelCreated', { channelId: 'C0BENCHINC1', name: 'inc-20261128-checkout-payments-failing-inc-1' }, 'warroom');
  push('BoardPosted', { ts: slackTs(at + 1) }, 'warroom');
  push('AnnouncementPosted', { channelId: 'C0INCIDENTS', ts: slackTs(at + 2) }, 'warroom');
  push('RoleAssigned', { role: 'ops', user: 'U0RAJ00002' }, 'U0DANA0001');
  push('RoleAssigned', { role: 'comms', user: 'U0LEE00003' }, 'U0DANA0001');
  push('RoleAssigned', { role: 'scribe', user: 'U0SAM00004' }, 'U0DANA0001');
  push('ImpactStarted', { startedAt: STARTED_AT - 12 * 60 * 1000 }, 'U0DANA0001');

  let status: Status = 'investigating';
  let severity: Severity = 'sev1';
  const pinned: string[] = [];
  const holders: Record<string, string> = { ops: 'U0RAJ00002', comms: 'U0LEE00003', scribe: 'U0SAM00004' };
  let offers = 0;
  while (events.length < count - 1) {
    switch (pick(kinds)) {
      case 'note':
        push('NoteAdded', { text: sentence(6, 30) });
        break;
      case 'update':
        push('UpdatePosted', { text: sentence(15, 45) }, holders.comms);
        break;
      case 'pin': {
        const ts = slackTs(at - Math.floor(rand() * 60_000));
        pinned.push(ts);
        push('MessagePinned', {
          channelId: 'C0BENCHINC1',
          ts,
          author: pick(USERS),
          text: sentence(5, 25),
          via: rand() < 0.7 ? 'pin' : 'reaction',
        });
        break;
      }
      case 'editPin':
        if (pinned.length > 0) push('PinnedMessageEdited', { ts: pick(pinned), text: sentence(5, 25) });
        break;
      case 'unpin': {
        const ts = pinned.splice(Math.floor(rand() * pinned.length), 1)[0];
        if (ts) push('MessageUnpinned', { ts, via: 'pin' });
        break;
      }
      case 'status': {
        const to = pick(
          (['investigating', 'identified', 'mitigating', 'monitoring'] as const).filter((s) => s !== status),
        );
        push('StatusChanged', { from: status, to });
        status = to;
        break;
      }
      case 'severity': {
        const to = pick((['sev1', 'sev2', 'sev3'] as const).filter((s) => s !== severity));
        push('SeverityChanged', { from: severity, to });
        severity = to;
        break;
      }
      case 'step': {
        const { phase, step } = pick(steps);
        const base = { step: step.id, phase: phase.id, title: step.title };
        const roll = rand();
        if (roll < 0.75) {
          const inputs = Object.fromEntries(step.inputs.map((input) => [input.id, sentence(2, 6)]));
          push('StepCompleted', step.inputs.length > 0 ? { ...base, inputs } : base);
        } else if (roll < 0.85) push('StepSkipped', { ...base, reason: sentence(4, 12) });
        else push('StepBlocked', { ...base, reason: sentence(4, 12) });
        break;
      }
      case 'followUp':
        push('FollowUpAdded', { text: sentence(5, 15), ...(rand() < 0.5 ? { owner: pick(USERS) } : {}) });
        break;
      case 'role': {
        const role = pick(Object.keys(holders));
        const user = pick(USERS.filter((u) => u !== holders[role]));
        push('RoleAssigned', { role, user, previous: holders[role] }, 'U0DANA0001');
        holders[role] = user;
        break;
      }
      case 'handoff': {
        const role = pick(Object.keys(holders));
        const from = holders[role] as string;
        const to = pick(USERS.filter((u) => u !== from));
        const offerId = `offer-${++offers}`;
        push('HandoffOffered', { offerId, role, from, to, expiresAt: at + 10 * 60 * 1000 }, from);
        if (events.length < count - 1) {
          push('HandoffAccepted', { offerId, role, from, to }, to);
          holders[role] = to;
        }
        break;
      }
      case 'snooze':
        push('UpdatesSnoozed', { until: at + 15 * 60 * 1000 });
        break;
      case 'effectFailed':
        push('EffectFailed', { effect: `post.${events.length}`, error: 'ratelimited' }, 'warroom');
        break;
    }
  }
  push('IncidentResolved', { summary: sentence(10, 30) }, 'U0DANA0001');
  return events;
}

/**
 * Appends the generated log to `incidentId` under `prefix`, in batches, and records PEOPLE's names as the exports
 * learn them (the `{prefix}:people` hash, which the CLI reads); returns the log's length in Redis.
 */
export async function buildLog(redis: Redis, prefix: string, events: readonly NewEvent[]): Promise<number> {
  const store = new IncidentStore(redis, prefix);
  await redis.hset(store.keys.people, PEOPLE);
  for (let i = 0; i < events.length; i += APPEND_BATCH) {
    const result = await store.append(EXPORT_INCIDENT, events.slice(i, i + APPEND_BATCH), { key: `bench-build:${i}` });
    if (result.status !== 'appended') throw new Error(`building the export log: append ${i} was ${result.status}`);
  }
  return redis.llen(store.keys.log(EXPORT_INCIDENT));
}
