import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf, EventType, RecordedEvent } from '../../src/incident/events.js';
import type { Severity } from '../../src/incident/severity.js';
import { type IncidentState, replay } from '../../src/incident/state.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import type { Protocol } from '../../src/protocol/definition.js';
import { nextUpdateDue } from '../../src/protocol/progress.js';
import type { EmulatedChannel } from '../../src/sandbox/workspace.js';
import { loadTemplates } from '../../src/templates/index.js';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

const PROTOCOL = readFileSync(join(TEMPLATES_DIR, 'protocols/deploy-rollback.yaml'), 'utf8');

/** The protocol with the target of the step `id` replaced by `target`. */
function withTarget(yaml: string, id: string, target: string): string {
  const changed = yaml.replace(new RegExp(`(- id: ${id}\n(?: {8}.*\n)*? {8}target: )\\{[^}]*\\}`), `$1${target}`);
  if (changed === yaml) throw new Error(`no target for step ${id} in the protocol`);
  return changed;
}

/**
 * The default protocol with targets and cadence short enough to watch: step 1 (Ops) late at 1 s, step 2
 * (Ops) at 4 s, step 4 (the commander's decision) at 2 s.
 */
const FAST = [
  ['confirm-impact', '{ sev1: 1s }'],
  ['list-changes', '{ sev1: 4s }'],
  ['decide-rollback', '{ sev1: 2s }'],
].reduce(
  (yaml, [id, target]) => withTarget(yaml, id as string, target as string),
  PROTOCOL.replace('update_cadence:\n  sev1: 20m', 'update_cadence:\n  sev1: 2s'),
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('step timers and update reminders', () => {
  let h: Harness;
  let channel: EmulatedChannel;
  let id: string;
  const reminders = () => channel.messages.filter((m) => m.text.includes(`Update due for ${id}`));
  const nudges = () => channel.messages.filter((m) => m.text.includes('is past its'));
  const calls = () => channel.messages.filter((m) => m.text.includes('is late and nobody holds'));

  beforeAll(async () => {
    h = await startHarness({ templates: { 'protocols/deploy-rollback.yaml': FAST } });
    const answer = await h.emulator.user('dana').command('declare sev1 Checkout payments failing');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    channel.members.add('U0RAJ00002');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('should ask the channel who takes a late step’s role when nobody holds it, not ping the commander', async () => {
    const call = await h.emulator.waitFor(() => calls()[0], 6000);
    expect(call.text).toBe(
      'Step 1 (Confirm impact and blast radius) is late and nobody holds Ops: <!here>, who takes Ops?',
    );
    expect(call.mentions).toEqual({ broadcasts: ['here'], users: [] });
    expect(textOf(call)).toContain('Take Ops');

    const raj = h.emulator.user('raj');
    await raj.click(call, 'role.take', { value: 'ops' });
    await waitForValue(async () =>
      (await logOf(h, id)).some((e) => e.type === 'RoleAssigned' && (e.data as { role: string }).role === 'ops'),
    );
    await h.emulator.waitFor(() => channel.messages.find((m) => m.text === `<@${raj.id}> is now *Ops* (took it)`));
  });

  it('should nudge the owner of a late step exactly once, and never for a step done in time', async () => {
    await h.emulator.user('raj').command('step list-changes done', { channel: channel.id });
    const nudge = await h.emulator.waitFor(() => nudges()[0], 6000);
    expect(nudge.text).toMatch(
      /^<@U0DANA0001> step 4 \*Decide: roll back first, debug later\* is past its 0 min target/,
    );
    expect(nudge.mentions?.users).toEqual(['U0DANA0001']);
    await sleep(3500);
    expect(nudges()).toHaveLength(1);
    expect(calls()).toHaveLength(1);
    expect(nudges().some((m) => m.text.includes('List changes'))).toBe(false);
  });

  it('should remind at the cadence, stay quiet while snoozed, and start again from an update', async () => {
    await h.emulator.waitFor(() => reminders().length >= 2, 8000);
    const [first, second] = reminders();
    expect(Number(second?.ts) - Number(first?.ts)).toBeGreaterThan(1.5);
    expect(textOf(second)).toContain('Snooze 15');

    await h.emulator.user('dana').click(second as NonNullable<typeof second>, 'reminder.snooze_15');
    await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'UpdatesSnoozed'));
    const whileSnoozed = reminders().length;
    await sleep(4500);
    expect(reminders().length).toBe(whileSnoozed);

    await h.emulator.user('dana').command('update still rolling back', { channel: channel.id });
    const posted = Date.now();
    await h.emulator.waitFor(() => reminders().length > whileSnoozed, 6000);
    expect(Date.now() - posted).toBeGreaterThanOrEqual(1500);
  });

  it('should call on the deputy too once one is seated: the deputy owns the clock', async () => {
    expect(reminders().at(-1)?.text).toMatch(new RegExp(`^<@U0DANA0001> Update due for ${id}`));
    await h.emulator.user('dana').command('role deputy <@U0SAM00004|sam>', { channel: channel.id });
    await waitForValue(async () =>
      (await logOf(h, id)).some((e) => e.type === 'RoleAssigned' && (e.data as { role: string }).role === 'deputy'),
    );
    const before = reminders().length;
    // (A reminder already on its way when the deputy was seated may still name comms alone.)
    const next = await h.emulator.waitFor(
      () =>
        reminders()
          .slice(before)
          .find((m) => m.text.includes('<@U0SAM00004>')),
      8000,
    );
    expect(next.text).toMatch(new RegExp(`^<@U0DANA0001> <@U0SAM00004> Update due for ${id}`));
    expect(next.mentions?.users).toEqual(['U0DANA0001', 'U0SAM00004']);
  });
});

describe('when the next update is due', () => {
  const MINUTE = 60_000;
  const T0 = Date.UTC(2026, 10, 28, 2, 12);
  const protocol = loadTemplates(TEMPLATES_DIR).protocols['deploy-rollback'] as Protocol;

  function recorded<T extends EventType>(seq: number, type: T, data: EventOf<T>['data'], minutes: number) {
    const at = T0 + minutes * MINUTE;
    return { incidentId: 'INC-9', seq, key: `k${seq}`, actor: 'U0DANA', at, recordedAt: at, type, v: 1, data };
  }
  /** An incident of `severity` declared at T0, with updates posted at the given minutes (and what they promised). */
  function incident(severity: Severity, updates: { at: number; promised?: number }[] = []): IncidentState {
    const events = [
      recorded(1, 'IncidentDeclared', { title: 'Checkout payments failing', severity, private: false }, 0),
      ...updates.map((u, i) =>
        recorded(
          i + 2,
          'UpdatePosted',
          { text: 'still rolling back', ...(u.promised ? { nextUpdateBy: T0 + u.promised * MINUTE } : {}) },
          u.at,
        ),
      ),
    ] as RecordedEvent[];
    return replay(events) as IncidentState;
  }
  const dueMinutes = (state: IncidentState, p: Protocol = protocol) => {
    const due = nextUpdateDue(state, p);
    return due === undefined ? undefined : (due - T0) / MINUTE;
  };

  it('should count a cadence from the declare, then from the last update', () => {
    expect(dueMinutes(incident('sev1'))).toBe(20);
    expect(dueMinutes(incident('sev2', [{ at: 10 }]))).toBe(40);
    expect(dueMinutes(incident('sev4', [{ at: 10, promised: 40 }]))).toBeUndefined();
  });

  it('should count to the time the last update promised, sooner or later than the cadence', () => {
    expect(dueMinutes(incident('sev1', [{ at: 10, promised: 55 }]))).toBe(55);
    expect(dueMinutes(incident('sev2', [{ at: 10, promised: 25 }]))).toBe(25);
    expect(dueMinutes(incident('sev1', [{ at: 10, promised: 55 }, { at: 30 }]))).toBe(50);
  });

  it('should slow updates to every 60 min once the incident has been open 2 h, but never speed them up', () => {
    expect(protocol.updateCadenceAfter).toEqual([{ after: 120 * MINUTE, every: 60 * MINUTE }]);
    expect(dueMinutes(incident('sev1', [{ at: 110 }]))).toBe(130);
    expect(dueMinutes(incident('sev1', [{ at: 125 }]))).toBe(185);
    expect(dueMinutes(incident('sev2', [{ at: 240 }]))).toBe(300);
    const later = { ...protocol, updateCadenceAfter: [{ after: 60 * MINUTE, every: 10 * MINUTE }] };
    expect(dueMinutes(incident('sev2', [{ at: 90 }]), later)).toBe(120);
    const twoSteps = {
      ...protocol,
      updateCadenceAfter: [
        { after: 60 * MINUTE, every: 45 * MINUTE },
        { after: 240 * MINUTE, every: 120 * MINUTE },
      ],
    };
    expect(dueMinutes(incident('sev1', [{ at: 90 }]), twoSteps)).toBe(135);
    expect(dueMinutes(incident('sev1', [{ at: 250 }]), twoSteps)).toBe(370);
  });
});
