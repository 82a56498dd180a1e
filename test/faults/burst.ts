/**
 * A burst of responder actions over many incidents, and the checks that everything acknowledged is
 * in the log exactly once and every effect happened exactly once.
 */

import { expect } from 'vitest';
import { NOT_RECORDED } from '../../src/slack/record.js';
import { keysFor } from '../../src/store/keys.js';
import type { Drill } from './cluster.js';

export interface DrillIncident {
  id: string;
  channelId: string;
}

export interface Sent {
  incident: DrillIncident;
  kind: 'note' | 'update' | 'status';
  text: string;
  acked: boolean;
  ackText: string | undefined;
  triggerId: string | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STATUSES = ['identified', 'mitigating', 'monitoring', 'investigating'];

export async function declareIncidents(drill: Drill, count: number): Promise<DrillIncident[]> {
  const redis = drill.connect();
  const keys = keysFor(drill.prefix);
  try {
    const incidents: DrillIncident[] = [];
    for (let i = 0; i < count; i += 1) {
      const answer = await drill.emulator.user('dana').command(`declare sev2 Drill incident ${i}`);
      const id = answer.ackText?.match(/INC-\d+/)?.[0];
      if (!id) throw new Error(`declare ${i} failed: ${answer.ackText ?? answer.status}`);
      incidents.push({ id, channelId: '' });
    }
    for (const incident of incidents) {
      for (let i = 0; i < 600 && !incident.channelId; i += 1) {
        const raw = await redis.lrange(keys.log(incident.id), 0, -1);
        const created = raw
          .map((r) => JSON.parse(r) as { type: string; data: { channelId?: string } })
          .find((e) => e.type === 'ChannelCreated');
        if (created?.data.channelId) incident.channelId = created.data.channelId;
        else await sleep(50);
      }
      const channel = drill.emulator.workspace.channels.get(incident.channelId);
      for (const user of ['U0RAJ00002', 'U0SAM00004', 'U0LEE00003']) channel?.members.add(user);
    }
    return incidents;
  } finally {
    redis.disconnect();
  }
}

/**
 * Sends `total` commands (notes, updates, status changes) spread over the incidents, `concurrency` at a
 * time. A request that fails at the transport (a killed web process) counts as not acknowledged.
 */
export async function burst(
  drill: Drill,
  incidents: readonly DrillIncident[],
  total: number,
  concurrency: number,
  onProgress?: (sent: number) => void,
  label = 'drill',
): Promise<Sent[]> {
  const people = ['dana', 'raj', 'sam', 'lee'].map((name) => drill.emulator.user(name));
  const sent: Sent[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const incident = incidents[i % incidents.length] as DrillIncident;
      const kind = (['note', 'update', 'status', 'note', 'update'] as const)[i % 5] as Sent['kind'];
      const text = kind === 'status' ? `status ${STATUSES[Math.floor(i / 5) % 4]}` : `${kind} ${label} ${i}`;
      const who = people[i % people.length] as (typeof people)[number];
      try {
        const answer = await who.command(text, { channel: incident.channelId, delivery: { timeoutMs: 10_000 } });
        const acked = answer.status === 200 && !!answer.ackText && answer.ackText !== NOT_RECORDED;
        sent.push({ incident, kind, text, acked, ackText: answer.ackText, triggerId: answer.triggerId });
      } catch {
        sent.push({ incident, kind, text, acked: false, ackText: undefined, triggerId: undefined });
      }
      if (sent.length % 250 === 0) onProgress?.(sent.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sent;
}

/** Waits until every event with effects has had them applied (each incident's cursor at its last). */
export async function settle(drill: Drill, incidents: readonly DrillIncident[], timeoutMs: number): Promise<void> {
  const redis = drill.connect();
  const keys = keysFor(drill.prefix);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      let pending = 0;
      for (const incident of incidents) {
        const last = Number((await redis.hget(keys.effectChain(incident.id), 'last')) ?? 0);
        const applied = Number((await redis.get(keys.appliedCursor(incident.id))) ?? 0);
        if (applied < last) pending += 1;
      }
      if (pending === 0) break;
      if (Date.now() > deadline) {
        const why = await whyPending(redis, drill.prefix, incidents);
        const warnings = drill.workers.flatMap((w) => w.log.split('\n').filter((l) => /"level":(40|50)/.test(l)));
        console.log(warnings.slice(-40).join('\n'));
        throw new Error(`${pending} incidents still have effects to apply after ${timeoutMs} ms:\n${why}`);
      }
      await sleep(250);
    }
    await drill.emulator.idle();
  } finally {
    redis.disconnect();
  }
}

/** What a stuck incident looks like in Redis: its cursor, outbox, drain lock and drain job. */
async function whyPending(
  redis: ReturnType<Drill['connect']>,
  prefix: string,
  incidents: readonly DrillIncident[],
): Promise<string> {
  const keys = keysFor(prefix);
  const queue = `{${prefix}}:bull:effects`;
  const lines: string[] = [];
  const active = await redis.zrange(keys.activeIncidents, '0', '-1');
  const open = await redis.zrange(keys.openIncidents, '0', '-1');
  lines.push(`active list ${JSON.stringify(active)}, open index ${JSON.stringify(open)}`);
  for (const incident of incidents) {
    const last = Number((await redis.hget(keys.effectChain(incident.id), 'last')) ?? 0);
    const applied = Number((await redis.get(keys.appliedCursor(incident.id))) ?? 0);
    if (applied >= last) continue;
    const outbox = await redis.zrange(keys.outbox(incident.id), '0', '4', 'WITHSCORES');
    const lock = await redis.get(keys.drainLock(incident.id));
    const dedup = await redis.get(`${queue}:de:drain.${incident.id}`);
    const job = dedup ? await redis.hgetall(`${queue}:${dedup}`) : {};
    const where: string[] = [];
    for (const list of ['wait', 'active', 'paused']) {
      if (dedup && (await redis.lpos(`${queue}:${list}`, dedup)) !== null) where.push(list);
    }
    for (const set of ['delayed', 'prioritized', 'completed', 'failed']) {
      if (dedup && (await redis.zscore(`${queue}:${set}`, dedup)) !== null) where.push(set);
    }
    lines.push(
      `${incident.id}: applied ${applied}/${last}, outbox ${JSON.stringify(outbox)}, ` +
        `lock ${lock ?? '-'}, dedup ${dedup ?? '-'} in [${where.join(',')}] ${JSON.stringify({ ...job, data: undefined, opts: undefined, stacktrace: job.stacktrace?.slice(0, 300) })}`,
    );
  }
  return lines.join('\n');
}

interface LoggedEvent {
  seq: number;
  key: string;
  type: string;
  data: Record<string, unknown>;
}

/** Everything acknowledged is in the log exactly once; every post happened exactly once. */
export async function verify(
  drill: Drill,
  incidents: readonly DrillIncident[],
  sent: readonly Sent[],
): Promise<{ events: number; acked: number }> {
  const redis = drill.connect();
  const keys = keysFor(drill.prefix);
  let events = 0;
  try {
    const feed = drill.emulator.workspace.channels.get('C0INCIDENTS');
    for (const incident of incidents) {
      const log = (await redis.lrange(keys.log(incident.id), 0, -1)).map((r) => JSON.parse(r) as LoggedEvent);
      events += log.length;
      expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
      expect(new Set(log.map((e) => e.key)).size).toBe(log.length);
      const byKey = new Map<string, LoggedEvent[]>();
      for (const event of log) {
        const base = event.key.replace(/#\d+$/, '');
        byKey.set(base, [...(byKey.get(base) ?? []), event]);
      }
      for (const command of sent.filter((s) => s.incident.id === incident.id)) {
        const recorded = command.triggerId ? (byKey.get(`cmd:${command.triggerId}`) ?? []) : [];
        if (!command.acked) {
          expect(recorded.length).toBeLessThanOrEqual(1);
          continue;
        }
        const expected = command.kind === 'status' && !command.ackText?.startsWith('Status →') ? 0 : 1;
        expect({ text: command.text, ack: command.ackText, recorded: recorded.length }).toEqual({
          text: command.text,
          ack: command.ackText,
          recorded: expected,
        });
      }
      const channel = drill.emulator.workspace.channels.get(incident.channelId);
      const updates = log.filter((e) => e.type === 'UpdatePosted');
      const statuses = log.filter((e) => e.type === 'StatusChanged');
      const posted = channel?.messages.filter((m) => m.text.startsWith('📣 *Update*')) ?? [];
      expect(posted.length).toBe(updates.length);
      for (const update of updates) {
        const text = String(update.data.text);
        expect(posted.filter((m) => m.text.endsWith(`: ${text}`)).length).toBe(1);
      }
      expect(channel?.messages.filter((m) => m.text.startsWith('Status → ')).length).toBe(statuses.length);
      const announcement = feed?.messages.find((m) => !m.threadTs && m.text.includes(`${incident.id} in`));
      const thread = feed?.messages.filter((m) => m.threadTs && m.threadTs === announcement?.ts) ?? [];
      expect(thread.length).toBe(updates.length + statuses.length);
    }
    return { events, acked: sent.filter((s) => s.acked).length };
  } finally {
    redis.disconnect();
  }
}

/** How many acknowledged commands are not in the log (what a failover without WAIT can lose). */
export async function countLost(
  drill: Drill,
  incidents: readonly DrillIncident[],
  sent: readonly Sent[],
): Promise<number> {
  const redis = drill.connect();
  const keys = keysFor(drill.prefix);
  let lost = 0;
  try {
    for (const incident of incidents) {
      const log = (await redis.lrange(keys.log(incident.id), 0, -1)).map((r) => JSON.parse(r) as LoggedEvent);
      const recorded = new Set(log.map((e) => e.key.replace(/#\d+$/, '')));
      for (const command of sent.filter((s) => s.incident.id === incident.id && s.acked && s.triggerId)) {
        const expected = command.kind === 'status' && !command.ackText?.startsWith('Status →') ? 0 : 1;
        if (expected === 1 && !recorded.has(`cmd:${command.triggerId}`)) {
          lost += 1;
          console.log(`acknowledged and not in the log: ${incident.id} ${command.text} → ${command.ackText}`);
        }
      }
    }
    return lost;
  } finally {
    redis.disconnect();
  }
}
