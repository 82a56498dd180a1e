/**
 * @module export/json-schema
 * The timeline's JSON layout as a zod schema (schema 3, v1 readable): what every field is, with its
 * description; docs/timeline-json.md is written from it.
 */
import { z } from 'zod';
import { COMPONENT_STATUSES, STATUS_PAGE_STATUSES } from '../incident/events.js';
import { SEVERITIES } from '../incident/severity.js';
import { STATUSES } from '../incident/status.js';

/**
 * The compatibility line of the JSON layout (`version`): it stays 1 while every v1 field keeps its name, type and
 * meaning, so that a v1 reader reads every document; renaming, removing or changing the meaning of a field bumps it.
 */
export const TIMELINE_JSON_VERSION = 1;

/**
 * The revision of the layout (`schema_version`): adding a field bumps it. 2 added `change`, `customersTold`, the time
 * to the first external communication and each update's `audience` (docs/timeline-json.md, "Changes from v1"); 3
 * added `metrics.durations`, the key durations with their definitions ("Changes in schema 3").
 */
export const TIMELINE_JSON_SCHEMA_VERSION = 3;

const time = z.iso.datetime({ precision: 3 }).describe('A moment, ISO 8601 in UTC with milliseconds');
const ms = z.number().int().describe('A duration in milliseconds');
const user = z.string().describe("A Slack user id, or 'warroom' for what the app did itself");
const status = z.enum(STATUSES);
const severity = z.enum(SEVERITIES);
const ENTRY_KINDS = [
  'declared',
  'impact',
  'status',
  'severity',
  'role',
  'handoff',
  'step',
  'update',
  'note',
  'pin',
  'followup',
  'change',
  'statuspage',
  'page',
  'resolved',
  'reopened',
  'system',
] as const;

const incidentSchema = z
  .object({
    id: z.string().describe('The incident id, e.g. INC-42'),
    title: z.string(),
    severity: severity.describe('Severity at the export'),
    status: status.describe('Status at the export'),
    summary: z.string().nullable().describe('The summary given at declare'),
    service: z.string().nullable(),
    private: z.boolean(),
    protocol: z.string().nullable().describe('The protocol template the incident ran'),
    channel: z.object({ id: z.string(), name: z.string() }).strict().nullable(),
    declaredBy: user,
    declaredAt: time,
    impactStartedAt: time.nullable().describe('The backdated impact start (the latest one recorded)'),
    resolvedAt: time.nullable().describe('The last resolution; null while open'),
    resolution: z.string().nullable(),
    durationMs: ms.nullable().describe('From metrics.startedAt to resolvedAt; null while open'),
  })
  .strict();

const countsFrom = z.enum(['impact', 'declare']);

/** One key duration: from one moment to another, which milestone it reached, and the words that define it. */
function durationSchema<const M extends readonly [string, ...string[]]>(milestones: M, meaning: string) {
  return z
    .object({
      ms: ms.nullable().describe('null when either moment was never recorded; then `to` and `milestone` are null'),
      countsFrom: countsFrom.describe('What it counts from: the impact start or the declare'),
      from: time.nullable().describe('The moment it counts from'),
      to: time.nullable().describe('The moment its milestone was reached'),
      milestone: z.enum(milestones).nullable().describe('Which milestone it counted to'),
      definition: z.string().describe('One line, without times, as the Markdown and HTML exports show it'),
    })
    .strict()
    .describe(meaning);
}

/** New in schema 3: the key durations, rebuilt from the log, each with its definition. */
const durationsSchema = z
  .object({
    detect: durationSchema(['declare'], 'Impact start → declare; null without a recorded impact start'),
    acknowledge: durationSchema(
      ['declare', 'handoff', 'assignment'],
      "Declare → a person in command: a person's declare seats them at once (0)",
    ),
    identify: durationSchema(['suspect', 'status'], '→ the first suspect named, else the first move to Identified+'),
    mitigate: durationSchema(
      ['key-metric', 'monitoring'],
      "→ impact ended: the key metric's first healthy minute, else the first move to Monitoring",
    ),
    resolve: durationSchema(['resolved'], '→ the last resolution'),
    firstInternal: durationSchema(['update'], '→ the first status update posted in Slack, any audience'),
    firstExternal: durationSchema(
      ['status-page', 'slack-draft'],
      '→ the first status-page publish, else the first customer update in Slack',
    ),
  })
  .strict();

const metricsSchema = z
  .object({
    startedFrom: countsFrom,
    startedAt: time.describe('What every metric and T+ counts from'),
    durations: durationsSchema,
    timeToIdentifyMs: ms.nullable().describe('v1: the first move to Identified or beyond'),
    timeToRollbackMs: ms.nullable().describe('v1: the first move to Monitoring'),
    timeToFirstCommunicationMs: ms.nullable().describe('To the first update posted in Slack, any audience'),
    timeToFirstExternalMs: ms.nullable().describe('To the first status-page publish, else the first customer update'),
    firstExternalFrom: z.enum(['status-page', 'slack-draft']).nullable(),
    timeToMitigateMs: ms.nullable().describe('v1: the first move to Mitigating or beyond'),
    timeToResolveMs: ms.nullable(),
    timeInStatusMs: z.partialRecord(status, ms),
    timeInSeverityMs: z.partialRecord(severity, ms),
  })
  .strict();

const roleSchema = z
  .object({
    role: z.string(),
    label: z.string(),
    holders: z.array(z.object({ user, from: time, to: time.nullable() }).strict()),
  })
  .strict();

const handoffSchema = z
  .object({
    role: z.string(),
    label: z.string(),
    from: user.nullable(),
    to: user,
    offeredAt: time,
    answeredAt: time.nullable(),
    outcome: z.enum(['accepted', 'declined', 'expired', 'withdrawn', 'pending']),
    reason: z.string().nullable(),
  })
  .strict();

const stepSchema = z
  .object({
    number: z.number().int().positive(),
    id: z.string(),
    title: z.string(),
    owner: z.string(),
    ownerLabel: z.string(),
    status: z.enum(['open', 'done', 'skipped', 'blocked']),
    at: time.nullable(),
    by: user.nullable(),
    durationMs: ms.nullable(),
    inputs: z.record(z.string(), z.string()),
    reason: z.string().nullable(),
  })
  .strict();

const phaseSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    parallel: z.boolean(),
    startedAt: time.nullable(),
    endedAt: time.nullable(),
    steps: z.array(stepSchema),
  })
  .strict();

const deploySchema = z
  .object({
    deployId: z.string().describe("The deploy system's id for it"),
    service: z.string(),
    environment: z.string(),
    version: z.string().describe('What people call the release'),
    commit: z.string().nullable().describe('The full commit, when reported'),
    url: z.string().nullable().describe('As reported, unchecked: link it only if it is http(s)'),
    author: z.string().nullable(),
    at: time.describe('When it went live (or reached the state it was reported in)'),
    source: z.enum(['github', 'argocd', 'webhook', 'cli']),
  })
  .strict()
  .describe('A deploy as the deploy system reported it');

const suspectSchema = z
  .object({ namedAt: time, namedBy: user, deploy: deploySchema, target: deploySchema.nullable() })
  .strict();

const rollbackSchema = z
  .object({
    rollbackId: z.string(),
    service: z.string(),
    environment: z.string(),
    from: z.string().nullable().describe('The version live when it was confirmed'),
    target: z.object({ version: z.string(), deployId: z.string().nullable() }).strict(),
    driver: z.enum(['github_workflow', 'argocd', 'webhook']),
    plan: z.string().describe('What was to run, in words'),
    alsoRollsBack: z.array(z.string()),
    status: z.enum(['requested', 'dispatched', 'failed', 'deployed']),
    requestedAt: time,
    requestedBy: user,
    dispatchedAt: time.nullable(),
    remote: z.string().nullable(),
    url: z.string().nullable().describe('As reported, unchecked: link it only if it is http(s)'),
    failedAt: time.nullable(),
    failure: z.object({ system: z.string(), error: z.string() }).strict().nullable(),
    deployedAt: time.nullable().describe("When the target went live (the deploy's own time)"),
    deploy: deploySchema.nullable(),
  })
  .strict();

const landedSchema = z
  .object({
    deploy: deploySchema,
    state: z.enum(['queued', 'pending', 'in_progress', 'success', 'failure', 'error', 'inactive']),
    frozen: z.boolean().describe('Whether the deploy freeze held when it landed'),
    rollbackId: z.string().nullable().describe('The rollback this deploy is, when warroom started it'),
    reportedAt: time,
  })
  .strict();

const lead = ms.nullable().describe('From the suspect going live to the moment: negative when it went live after');

/** New in v2: what changed. Always present; empty arrays and null durations when warroom recorded none of it. */
const changeSchema = z
  .object({
    suspects: z.array(suspectSchema).describe('Every suspect named, in order: the last is the suspect'),
    suspectToImpactMs: lead,
    suspectToDeclareMs: lead,
    rollbacks: z.array(rollbackSchema),
    deploysDuring: z.array(landedSchema),
  })
  .strict();

const said = z.object({ at: time, by: user, text: z.string() }).strict();
const audience = z.enum(['internal', 'customers']);
const updateSchema = said.extend({ audience: audience.describe('Who it was written for') }).strict();

const publishSchema = z
  .object({
    via: z.literal('status-page'),
    publishId: z.string(),
    outcome: z.enum(['published', 'refused', 'requested']),
    at: time.describe('When Statuspage published or refused it; with no answer, when it was asked for'),
    requestedAt: time,
    requestedBy: user,
    name: z.string().nullable().describe("The incident's name on the page, given with the first publish"),
    status: z.enum(STATUS_PAGE_STATUSES),
    components: z.array(
      z
        .object({
          componentId: z.string(),
          service: z.string().nullable().describe('The service the catalog gives the component, when known'),
          status: z.enum(COMPONENT_STATUSES),
        })
        .strict(),
    ),
    body: z.string(),
    notify: z.boolean(),
    statuspageIncidentId: z.string().nullable(),
    url: z.string().nullable().describe('As Statuspage gave it, unchecked: link it only if it is http(s)'),
    error: z.string().nullable().describe("Statuspage's message when it refused it"),
  })
  .strict();

const customerUpdateSchema = z
  .object({ via: z.literal('slack'), at: time, by: user, draft: z.string().nullable(), text: z.string() })
  .strict();

/** New in v2: what customers were told, in time order. Always present; empty when nothing was. */
const customersToldSchema = z.array(z.discriminatedUnion('via', [publishSchema, customerUpdateSchema]));

const entrySchema = z
  .object({
    seq: z.number().int().positive(),
    at: time,
    recordedAt: time,
    actor: user,
    kind: z.enum(ENTRY_KINDS),
    type: z.string(),
    text: z.string(),
  })
  .strict();

/** The JSON export, schema v2 (readable as v1). Every field is described in docs/timeline-json.md. */
export const timelineJsonSchema = z
  .object({
    version: z.literal(TIMELINE_JSON_VERSION),
    schema_version: z.literal(TIMELINE_JSON_SCHEMA_VERSION),
    generatedAt: time,
    timeZone: z.string().describe('The display time zone (IANA name) the other exports use'),
    incident: incidentSchema,
    metrics: metricsSchema,
    roles: z.array(roleSchema),
    handoffs: z.array(handoffSchema),
    phases: z.array(phaseSchema),
    updates: z.array(updateSchema),
    pins: z.array(z.object({ at: time, author: user, text: z.string(), ts: z.string() }).strict()),
    followUps: z.array(z.object({ at: time, by: user, text: z.string(), owner: user.nullable() }).strict()),
    notes: z.array(said),
    change: changeSchema,
    customersTold: customersToldSchema,
    statusChanges: z.array(z.object({ at: time, status }).strict()),
    severityChanges: z.array(z.object({ at: time, severity }).strict()),
    entries: z.array(entrySchema),
    people: z.record(z.string(), z.string()),
  })
  .strict();

export type TimelineJson = z.infer<typeof timelineJsonSchema>;
