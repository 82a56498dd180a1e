/** @module export/json — the timeline as versioned JSON: `toJson`, to the layout in ./json-schema.ts. */
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

/**
 * The timeline as a JSON document (2-space indented, trailing newline), checked against `timelineJsonSchema`.
 * Fields are copied one by one: a field added to the model stays out of the JSON until the schema has it.
 * @throws ZodError when the document does not match the schema (a bug: the projection and the schema drifted).
 * @example
 * const doc = timelineJsonSchema.parse(JSON.parse(toJson(timeline)));
 */
export function toJson(timeline: Timeline): string {
  const { incident: i, metrics: m } = timeline;
  const document: TimelineJson = {
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
    handoffs: timeline.handoffs.map((h) => ({
      role: h.role,
      label: h.label,
      from: h.from,
      to: h.to,
      offeredAt: isoUtc(h.offeredAt),
      answeredAt: iso(h.answeredAt),
      outcome: h.outcome,
      reason: h.reason,
    })),
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
    updates: timeline.updates.map((u) => ({ at: isoUtc(u.at), by: u.by, text: u.text, audience: u.audience })),
    pins: timeline.pins.map((p) => ({ at: isoUtc(p.at), author: p.author, text: p.text, ts: p.ts })),
    followUps: timeline.followUps.map((f) => ({ at: isoUtc(f.at), by: f.by, text: f.text, owner: f.owner })),
    notes: timeline.notes.map((n) => ({ at: isoUtc(n.at), by: n.by, text: n.text })),
    change: changeJson(timeline.change),
    customersTold: timeline.customersTold.map(customerJson),
    statusChanges: timeline.statusChanges.map((c) => ({ at: isoUtc(c.at), status: c.status })),
    severityChanges: timeline.severityChanges.map((c) => ({ at: isoUtc(c.at), severity: c.severity })),
    entries: timeline.entries.map((e) => ({
      seq: e.seq,
      at: isoUtc(e.at),
      recordedAt: isoUtc(e.recordedAt),
      actor: e.actor,
      kind: e.kind,
      type: e.type,
      text: e.text,
    })),
    people: { ...timeline.people },
  };
  return `${JSON.stringify(timelineJsonSchema.parse(document), null, 2)}\n`;
}
