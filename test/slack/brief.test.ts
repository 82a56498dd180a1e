/** @module test/slack/brief — what an incoming commander reads in the brief, from a log folded by the domain. */
import { describe, expect, it } from 'vitest';
import { buildBrief } from '../../src/incident/brief.js';
import { type EventBody, type RecordedEvent, recordedEventSchema } from '../../src/incident/events.js';
import { type IncidentState, replay } from '../../src/incident/state.js';
import type { MetricSnapshot } from '../../src/metric/snapshot.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { validateBlocks } from '../../src/sandbox/validate/blocks.js';
import { briefMessage, handoffOfferMessage, type Message } from '../../src/slack/blocks/brief.js';
import { loadTemplates } from '../../src/templates/index.js';

const rules = loadTemplates(TEMPLATES_DIR);
const TZ = 'UTC';
// 03:12 UTC, the night of the walkthrough.
const T0 = Date.UTC(2026, 10, 28, 3, 12);
const min = (n: number) => T0 + n * 60_000;
const NOW = min(53); // 04:05

/** A log as Redis would hold it, from (minute, actor, body) triples. */
function log(entries: [number, string, EventBody][]): RecordedEvent[] {
  return entries.map(([minute, actor, body], i) =>
    recordedEventSchema.parse({
      incidentId: 'INC-42',
      seq: i + 1,
      key: `k${i}`,
      actor,
      at: min(minute),
      recordedAt: min(minute) + 5,
      ...body,
    }),
  ) as RecordedEvent[];
}

function fold(events: RecordedEvent[]): IncidentState {
  const state = replay(events);
  if (!state) throw new Error('no state');
  return state;
}

const declared: [number, string, EventBody] = [
  0,
  'U0DANA',
  {
    type: 'IncidentDeclared',
    v: 1,
    data: {
      title: 'Checkout payments failing',
      severity: 'sev1',
      private: false,
      service: 'payments-api',
      protocol: 'deploy-rollback',
    },
  },
];

const suspect = {
  deployId: 'gh-1003',
  service: 'payments-api',
  environment: 'production',
  version: '2026.11.28-3',
  commit: '4f2a1c9e',
  at: min(-11),
  source: 'github',
} as const;
const lastGood = { ...suspect, deployId: 'gh-1002', version: '2026.11.28-2', commit: '9b1d3e0a', at: min(-600) };

function step(
  type: 'StepCompleted',
  phase: string,
  id: string,
  title: string,
  inputs?: Record<string, string>,
): EventBody;
function step(type: 'StepBlocked' | 'StepSkipped', phase: string, id: string, title: string, reason: string): EventBody;
function step(
  type: 'StepCompleted' | 'StepBlocked' | 'StepSkipped',
  phase: string,
  id: string,
  title: string,
  extra?: Record<string, string> | string,
): EventBody {
  if (type === 'StepCompleted') {
    return {
      type,
      v: 1,
      data: { step: id, phase, title, ...(extra ? { inputs: extra as Record<string, string> } : {}) },
    };
  }
  return { type, v: 1, data: { step: id, phase, title, reason: extra as string } };
}

/** The walkthrough's night up to 04:05: suspect named, rolled back, recovered, one step blocked, one follow-up. */
const night = log([
  declared,
  [1, 'U0RAJ', { type: 'RoleAssigned', v: 1, data: { role: 'ops', user: 'U0RAJ' } }],
  [2, 'U0DANA', { type: 'RoleAssigned', v: 1, data: { role: 'comms', user: 'U0SAM' } }],
  [
    3,
    'U0DANA',
    step('StepCompleted', 'identify', 'confirm-impact', 'Confirm impact and blast radius', {
      impact: 'EU card payments, 30% failing since 03:06',
    }),
  ],
  [9, 'U0RAJ', { type: 'SuspectNamed', v: 1, data: { deploy: suspect, target: lastGood } }],
  [
    9,
    'U0RAJ',
    step('StepCompleted', 'identify', 'name-suspect', 'Name the suspect change', {
      change: 'payments-api 2026.11.28-3 (4f2a1c9)',
    }),
  ],
  [9, 'U0RAJ', { type: 'StatusChanged', v: 1, data: { from: 'investigating', to: 'identified' } }],
  [
    10,
    'U0RAJ',
    step('StepBlocked', 'rollback', 'freeze-deploys', 'Freeze further deploys', 'CI admin locked out; asked #platform'),
  ],
  [
    12,
    'U0RAJ',
    {
      type: 'RollbackRequested',
      v: 1,
      data: {
        rollbackId: 'rb-inc-42-a1',
        service: 'payments-api',
        environment: 'production',
        current: '2026.11.28-3',
        target: { version: '2026.11.28-2', deployId: 'gh-1002' },
        driver: 'github_workflow',
        plan: 'workflow rollback.yml on main of acme/payments-api, version=2026.11.28-2',
      },
    },
  ],
  [12, 'U0RAJ', step('StepCompleted', 'rollback', 'start-rollback', 'Start the rollback', { target: '2026.11.28-2' })],
  [12, 'U0RAJ', { type: 'StatusChanged', v: 1, data: { from: 'identified', to: 'mitigating' } }],
  [13, 'warroom', { type: 'RollbackDispatched', v: 1, data: { rollbackId: 'rb-inc-42-a1', remote: 'run-77' } }],
  [
    15,
    'warroom',
    {
      type: 'MetricBaselineRecorded',
      v: 1,
      data: {
        service: 'payments-api',
        label: 'checkout error rate',
        unit: '%',
        value: 0.003,
        from: min(-66),
        to: min(-6),
      },
    },
  ],
  [
    20,
    'warroom',
    {
      type: 'RollbackDeployed',
      v: 1,
      data: { rollbackId: 'rb-inc-42-a1', deploy: { ...lastGood, deployId: 'gh-1004', at: min(20) } },
    },
  ],
  [20, 'warroom', step('StepCompleted', 'rollback', 'confirm-deployed', 'Confirm the rollback is deployed')],
  [
    29,
    'warroom',
    {
      type: 'RecoveryObserved',
      v: 1,
      data: { service: 'payments-api', label: 'checkout error rate', unit: '%', value: 0.0031, baseline: 0.003 },
    },
  ],
  [
    37,
    'U0RAJ',
    step('StepCompleted', 'rollback', 'verify-recovery', 'Verify recovery on the key metric', {
      evidence: 'https://grafana.example.com/d/checkout-errors',
    }),
  ],
  [37, 'U0RAJ', { type: 'StatusChanged', v: 1, data: { from: 'mitigating', to: 'monitoring' } }],
  [
    38,
    'U0DANA',
    { type: 'FollowUpAdded', v: 1, data: { text: 'Add a canary stage for payments-api releases', owner: 'U0RAJ' } },
  ],
  [
    43,
    'U0SAM',
    {
      type: 'UpdatePosted',
      v: 1,
      data: { text: 'Error rate back to baseline,\nwatching for 30 min', nextUpdateBy: min(73) },
    },
  ],
  [
    48,
    'U0DANA',
    {
      type: 'HandoffOffered',
      v: 1,
      data: { offerId: 'commander-1', role: 'commander', from: 'U0DANA', to: 'U0LEE', expiresAt: min(63) },
    },
  ],
]);

const snapshot: MetricSnapshot = {
  service: 'payments-api',
  label: 'checkout error rate',
  unit: '%',
  healthy: '< 0.01',
  at: NOW - 20_000,
  value: 0.004,
  isHealthy: true,
  sparkline: '▇▇▅▂▁▁▁▁',
  graph: 'https://grafana.example.com/d/checkout-errors',
  unavailableSince: undefined,
  unavailableReason: undefined,
};

/** All text a reader sees in a message's blocks, joined. */
function textOf(message: Message): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') parts.push(value);
        else walk(value);
      }
    }
  };
  walk(message.blocks);
  return parts.join('\n');
}

/** The section that starts with `*title*`, or undefined when the brief leaves it out. */
function sectionText(message: Message, title: string): string | undefined {
  for (const block of message.blocks) {
    if (block.type !== 'section' || !block.text) continue;
    if (block.text.text.startsWith(`*${title}*\n`)) return block.text.text;
  }
  return undefined;
}

function expectValid(message: Message): void {
  expect(validateBlocks(message.blocks, { pointer: '/blocks', maxBlocks: 50 })).toEqual([]);
  for (const block of message.blocks) {
    if (block.type === 'section' && block.text) expect([...block.text.text].length).toBeLessThanOrEqual(3000);
  }
}

const SECTIONS = ['Key metric', 'Change', 'Due', 'Blocked', 'Last update', 'Steps', 'Milestones', 'Follow-ups'];

describe('the brief an incoming commander reads', () => {
  const state = fold(night);
  const message = briefMessage(buildBrief(state, night, rules, NOW, snapshot), TZ);
  const text = textOf(message);

  it('should name the suspect change and where the rollback went', () => {
    expect(sectionText(message, 'Change')).toBe(
      [
        '*Change*',
        '🎯 Suspect payments-api 2026.11.28-3 (4f2a1c9) · named 03:21 by <@U0RAJ>',
        '✅ Rolled back payments-api → `2026.11.28-2` · deployed 03:32',
      ].join('\n'),
    );
  });

  it('should show the key metric now against its baseline and threshold, and since when it recovered', () => {
    expect(sectionText(message, 'Key metric')).toBe(
      '*Key metric*\ncheckout error rate 0.4% now (baseline 0.3%, healthy &lt; 1%) · recovered from 03:41 · ' +
        '<https://grafana.example.com/d/checkout-errors|graph>',
    );
  });

  it('should list a blocked step with its reason', () => {
    expect(sectionText(message, 'Blocked')).toBe(
      '*Blocked*\n⛔ *Freeze further deploys*: CI admin locked out; asked #platform · since 03:22, <@U0RAJ>',
    );
  });

  it('should show steps done with their evidence, without repeating the suspect and the rollback', () => {
    const steps = sectionText(message, 'Steps');
    expect(steps).toContain('03:15 ✅ *Confirm impact and blast radius*: EU card payments, 30% failing since 03:06');
    expect(steps).toContain(
      '03:49 ✅ *Verify recovery on the key metric*: https://grafana.example.com/d/checkout-errors',
    );
    expect(steps).not.toContain('Name the suspect change');
    expect(steps).not.toContain('Start the rollback');
    expect(steps).not.toContain('Confirm the rollback is deployed');
  });

  it('should carry the open follow-ups with their owners', () => {
    expect(sectionText(message, 'Follow-ups')).toBe(
      '*Follow-ups*\n• Add a canary stage for payments-api releases · <@U0RAJ>',
    );
  });

  it('should quote the last update, who posted it and when, and say when the next is due', () => {
    expect(sectionText(message, 'Last update')).toBe(
      '*Last update*\n03:55 by <@U0SAM>: “Error rate back to baseline, watching for 30 min”',
    );
    expect(sectionText(message, 'Due')).toContain('04:25 next update due · in 20 min');
  });

  it('should list what is due: the offer lapsing and the steps past their target, with their owners', () => {
    const due = sectionText(message, 'Due') ?? '';
    expect(due).toContain('04:15 Commander offer lapses unless accepted by <@U0LEE> · in 10 min');
    expect(due).toContain('03:22 step 2 List changes in the last 6 hours (Ops) <@U0RAJ> · *overdue by 43 min*');
    expect(due).toContain('03:17 step 10 First internal update (Comms) <@U0SAM> · *overdue by 48 min*');
    // Blocked steps are listed with their reason instead; steps not yet due are not listed.
    expect(due).not.toContain('Freeze further deploys');
    expect(due).not.toContain('Keep watching');
    expect(due).not.toContain('Confirm the rollback is deployed');
  });

  it('should keep what is already in the offer message out of the brief it carries', () => {
    const offer = state.offers['commander-1'];
    if (!offer) throw new Error('no offer');
    const offered = handoffOfferMessage(buildBrief(state, night, rules, NOW, snapshot), offer, 'Commander', TZ);
    expect(textOf(offered)).toContain('The offer lapses at 04:15');
    expect(textOf(offered)).not.toContain('offer lapses unless accepted');
    expect(textOf(offered)).toContain('Suspect payments-api 2026.11.28-3');
    expectValid(offered);
  });

  it('should be blocks Slack accepts', () => {
    expectValid(message);
    expect(text).toContain('*INC-42* · SEV1 · Monitoring · 53 min');
  });
});

describe('the key metric in the brief', () => {
  const state = fold(night);
  const metricOf = (metric?: MetricSnapshot) =>
    sectionText(briefMessage(buildBrief(state, night, rules, NOW, metric), TZ), 'Key metric');

  it('should say since when the metric could not be read', () => {
    const down = { ...snapshot, value: undefined, isHealthy: undefined, unavailableSince: min(49) };
    expect(metricOf(down)).toContain('checkout error rate: metric unavailable since 04:01 (baseline 0.3%');
    expect(metricOf(down)).not.toContain('now');
  });

  it('should flag an unhealthy value and a reading the poller has not refreshed', () => {
    const stale = { ...snapshot, value: 0.041, isHealthy: false, at: min(45) };
    expect(metricOf(stale)).toContain(
      'checkout error rate 4.1% now (baseline 0.3%, healthy &lt; 1%) · *unhealthy* · read 03:57',
    );
  });

  it('should fall back to the baseline and the recovery the log holds when the caller has no snapshot', () => {
    expect(metricOf()).toBe('*Key metric*\ncheckout error rate (baseline 0.3%) · recovered from 03:41');
  });
});

describe('the brief of an incident with nothing in it yet', () => {
  const events = log([declared]);
  const state = fold(events);

  it('should leave out every empty section, keeping only who is seated and the first update due', () => {
    const message = briefMessage(buildBrief(state, events, rules, min(2)), TZ);
    for (const title of SECTIONS.filter((s) => s !== 'Due')) expect(sectionText(message, title)).toBeUndefined();
    expect(sectionText(message, 'Due')).toBe('*Due*\n03:32 first update due · in 18 min');
    expect(sectionText(message, 'Open')).toContain('Comms is not seated');
    expectValid(message);
  });

  it('should show no timers at all without a protocol that sets a cadence', () => {
    const bare = log([
      [
        0,
        'U0DANA',
        { type: 'IncidentDeclared', v: 1, data: { title: 'Odd latency', severity: 'sev3', private: false } },
      ],
    ]);
    const message = briefMessage(buildBrief(fold(bare), bare, rules, min(2)), TZ);
    for (const title of SECTIONS) expect(sectionText(message, title)).toBeUndefined();
  });
});

describe('a brief of a long night', () => {
  it('should stay within Slack limits however much the log holds', () => {
    const long = 'x'.repeat(3900);
    const many: [number, string, EventBody][] = [declared];
    for (let i = 0; i < 60; i++) {
      many.push([10 + i, 'U0DANA', { type: 'FollowUpAdded', v: 1, data: { text: `${i} ${long}`, owner: 'U0RAJ' } }]);
      many.push([10 + i, 'U0DANA', { type: 'NoteAdded', v: 1, data: { text: `<!channel> ${long}` } }]);
      many.push([10 + i, 'U0DANA', { type: 'SeverityChanged', v: 1, data: { from: 'sev1', to: 'sev1' } }]);
    }
    many.push([80, 'U0SAM', { type: 'UpdatePosted', v: 1, data: { text: long } }]);
    const events = log(many);
    const message = briefMessage(buildBrief(fold(events), events, rules, min(90), snapshot), TZ);
    expectValid(message);
    expect(sectionText(message, 'Follow-ups')).toContain('…and 52 more follow-ups');
    expect(textOf(message)).not.toContain('<!channel>');
  });
});
