/** @module test/export/html-fixture — hand-built timelines for the HTML export. */
/*
 * Hand-built timelines for the HTML export: INC-42, a bad deploy of payments-api rolled back in about an hour and a
 * half (identify → roll back → communicate, one accepted and one declined handoff), shown in Europe/Madrid where it
 * crosses midnight (in UTC it does not); the same incident still open; the same incident nine minutes in, before the
 * rollback started; and one whose every user-written text is hostile markup or far too long.
 */

import type {
  Durations,
  EntryKind,
  HandoffRecord,
  KeyDuration,
  PhaseView,
  RoleHistory,
  StepRecordView,
  Timeline,
  TimelineEntry,
} from '../../src/export/model.js';
import type { Severity } from '../../src/incident/severity.js';
import type { Status } from '../../src/incident/status.js';

const MINUTE = 60_000;

/** 28 November 2026 at `hh:mm[:ss]` UTC (22:00 UTC is 23:00 in Madrid). */
export function utc(time: string): number {
  const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
  return Date.UTC(2026, 10, 28, h, m, s);
}

export const DANA = 'U01DANA';
export const RAJ = 'U02RAJ';
export const LEE = 'U03LEE';
export const MAYA = 'U04MAYA';
/** Nobody gave the export this person's name: shown by id. */
export const SAM = 'U05SAM';

const IMPACT = utc('22:07');
const DECLARED = utc('22:12');
const RESOLVED = utc('23:35');

interface StepSpec {
  id: string;
  title: string;
  owner: string;
  at: number | null;
  by: string | null;
  status?: StepRecordView['status'];
  inputs?: Record<string, string>;
  reason?: string;
}

const OWNER_LABELS: Record<string, string> = { commander: 'Commander', comms: 'Comms', ops: 'Ops' };

function phase(id: string, title: string, startedAt: number, specs: StepSpec[], parallel = false): PhaseView {
  const steps = specs.map(
    (s, i): StepRecordView => ({
      number: i + 1,
      id: s.id,
      title: s.title,
      owner: s.owner,
      ownerLabel: OWNER_LABELS[s.owner] ?? s.owner,
      status: s.status ?? (s.at === null ? 'open' : 'done'),
      at: s.at,
      by: s.by,
      durationMs: s.at === null ? null : s.at - startedAt,
      inputs: s.inputs ?? {},
      reason: s.reason ?? null,
    }),
  );
  const open = steps.some((s) => s.status === 'open' || s.status === 'blocked');
  const ended = Math.max(...steps.map((s) => s.at ?? 0));
  return { id, title, parallel, startedAt, endedAt: open ? null : ended, steps };
}

const PHASES: PhaseView[] = [
  phase('identify', 'Identify — what changed?', utc('22:12:30'), [
    { id: 'confirm-impact', title: 'Confirm impact and blast radius', owner: 'commander', at: utc('22:14'), by: DANA },
    { id: 'list-changes', title: 'List changes in the last 6 hours', owner: 'ops', at: utc('22:15:30'), by: RAJ },
    {
      id: 'name-suspect',
      title: 'Name the suspect change',
      owner: 'ops',
      at: utc('22:16:10'),
      by: RAJ,
      inputs: { change: 'payments-api release 2026.11.28-3 (4f2a1c)' },
    },
    {
      id: 'decide-rollback',
      title: 'Decide: roll back first, debug later',
      owner: 'commander',
      at: utc('22:17'),
      by: DANA,
    },
  ]),
  phase('rollback', 'Roll back', utc('22:17'), [
    { id: 'freeze-deploys', title: 'Freeze further deploys', owner: 'ops', at: utc('22:18'), by: RAJ },
    {
      id: 'start-rollback',
      title: 'Start the rollback',
      owner: 'ops',
      at: utc('22:24'),
      by: RAJ,
      inputs: { target: '2026.11.28-2' },
    },
    { id: 'confirm-deployed', title: 'Confirm the rollback is deployed', owner: 'ops', at: utc('22:30'), by: RAJ },
    {
      id: 'verify-recovery',
      title: 'Verify recovery on the key metric',
      owner: 'ops',
      at: utc('22:35'),
      by: RAJ,
      inputs: { evidence: 'https://grafana.example.com/d/checkout-errors?from=now-2h&to=now' },
    },
    { id: 'keep-watching', title: 'Keep watching for 30 minutes', owner: 'ops', at: utc('23:05'), by: RAJ },
  ]),
  phase(
    'communicate',
    'Communicate',
    utc('22:12:30'),
    [
      { id: 'first-internal-update', title: 'First internal update', owner: 'comms', at: utc('22:12:40'), by: MAYA },
      { id: 'first-status-page', title: 'First status-page message', owner: 'comms', at: utc('22:15'), by: MAYA },
      { id: 'regular-updates', title: 'Keep the update cadence', owner: 'comms', at: utc('23:30'), by: MAYA },
      {
        id: 'all-clear',
        title: 'All-clear',
        owner: 'comms',
        at: utc('23:34'),
        by: MAYA,
        status: 'skipped',
        reason: 'Folded into the resolution update',
      },
    ],
    true,
  ),
];

const ROLES: RoleHistory[] = [
  {
    role: 'commander',
    label: 'Commander',
    holders: [
      { user: DANA, from: DECLARED, to: utc('23:06') },
      { user: LEE, from: utc('23:06'), to: null },
    ],
  },
  { role: 'comms', label: 'Comms', holders: [{ user: MAYA, from: utc('22:12:20'), to: null }] },
  { role: 'ops', label: 'Ops', holders: [{ user: RAJ, from: utc('22:13'), to: null }] },
  { role: 'scribe', label: 'Scribe', holders: [] },
];

const HANDOFFS: HandoffRecord[] = [
  {
    role: 'comms',
    label: 'Comms',
    from: MAYA,
    to: SAM,
    offeredAt: utc('22:50'),
    answeredAt: utc('22:52'),
    outcome: 'declined',
    reason: 'In another incident',
  },
  {
    role: 'commander',
    label: 'Commander',
    from: DANA,
    to: LEE,
    offeredAt: utc('23:05'),
    answeredAt: utc('23:06'),
    outcome: 'accepted',
    reason: null,
  },
];

const STATUS_CHANGES: { at: number; status: Status }[] = [
  { at: DECLARED, status: 'investigating' },
  { at: utc('22:16:10'), status: 'identified' },
  { at: utc('22:24'), status: 'mitigating' },
  { at: utc('22:35'), status: 'monitoring' },
  { at: RESOLVED, status: 'resolved' },
];

const SEVERITY_CHANGES: { at: number; severity: Severity }[] = [
  { at: DECLARED, severity: 'sev2' },
  { at: utc('22:14'), severity: 'sev1' },
];

const UPDATES: Timeline['updates'] = [
  {
    at: utc('22:12:40'),
    by: MAYA,
    text: 'Card payments at checkout are failing for about 30% of customers since 23:07.\nWe are investigating; next update by 23:32.',
    audience: 'internal',
  },
  {
    at: utc('22:36'),
    by: MAYA,
    text: 'We rolled back payments-api to 2026.11.28-2 and the error rate is back to baseline. Watching it for 30 minutes.',
    audience: 'internal',
  },
  {
    at: utc('23:30'),
    by: MAYA,
    text: 'Checkout has been healthy for 55 minutes. We will close the incident shortly.',
    audience: 'internal',
  },
];

const PINS = [
  {
    at: utc('22:34:50'),
    author: RAJ,
    text: 'Checkout 5xx back under 0.1% https://grafana.example.com/d/checkout-errors',
    ts: '1795904090.000200',
  },
];

const FOLLOW_UPS = [
  { at: utc('22:50'), by: DANA, text: 'Add a canary stage to the payments-api pipeline', owner: RAJ },
  { at: utc('23:20'), by: LEE, text: 'Alert on checkout 5xx rate, not only on latency', owner: null },
];

const NOTES = [{ at: utc('22:17:20'), by: DANA, text: 'Rolling back first: the release touched the card tokenizer.' }];

const PEOPLE: Record<string, string> = { [DANA]: 'Dana', [RAJ]: 'Raj', [LEE]: 'Lee', [MAYA]: 'Maya' };

/** The timeline's entries, one per event, in log order. */
function entries(): TimelineEntry[] {
  const rows: [number, string, EntryKind, string, string][] = [
    [DECLARED, DANA, 'declared', 'IncidentDeclared', 'Declared SEV2: Checkout payments failing'],
    [utc('22:12:01'), 'warroom', 'system', 'ChannelCreated', 'Channel #inc-20261128-checkout-payments-failing'],
    [utc('22:12:02'), 'warroom', 'system', 'BoardPosted', 'Board posted'],
    [utc('22:12:20'), MAYA, 'role', 'RoleAssigned', 'Maya is Comms'],
    [IMPACT, DANA, 'impact', 'ImpactStarted', 'Impact started at 23:07 (backdated)'],
    [utc('22:12:40'), MAYA, 'update', 'UpdatePosted', `Update: ${UPDATES[0]?.text ?? ''}`],
    [utc('22:12:40'), MAYA, 'step', 'StepCompleted', 'Done: First internal update'],
    [utc('22:13'), RAJ, 'role', 'RoleAssigned', 'Raj is Ops'],
    [utc('22:14'), DANA, 'step', 'StepCompleted', 'Done: Confirm impact and blast radius'],
    [utc('22:14'), DANA, 'severity', 'SeverityChanged', 'Severity SEV2 → SEV1'],
    [utc('22:15'), MAYA, 'step', 'StepCompleted', 'Done: First status-page message'],
    [utc('22:15:30'), RAJ, 'step', 'StepCompleted', 'Done: List changes in the last 6 hours'],
    [
      utc('22:16:10'),
      RAJ,
      'step',
      'StepCompleted',
      'Done: Name the suspect change (change: payments-api release 2026.11.28-3 (4f2a1c))',
    ],
    [utc('22:16:10'), RAJ, 'status', 'StatusChanged', 'Status → Identified (step: Name the suspect change)'],
    [utc('22:17'), DANA, 'step', 'StepCompleted', 'Done: Decide: roll back first, debug later'],
    [utc('22:17:20'), DANA, 'note', 'NoteAdded', `Note: ${NOTES[0]?.text ?? ''}`],
    [utc('22:18'), RAJ, 'step', 'StepCompleted', 'Done: Freeze further deploys'],
    [utc('22:24'), RAJ, 'step', 'StepCompleted', 'Done: Start the rollback (target: 2026.11.28-2)'],
    [utc('22:24'), RAJ, 'status', 'StatusChanged', 'Status → Mitigating (step: Start the rollback)'],
    [utc('22:30'), RAJ, 'step', 'StepCompleted', 'Done: Confirm the rollback is deployed'],
    [utc('22:34:50'), RAJ, 'pin', 'MessagePinned', `Pinned: ${PINS[0]?.text ?? ''}`],
    [utc('22:35'), RAJ, 'step', 'StepCompleted', 'Done: Verify recovery on the key metric'],
    [utc('22:35'), RAJ, 'status', 'StatusChanged', 'Status → Monitoring (step: Verify recovery on the key metric)'],
    [utc('22:36'), MAYA, 'update', 'UpdatePosted', `Update: ${UPDATES[1]?.text ?? ''}`],
    [utc('22:50'), DANA, 'followup', 'FollowUpAdded', `Follow-up: ${FOLLOW_UPS[0]?.text ?? ''} (owner: Raj)`],
    [utc('22:50'), MAYA, 'handoff', 'HandoffOffered', 'Maya offered Comms to U05SAM'],
    [utc('22:52'), SAM, 'handoff', 'HandoffDeclined', 'U05SAM declined Comms: In another incident'],
    [utc('23:05'), RAJ, 'step', 'StepCompleted', 'Done: Keep watching for 30 minutes'],
    [utc('23:05'), DANA, 'handoff', 'HandoffOffered', 'Dana offered Commander to Lee'],
    [utc('23:06'), LEE, 'handoff', 'HandoffAccepted', 'Lee is now Commander (handed over by Dana)'],
    [utc('23:20'), LEE, 'followup', 'FollowUpAdded', `Follow-up: ${FOLLOW_UPS[1]?.text ?? ''}`],
    [utc('23:30'), MAYA, 'update', 'UpdatePosted', `Update: ${UPDATES[2]?.text ?? ''}`],
    [utc('23:30'), MAYA, 'step', 'StepCompleted', 'Done: Keep the update cadence'],
    [utc('23:34'), MAYA, 'step', 'StepSkipped', 'Skipped: All-clear (Folded into the resolution update)'],
    [RESOLVED, LEE, 'resolved', 'IncidentResolved', 'Resolved: Rolled back payments-api to 2026.11.28-2'],
    [RESOLVED, LEE, 'status', 'StatusChanged', 'Status → Resolved'],
  ];
  return rows
    .map(([at, actor, kind, type, text], i) => ({
      seq: i + 1,
      at,
      recordedAt: at + 150 + i,
      actor,
      kind,
      type,
      text,
      audience: kind === 'update' ? ('internal' as const) : null,
    }))
    .sort((a, b) => a.at - b.at || a.seq - b.seq);
}

/** What metrics.ts writes for this incident: the key metric healthy again from 22:31, the commander Dana from the declare. */
const DURATIONS: Durations = {
  detect: {
    ms: DECLARED - IMPACT,
    countsFrom: 'impact',
    from: IMPACT,
    to: DECLARED,
    milestone: 'declare',
    definition: 'impact start → declare',
  },
  acknowledge: {
    ms: 0,
    countsFrom: 'declare',
    from: DECLARED,
    to: DECLARED,
    milestone: 'declare',
    definition:
      'declare → a person in command: the declarer, seated as commander by their own declare (0 by definition)',
  },
  identify: reached(utc('22:16:10'), 'suspect', 'impact start → the first suspect named ([Suspect] on a deploy)'),
  mitigate: reached(
    utc('22:31'),
    'key-metric',
    'impact start → impact ended, by the key metric checkout error rate (payments-api): its first healthy minute',
  ),
  resolve: reached(RESOLVED, 'resolved', 'impact start → resolved'),
  firstInternal: reached(
    utc('22:12:40'),
    'update',
    'impact start → the first status update posted in Slack, where the team sees it',
  ),
  firstExternal: {
    ms: null,
    countsFrom: 'impact',
    from: IMPACT,
    to: null,
    milestone: null,
    definition:
      'impact start → the first status-page publish; without one, the first update for customers posted in Slack',
  },
};

/** A duration from the impact start to `at`. */
function reached<M extends string>(at: number, milestone: M, definition: string): KeyDuration<M> {
  return { ms: at - IMPACT, countsFrom: 'impact', from: IMPACT, to: at, milestone, definition };
}

/** What a duration says when an export made before its milestone cannot have seen it. */
const NOT_YET: Partial<Record<keyof Durations, string>> = {
  mitigate:
    "impact start → impact ended (the key metric's first healthy minute, else the first move to Monitoring): neither happened",
  resolve: 'impact start → resolved: not resolved at the export',
};

/**
 * INC-42 from the walkthrough, resolved: impact from 23:07 Madrid, declared 23:12 (detected after 5 min, Dana in command
 * from the declare), identified after 9 min (the suspect named), the key metric healthy again after 24 min, rolled
 * back (Monitoring) after 28 min, first update after 5 min, resolved at 00:35 the next day (1 h 28 min).
 */
export function resolvedIncident(): Timeline {
  // A fresh copy each time: a test may change its timeline without changing the next test's.
  return structuredClone<Timeline>({
    incident: {
      id: 'INC-42',
      title: 'Checkout payments failing',
      severity: 'sev1',
      status: 'resolved',
      summary:
        'Card payments at checkout failed for about 30% of customers after the payments-api 2026.11.28-3 release.',
      service: 'payments-api',
      private: false,
      protocol: 'deploy-rollback',
      channel: { id: 'C0INC42', name: 'inc-20261128-checkout-payments-failing' },
      declaredBy: DANA,
      declaredAt: DECLARED,
      impactStartedAt: IMPACT,
      resolvedAt: RESOLVED,
      resolution: 'Rolled back payments-api to 2026.11.28-2',
      durationMs: RESOLVED - IMPACT,
    },
    generatedAt: utc('23:40'),
    timeZone: 'Europe/Madrid',
    metrics: {
      startedFrom: 'impact',
      durations: DURATIONS,
      timeToIdentifyMs: utc('22:16:10') - IMPACT,
      timeToRollbackMs: utc('22:35') - IMPACT,
      timeToFirstCommunicationMs: utc('22:12:40') - IMPACT,
      timeToFirstExternalMs: null,
      firstExternalFrom: null,
      timeToMitigateMs: utc('22:24') - IMPACT,
      timeToResolveMs: RESOLVED - IMPACT,
      timeInStatusMs: {
        investigating: utc('22:16:10') - IMPACT,
        identified: utc('22:24') - utc('22:16:10'),
        mitigating: 11 * MINUTE,
        monitoring: 60 * MINUTE,
      },
      timeInSeverityMs: { sev2: 7 * MINUTE, sev1: RESOLVED - utc('22:14') },
    },
    roles: ROLES,
    handoffs: HANDOFFS,
    phases: PHASES,
    updates: UPDATES,
    pins: PINS,
    followUps: FOLLOW_UPS,
    notes: NOTES,
    change: null,
    customersTold: [],
    statusChanges: STATUS_CHANGES,
    severityChanges: SEVERITY_CHANGES,
    entries: entries(),
    people: PEOPLE,
  });
}

/** The incident as an export made at `cutoff` would have seen it: what happened later is not there yet. */
function asOf(full: Timeline, cutoff: number): Timeline {
  const until = <T extends { at: number }>(list: T[]): T[] => list.filter((item) => item.at <= cutoff);
  const start = full.incident.impactStartedAt ?? full.incident.declaredAt;
  const metric = (ms: number | null): number | null => (ms !== null && start + ms <= cutoff ? ms : null);
  const statusChanges = until(full.statusChanges);
  const phases = full.phases.map((p): PhaseView => {
    const steps = p.steps.map(
      (s): StepRecordView =>
        s.at !== null && s.at <= cutoff
          ? s
          : { ...s, status: 'open', at: null, by: null, durationMs: null, inputs: {}, reason: null },
    );
    const started = p.startedAt !== null && p.startedAt <= cutoff;
    return {
      ...p,
      startedAt: started ? p.startedAt : null,
      endedAt: p.endedAt !== null && p.endedAt <= cutoff ? p.endedAt : null,
      steps,
    };
  });
  return {
    ...full,
    incident: {
      ...full.incident,
      status: statusChanges.at(-1)?.status ?? 'investigating',
      resolvedAt: null,
      resolution: null,
      durationMs: null,
    },
    generatedAt: cutoff,
    metrics: {
      ...full.metrics,
      timeToIdentifyMs: metric(full.metrics.timeToIdentifyMs),
      timeToRollbackMs: metric(full.metrics.timeToRollbackMs),
      timeToFirstCommunicationMs: metric(full.metrics.timeToFirstCommunicationMs),
      timeToFirstExternalMs: metric(full.metrics.timeToFirstExternalMs),
      firstExternalFrom: metric(full.metrics.timeToFirstExternalMs) === null ? null : full.metrics.firstExternalFrom,
      timeToMitigateMs: metric(full.metrics.timeToMitigateMs),
      timeToResolveMs: null,
      durations: Object.fromEntries(
        Object.entries(full.metrics.durations).map(([key, d]) => [
          key,
          d.to !== null && d.to <= cutoff
            ? d
            : {
                ...d,
                ms: null,
                to: null,
                milestone: null,
                definition: NOT_YET[key as keyof Durations] ?? d.definition,
              },
        ]),
      ) as unknown as Durations,
    },
    roles: full.roles.map((r) => ({
      ...r,
      holders: r.holders
        .filter((h) => h.from <= cutoff)
        .map((h) => ({ ...h, to: h.to !== null && h.to <= cutoff ? h.to : null })),
    })),
    handoffs: full.handoffs
      .filter((h) => h.offeredAt <= cutoff)
      .map((h) =>
        h.answeredAt !== null && h.answeredAt <= cutoff
          ? h
          : { ...h, answeredAt: null, outcome: 'pending', reason: null },
      ),
    phases,
    updates: until(full.updates),
    pins: until(full.pins),
    followUps: until(full.followUps),
    notes: until(full.notes),
    statusChanges,
    severityChanges: until(full.severityChanges),
    entries: until(full.entries),
  };
}

/** INC-42 still open at 23:40 Madrid: monitoring, the rollback's last step open, time to resolve unknown. */
export function openIncident(): Timeline {
  return asOf(resolvedIncident(), utc('22:40'));
}

/**
 * INC-42 nine minutes in (23:16 Madrid): identify still open (the suspect is named), the roll back phase not started,
 * communicate under way; time to roll back, mitigate and resolve unknown.
 */
export function earlyIncident(): Timeline {
  return asOf(resolvedIncident(), utc('22:16:30'));
}

/**
 * INC-42 with 1,500 status changes between the impact start and the resolve, far more marks than the chart has lanes
 * for (a long log's flapping: the bench's 100k-event log has thousands).
 */
export function crowdedIncident(): Timeline {
  const timeline = resolvedIncident();
  const from = utc('22:08');
  const to = utc('23:34');
  const cycle = ['investigating', 'identified', 'mitigating', 'monitoring'] as const;
  timeline.statusChanges = [
    ...timeline.statusChanges.filter((c) => c.at < from),
    ...Array.from({ length: 1500 }, (_, i) => ({
      at: Math.round(from + ((to - from) * i) / 1500),
      status: cycle[i % cycle.length] as (typeof cycle)[number],
    })),
    ...timeline.statusChanges.filter((c) => c.at > to),
  ];
  return timeline;
}

/** Markup, ampersands and quotes, as a responder might type them. */
export const HOSTILE = `<script>alert("pwned")</script> & <img src=x onerror=alert('x')> "quoted" 'single'`;

/**
 * INC-42 with hostile markup in every text a person wrote (title, summary, updates, notes, pins, follow-ups, names,
 * step inputs, reasons) and labels far too long for any chart.
 */
export function hostileIncident(): Timeline {
  const full = resolvedIncident();
  const long = 'Rolling back the payments-api release across every region, cluster and cell before debugging anything';
  return {
    ...full,
    incident: {
      ...full.incident,
      title: `${HOSTILE} Checkout payments failing`,
      summary: `${HOSTILE} summary`,
      resolution: `${HOSTILE} resolution`,
      service: `${HOSTILE} service`,
      channel: { id: 'C0INC42', name: 'inc-<b>x</b>' },
    },
    phases: full.phases.map((p, i) => ({
      ...p,
      title: i === 1 ? `${HOSTILE} ${long}` : p.title,
      steps: p.steps.map(
        (s): StepRecordView => ({
          ...s,
          inputs: Object.keys(s.inputs).length > 0 ? { [`${HOSTILE} key`]: `${HOSTILE} value` } : {},
        }),
      ),
    })),
    handoffs: full.handoffs.map((h) => ({ ...h, reason: h.reason === null ? null : `${HOSTILE} reason` })),
    updates: full.updates.map((u) => ({ ...u, text: `${HOSTILE} ${u.text}` })),
    pins: full.pins.map((p) => ({ ...p, text: `${HOSTILE} pin` })),
    followUps: full.followUps.map((f) => ({ ...f, text: `${HOSTILE} follow-up` })),
    notes: full.notes.map((n) => ({ ...n, text: `${HOSTILE} note` })),
    entries: full.entries.map((e) => ({ ...e, text: `${HOSTILE} ${e.text}` })),
    people: {
      ...full.people,
      [LEE]: `${HOSTILE} Lee Fitzgerald-Montgomery-Wolfeschlegelsteinhausen the Third of Many Names`,
    },
    statusChanges: [
      ...full.statusChanges.slice(0, 2),
      { at: utc('22:16:20'), status: 'investigating' },
      { at: utc('22:16:40'), status: 'identified' },
      ...full.statusChanges.slice(2),
    ],
  };
}
