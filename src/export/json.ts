/** @module export/json — the timeline as versioned JSON: `toJson`, to the layout in ./json-schema.ts. */
import { z } from 'zod';
import { joined, mapped } from './chunks.js';
import { isoUtc } from './format.js';
import type { TimelineJson } from './json-schema.js';
import type { ChangeView, CustomerMessageView, DeployView, Durations, KeyDuration, Timeline } from './model.js';

export {
  TIMELINE_JSON_SCHEMA_VERSION,
  TIMELINE_JSON_VERSION,
  type TimelineJson,
  timelineJsonSchema,
} from './json-schema.js';

import { TIMELINE_JSON_SCHEMA_VERSION, TIMELINE_JSON_VERSION, timelineJsonSchema } from './json-schema.js';

const iso = (at: number | null): string | null => (at === null ? null : isoUtc(at));

function deployJson(d: DeployView): TimelineJson['change']['suspects'][number]['deploy'] {
  return {
    deployId: d.deployId,
    service: d.service,
    environment: d.environment,
    version: d.version,
    commit: d.commit,
    url: d.url,
    author: d.author,
    at: isoUtc(d.at),
    source: d.source,
  };
}

function durationJson<M extends string>(d: KeyDuration<M>) {
  return {
    ms: d.ms,
    countsFrom: d.countsFrom,
    from: iso(d.from),
    to: iso(d.to),
    milestone: d.milestone,
    definition: d.definition,
  };
}

function durationsJson(d: Durations): TimelineJson['metrics']['durations'] {
  return {
    detect: durationJson(d.detect),
    acknowledge: durationJson(d.acknowledge),
    identify: durationJson(d.identify),
    mitigate: durationJson(d.mitigate),
    resolve: durationJson(d.resolve),
    firstInternal: durationJson(d.firstInternal),
    firstExternal: durationJson(d.firstExternal),
  };
}

function changeJson(change: ChangeView | null): TimelineJson['change'] {
  if (change === null) {
    return { suspects: [], suspectToImpactMs: null, suspectToDeclareMs: null, rollbacks: [], deploysDuring: [] };
  }
  return {
    suspects: change.suspects.map((s) => ({
      namedAt: isoUtc(s.namedAt),
      namedBy: s.namedBy,
      deploy: deployJson(s.deploy),
      target: s.target === null ? null : deployJson(s.target),
    })),
    suspectToImpactMs: change.suspectToImpactMs,
    suspectToDeclareMs: change.suspectToDeclareMs,
    rollbacks: change.rollbacks.map((r) => ({
      rollbackId: r.rollbackId,
      service: r.service,
      environment: r.environment,
      from: r.from,
      target: { version: r.target.version, deployId: r.target.deployId },
      driver: r.driver,
      plan: r.plan,
      alsoRollsBack: [...r.alsoRollsBack],
      status: r.status,
      requestedAt: isoUtc(r.requestedAt),
      requestedBy: r.requestedBy,
      dispatchedAt: iso(r.dispatchedAt),
      remote: r.remote,
      url: r.url,
      failedAt: iso(r.failedAt),
      failure: r.failure === null ? null : { system: r.failure.system, error: r.failure.error },
      deployedAt: iso(r.deployedAt),
      deploy: r.deploy === null ? null : deployJson(r.deploy),
    })),
    deploysDuring: change.deploysDuring.map((d) => ({
      deploy: deployJson(d.deploy),
      state: d.state,
      frozen: d.frozen,
      rollbackId: d.rollbackId,
      reportedAt: isoUtc(d.reportedAt),
    })),
  };
}

function customerJson(m: CustomerMessageView): TimelineJson['customersTold'][number] {
  if (m.via === 'slack') return { via: 'slack', at: isoUtc(m.at), by: m.by, draft: m.draft, text: m.text };
  return {
    via: 'status-page',
    publishId: m.publishId,
    outcome: m.outcome,
    at: isoUtc(m.at),
    requestedAt: isoUtc(m.requestedAt),
    requestedBy: m.requestedBy,
    name: m.name,
    status: m.status,
    components: m.components.map((c) => ({ componentId: c.componentId, service: c.service, status: c.status })),
    body: m.body,
    notify: m.notify,
    statuspageIncidentId: m.statuspageIncidentId,
    url: m.url,
    error: m.error,
  };
}

/** The lists that grow with the log: the document holds them empty, and toJsonChunks writes them a batch at a time. */
const STREAMED = {
  handoffs: (timeline: Timeline) =>
    mapped(timeline.handoffs, (h) => ({
      role: h.role,
      label: h.label,
      from: h.from,
      to: h.to,
      offeredAt: isoUtc(h.offeredAt),
      answeredAt: iso(h.answeredAt),
      outcome: h.outcome,
      reason: h.reason,
    })),
  updates: (timeline: Timeline) =>
    mapped(timeline.updates, (u) => ({ at: isoUtc(u.at), by: u.by, text: u.text, audience: u.audience })),
  pins: (timeline: Timeline) =>
    mapped(timeline.pins, (p) => ({ at: isoUtc(p.at), author: p.author, text: p.text, ts: p.ts })),
  followUps: (timeline: Timeline) =>
    mapped(timeline.followUps, (f) => ({ at: isoUtc(f.at), by: f.by, text: f.text, owner: f.owner })),
  notes: (timeline: Timeline) => mapped(timeline.notes, (n) => ({ at: isoUtc(n.at), by: n.by, text: n.text })),
  customersTold: (timeline: Timeline) => mapped(timeline.customersTold, customerJson),
  statusChanges: (timeline: Timeline) =>
    mapped(timeline.statusChanges, (c) => ({ at: isoUtc(c.at), status: c.status })),
  severityChanges: (timeline: Timeline) =>
    mapped(timeline.severityChanges, (c) => ({ at: isoUtc(c.at), severity: c.severity })),
  entries: (timeline: Timeline) =>
    mapped(timeline.entries, (e) => ({
      seq: e.seq,
      at: isoUtc(e.at),
      recordedAt: isoUtc(e.recordedAt),
      actor: e.actor,
      kind: e.kind,
      type: e.type,
      text: e.text,
    })),
} satisfies Partial<Record<keyof TimelineJson, (timeline: Timeline) => Iterable<unknown>>>;

/** Items of a STREAMED list checked and written at once: one call each for many small items. */
const JSON_BATCH = 500;

function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

const isStreamed = (key: string): key is keyof typeof STREAMED => Object.hasOwn(STREAMED, key);

/**
 * The schema of each STREAMED list, compiled (`z.compile`: the same results and errors, a fraction of the time per
 * item) the first time a document has one: a few ms, once a process, against a check of every entry of the log.
 */
const listChecks = new Map<keyof typeof STREAMED, z.ZodType>();
function listCheck(key: keyof typeof STREAMED): z.ZodType {
  let check = listChecks.get(key);
  if (!check) {
    check = z.compile(timelineJsonSchema.shape[key]);
    listChecks.set(key, check);
  }
  return check;
}

/** The document, with the STREAMED lists empty. */
function documentOf(timeline: Timeline): TimelineJson {
  const { incident: i, metrics: m } = timeline;
  return {
    version: TIMELINE_JSON_VERSION,
    schema_version: TIMELINE_JSON_SCHEMA_VERSION,
    generatedAt: isoUtc(timeline.generatedAt),
    timeZone: timeline.timeZone,
    incident: {
      id: i.id,
      title: i.title,
      severity: i.severity,
      status: i.status,
      summary: i.summary,
      service: i.service,
      private: i.private,
      protocol: i.protocol,
      channel: i.channel ? { id: i.channel.id, name: i.channel.name } : null,
      declaredBy: i.declaredBy,
      declaredAt: isoUtc(i.declaredAt),
      impactStartedAt: iso(i.impactStartedAt),
      resolvedAt: iso(i.resolvedAt),
      resolution: i.resolution,
      durationMs: i.durationMs,
    },
    metrics: {
      startedFrom: m.startedFrom,
      startedAt: isoUtc(i.impactStartedAt ?? i.declaredAt),
      durations: durationsJson(m.durations),
      timeToIdentifyMs: m.timeToIdentifyMs,
      timeToRollbackMs: m.timeToRollbackMs,
      timeToFirstCommunicationMs: m.timeToFirstCommunicationMs,
      timeToFirstExternalMs: m.timeToFirstExternalMs,
      firstExternalFrom: m.firstExternalFrom,
      timeToMitigateMs: m.timeToMitigateMs,
      timeToResolveMs: m.timeToResolveMs,
      timeInStatusMs: { ...m.timeInStatusMs },
      timeInSeverityMs: { ...m.timeInSeverityMs },
    },
    roles: timeline.roles.map((r) => ({
      role: r.role,
      label: r.label,
      holders: r.holders.map((h) => ({ user: h.user, from: isoUtc(h.from), to: iso(h.to) })),
    })),
    handoffs: [],
    phases: timeline.phases.map((p) => ({
      id: p.id,
      title: p.title,
      parallel: p.parallel,
      startedAt: iso(p.startedAt),
      endedAt: iso(p.endedAt),
      steps: p.steps.map((s) => ({
        number: s.number,
        id: s.id,
        title: s.title,
        owner: s.owner,
        ownerLabel: s.ownerLabel,
        status: s.status,
        at: iso(s.at),
        by: s.by,
        durationMs: s.durationMs,
        inputs: { ...s.inputs },
        reason: s.reason,
      })),
    })),
    updates: [],
    pins: [],
    followUps: [],
    notes: [],
    change: changeJson(timeline.change),
    customersTold: [],
    statusChanges: [],
    severityChanges: [],
    entries: [],
    people: { ...timeline.people },
  };
}

/**
 * The timeline as a JSON document (2-space indented, trailing newline), checked against `timelineJsonSchema`.
 * Fields are copied one by one: a field added to the model stays out of the JSON until the schema has it.
 * @throws ZodError when the document does not match the schema (a bug: the projection and the schema drifted).
 * @example
 * const doc = timelineJsonSchema.parse(JSON.parse(toJson(timeline)));
 */
export function toJson(timeline: Timeline): string {
  return joined(toJsonChunks(timeline));
}

/**
 * toJson's text in pieces: the text `JSON.stringify(timelineJsonSchema.parse(document), null, 2)` would give,
 * with the lists that grow with the log (STREAMED: entries, notes, updates…) checked and written JSON_BATCH items
 * at a time, so that the whole document is never held. Each batch is checked against the schema before it is
 * written.
 * @throws ZodError as toJson does: before anything is written for the document's fields, and for a list's items
 * before they are written.
 */
export function* toJsonChunks(timeline: Timeline): Generator<string> {
  const document = timelineJsonSchema.parse(documentOf(timeline));
  let separator = '{\n';
  // The fields in the order the schema gives them (the order JSON.stringify writes the parsed document in).
  for (const [key, value] of Object.entries(document)) {
    yield `${separator}  ${JSON.stringify(key)}: `;
    separator = ',\n';
    if (!isStreamed(key)) {
      yield nested(JSON.stringify(value, null, 2), 1);
      continue;
    }
    let opening = '[\n';
    // A batch written as this field of a document of its own is indented as in the whole document: without that
    // document's `{\n  "key": [\n` and `\n  ]\n}`, it is the batch's items, `    {…},\n    {…}`.
    const head = `{\n  ${JSON.stringify(key)}: [\n`.length;
    for (const batch of batches<unknown>(STREAMED[key](timeline), JSON_BATCH)) {
      const json = JSON.stringify({ [key]: listCheck(key).parse(batch) }, null, 2);
      yield `${opening}${json.slice(head, -'\n  ]\n}'.length)}`;
      opening = ',\n';
    }
    yield opening === '[\n' ? '[]' : '\n  ]';
  }
  yield '\n}\n';
}

/**
 * A value's 2-space-indented JSON as it reads `depth` levels down in the document: JSON.stringify writes a line
 * break only between tokens (one in a string is written as an escape), so indenting every line indents the value.
 */
function nested(json: string, depth: number): string {
  return json.replaceAll('\n', `\n${'  '.repeat(depth)}`);
}
