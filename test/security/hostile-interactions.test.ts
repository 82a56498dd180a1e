import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commanderOf } from '../../src/incident/state.js';
import { numberedSteps } from '../../src/protocol/definition.js';
import { BOT_ID, DEFAULT_USERS, TEAM_ID } from '../../src/sandbox/workspace.js';
import { declareModal, resolveModal, updateModal } from '../../src/slack/blocks/modals.js';
import { declineModal } from '../../src/slack/blocks/role-modals.js';
import { stepDoneModal } from '../../src/slack/blocks/step-modals.js';
import { Actions } from '../../src/slack/ids.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  APP_ID,
  type Drill,
  declareDrill,
  effectsSettled,
  fcParameters,
  hostileText,
  hostileWord,
  idOf,
  interactiveRequest,
  LogAuditor,
  longText,
  PEOPLE_IDS,
  person,
  runsOf,
  SlackAuditor,
  TEAM,
  timeoutFor,
  transportFaults,
  userRef,
} from './support.js';

/**
 * Modal submissions and button clicks built by hand, as a forger (or a confused client) could send them
 * with a valid signature: whatever the values, private_metadata and ids, warroom answers Slack with a 200
 * it understands, records nothing malformed, and lets nobody do what they may not (accept someone
 * else's handoff, resolve without being commander, …).
 */

type Json = unknown;

/** What goes in one input of a modal: a value, nothing, null, or something of the wrong type. */
type Cell =
  | { kind: 'fill'; text: string; option: number; valid: boolean; pick: string }
  | { kind: 'missing' }
  | { kind: 'null' }
  | { kind: 'wrong'; value: Json };

const cell: fc.Arbitrary<Cell> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('fill' as const),
      text: fc.oneof({ weight: 4, arbitrary: hostileText }, { weight: 1, arbitrary: longText }),
      option: fc.nat(),
      valid: fc.boolean(),
      pick: hostileWord,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'missing' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'null' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrong' as const), value: fc.jsonValue({ maxDepth: 2 }) }) },
);

/** private_metadata: what warroom put there, or something else. */
type Metadata =
  | { kind: 'right' }
  | { kind: 'otherIncident' }
  | { kind: 'noSuchIncident' }
  | { kind: 'field'; key: string; value: Json }
  | { kind: 'raw'; raw: string }
  | { kind: 'json'; value: Json }
  | { kind: 'notAString'; value: Json };

const metadata: fc.Arbitrary<Metadata> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'right' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'otherIncident' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'noSuchIncident' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('field' as const),
      key: fc.constantFrom('incidentId', 'step', 'offerId', 'declaredIn', 'responseUrl', 'kind', '__proto__'),
      value: fc.oneof(hostileText, fc.jsonValue({ maxDepth: 2 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), raw: hostileText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 2 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('notAString' as const), value: fc.jsonValue({ maxDepth: 1 }) }),
  },
);

/** Who clicks or submits: anyone, or (placeholders) the one person the drill's rules let do it. */
const RECEIVER = '$receiver';
const COMMANDER_NOW = '$commander';
const actor = fc.oneof(
  { weight: 3, arbitrary: person },
  { weight: 2, arbitrary: fc.constantFrom(RECEIVER, COMMANDER_NOW) },
);

type ModalKind = 'declare' | 'update' | 'resolve' | 'stepDone' | 'decline';

const modalCase = fc.record({
  kind: fc.constantFrom<ModalKind>('declare', 'update', 'update', 'resolve', 'stepDone', 'stepDone', 'decline'),
  who: actor,
  step: fc.nat(),
  metadata,
  cells: fc.array(cell, { minLength: 8, maxLength: 8 }),
  extra: fc.option(
    fc.dictionary(
      fc.oneof(hostileWord, fc.constantFrom('input.extra', 'title', 'reason', '__proto__')),
      fc.dictionary(hostileWord, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
      { maxKeys: 2 },
    ),
    { freq: 4 },
  ),
});

/** Placeholders in generated values, replaced by what is live in the drill when the case runs. */
const OPEN_OFFER = '$open-offer';
const CLOSED_OFFER = '$closed-offer';
const OTHER_OFFER = '$other-incident-offer';
const THIS_INCIDENT = '$this-incident';
const OTHER_INCIDENT = '$other-incident';

const actionValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(OPEN_OFFER, CLOSED_OFFER, OTHER_OFFER, THIS_INCIDENT, OTHER_INCIDENT) },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'commander',
      'ops',
      'comms',
      'scribe',
      'Ops',
      '__proto__',
      'constructor',
      'name-suspect',
      'freeze-deploys',
      'all-clear',
      '1',
      '5',
      '13',
      '14',
      '0',
      '-1',
      '15',
      '30',
      '1e9',
      'INC-0',
      'INC-999999',
      'identified',
      'resolved',
      'sev1',
      'sev9',
      '',
    ),
  },
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: longText },
);

type Selected =
  | { shape: 'option'; value: string }
  | { shape: 'null' }
  | { shape: 'missing' }
  | { shape: 'wrong'; value: Json };

type Place = 'incident' | 'otherIncident' | 'general' | 'nowhere' | 'missing';

/** An action id with a value that makes sense for it most of the time (so the happy paths run too). */
function plausible(ids: readonly string[], values: fc.Arbitrary<string>) {
  return fc.record({
    actionId: fc.constantFrom(...ids),
    value: fc.oneof({ weight: 5, arbitrary: values }, { weight: 2, arbitrary: actionValue }),
  });
}

const click = fc.oneof(
  {
    weight: 3,
    arbitrary: plausible(
      [Actions.acceptHandoff, Actions.declineHandoff],
      fc.constantFrom(OPEN_OFFER, OPEN_OFFER, CLOSED_OFFER, OTHER_OFFER),
    ),
  },
  {
    weight: 2,
    arbitrary: plausible(
      [Actions.takeRole, Actions.handOffRole],
      fc.constantFrom('ops', 'comms', 'scribe', 'commander'),
    ),
  },
  {
    weight: 2,
    arbitrary: plausible(
      [Actions.stepDone, Actions.stepSkip, Actions.stepBlock, Actions.stepDraft],
      fc.oneof(
        fc.integer({ min: 1, max: 13 }).map(String),
        fc.constantFrom('name-suspect', 'freeze-deploys', 'all-clear'),
      ),
    ),
  },
  { weight: 2, arbitrary: plausible([Actions.changeStatus, Actions.changeSeverity], actionValue) },
  {
    weight: 1,
    arbitrary: plausible([Actions.reminderSnooze15, Actions.reminderSnooze30], fc.constantFrom('15', '30')),
  },
  {
    weight: 1,
    arbitrary: plausible([Actions.exportMarkdown, Actions.exportHtml], fc.constantFrom(THIS_INCIDENT, OTHER_INCIDENT)),
  },
  {
    weight: 1,
    arbitrary: plausible(
      [Actions.postUpdate, Actions.resolve, Actions.reopen, Actions.reminderPostUpdate],
      actionValue,
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      actionId: fc.oneof(fc.constantFrom('incident.declare', 'ROLE.TAKE', 'role.take ', 'step.done.1'), hostileWord),
      value: actionValue,
    }),
  },
);

const selected: fc.Arbitrary<Selected> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      shape: fc.constant('option' as const),
      value: fc.oneof(
        {
          weight: 2,
          arbitrary: fc.constantFrom('investigating', 'identified', 'mitigating', 'monitoring', 'resolved'),
        },
        { weight: 2, arbitrary: fc.constantFrom('sev1', 'sev2', 'sev3', 'sev4') },
        { weight: 1, arbitrary: actionValue },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ shape: 'null' as const }) },
  { weight: 1, arbitrary: fc.constant({ shape: 'missing' as const }) },
  { weight: 1, arbitrary: fc.record({ shape: fc.constant('wrong' as const), value: fc.jsonValue({ maxDepth: 2 }) }) },
);

const actionCase = fc.record({
  who: actor,
  click,
  elementType: fc.constantFrom('button', 'button', 'button', 'static_select', 'overflow', 'users_select', 'datepicker'),
  withValue: fc.boolean(),
  selected,
  selectedUser: fc.oneof(fc.constantFrom(...PEOPLE_IDS), hostileWord),
  place: fc.constantFrom<Place>(
    'incident',
    'incident',
    'incident',
    'incident',
    'otherIncident',
    'general',
    'nowhere',
    'missing',
  ),
  actionTs: fc.oneof(
    { weight: 12, arbitrary: fc.constant('fresh') },
    { weight: 1, arbitrary: fc.constantFrom('', 'abc', '-1.5', '0.000001', '1e30') },
  ),
  /** How many actions the payload carries: Slack sends exactly one. */
  count: fc.oneof({ weight: 15, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(0, 2) }),
});

type ModalCase = typeof modalCase extends fc.Arbitrary<infer T> ? T : never;
type ActionCase = typeof actionCase extends fc.Arbitrary<infer T> ? T : never;

const NAME_OF = new Map(DEFAULT_USERS.map((u) => [u.id, u.name]));

/** A text input filled with `text` (and the first option of any select). */
function filled(text: string): Cell {
  return { kind: 'fill', text, option: 0, valid: true, pick: '' };
}

describe('hand-built modal submissions and clicks', () => {
  let h: Harness;
  let log: LogAuditor;
  let slack: SlackAuditor;
  let drill: Drill;
  let other: Drill;
  let drills = 0;
  let viewSeq = 0;
  const offersMade: string[] = [];

  /** Runs a command as a maintenance step and checks it did not go wrong. */
  async function command(who: string, text: string, channel: string): Promise<void> {
    const answer = await h.emulator.user(who).command(text, { channel });
    expect(answer.status, `${who}: /incident ${text}`).toBe(200);
  }

  /** A new incident to attack, its log followed from the start. */
  async function freshDrill(): Promise<void> {
    drills += 1;
    drill = await declareDrill(h, `Hostile interactions drill ${drills}`);
    await log.newProblems();
  }

  /**
   * Keeps the drill worth attacking before each case: healthy (a fresh one if the last case left a bad
   * entry), open, and with a handoff offer waiting for an answer.
   */
  async function keepDrillLive(): Promise<void> {
    expect(await log.newProblems(), 'before the case').toEqual([]);
    if (log.isPoisoned(drill.id)) await freshDrill();
    let state = log.stateOf(drill.id);
    if (!state) throw new Error(`no state for ${drill.id}`);
    const commander = NAME_OF.get(commanderOf(state)) ?? 'dana';
    if (state.status === 'resolved') {
      await command(commander, 'reopen back to the drill', drill.channel);
      await log.newProblems();
      state = log.stateOf(drill.id);
    }
    if (state && Object.keys(state.offers).length === 0) {
      const to = commander === 'lee' ? 'raj' : 'lee';
      await command(commander, `handoff commander <@${idOf(to)}|${to}>`, drill.channel);
      await log.newProblems();
      offersMade.push(...Object.keys(log.stateOf(drill.id)?.offers ?? {}));
    }
  }

  function placeholders(value: string): string {
    const state = log.stateOf(drill.id);
    const open = Object.keys(state?.offers ?? {})[0] ?? 'commander-0';
    const closed = offersMade.find((o) => !(o in (state?.offers ?? {}))) ?? 'commander-1';
    const otherOffer = Object.keys(log.stateOf(other.id)?.offers ?? {})[0] ?? 'commander-2';
    return value
      .replace(OPEN_OFFER, open)
      .replace(CLOSED_OFFER, closed)
      .replace(OTHER_OFFER, otherOffer)
      .replace(THIS_INCIDENT, drill.id)
      .replace(OTHER_INCIDENT, other.id);
  }

  /** A generated person, with the placeholders for the offer's receiver and the commander resolved. */
  function whoIs(generated: string): string {
    const state = log.stateOf(drill.id);
    if (generated === RECEIVER) return NAME_OF.get(Object.values(state?.offers ?? {})[0]?.to ?? '') ?? 'lee';
    if (generated === COMMANDER_NOW) return NAME_OF.get(state ? commanderOf(state) : '') ?? 'dana';
    return generated;
  }

  async function checkAfter(): Promise<void> {
    expect(await log.newProblems()).toEqual([]);
    expect(slack.broadcasts()).toEqual([]);
  }

  beforeAll(async () => {
    h = await startHarness();
    log = new LogAuditor(h);
    slack = new SlackAuditor(h);
    drill = await declareDrill(h, 'Hostile interactions drill');
    other = await declareDrill(h, 'The other incident', 'raj');
    await command('raj', `handoff commander <@${idOf('sam')}|sam>`, other.channel);
    drills = 1;
    expect(await log.newProblems()).toEqual([]);
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  describe('modal submissions', () => {
    /** The view warroom would have opened, rebuilt with the same builders. */
    function viewFor(kind: ModalKind, step: number): { view: Record<string, unknown>; right: Record<string, unknown> } {
      const templates = h.app.services.templates;
      switch (kind) {
        case 'declare': {
          const right = {
            declaredIn: drill.channel,
            responseUrl: h.emulator.issueResponseUrl(idOf('dana'), drill.channel),
          };
          const protocols = Object.values(templates.protocols).map((p) => ({ name: p.name, title: p.title }));
          return { view: { ...declareModal(right, {}, protocols, templates.defaultProtocol) }, right };
        }
        case 'update':
          return { view: { ...updateModal(drill.id) }, right: { incidentId: drill.id } };
        case 'resolve':
          return { view: { ...resolveModal(drill.id) }, right: { incidentId: drill.id } };
        case 'stepDone': {
          const protocol = templates.protocols[log.stateOf(drill.id)?.protocol ?? templates.defaultProtocol];
          // warroom opens this form only for steps that ask for something; others are done at once.
          const steps = protocol ? numberedSteps(protocol).filter((s) => s.step.inputs.length > 0) : [];
          const numbered = steps[step % Math.max(1, steps.length)];
          if (!numbered) throw new Error('the drill runs no protocol');
          return {
            view: { ...stepDoneModal(drill.id, numbered) },
            right: { incidentId: drill.id, step: numbered.step.id },
          };
        }
        case 'decline': {
          const offerId = placeholders(OPEN_OFFER);
          return { view: { ...declineModal(drill.id, offerId) }, right: { incidentId: drill.id, offerId } };
        }
      }
    }

    function metadataOf(meta: Metadata, right: Record<string, unknown>): unknown {
      switch (meta.kind) {
        case 'right':
          return JSON.stringify(right);
        case 'otherIncident':
          return JSON.stringify({ ...right, incidentId: other.id });
        case 'noSuchIncident':
          return JSON.stringify({ ...right, incidentId: 'INC-999999' });
        case 'field':
          return JSON.stringify({ ...right, [meta.key]: meta.value });
        case 'raw':
          return meta.raw;
        case 'json':
          return JSON.stringify(meta.value);
        case 'notAString':
          return meta.value;
      }
    }

    /** What Slack puts in view.state.values for one element, from a generated cell. */
    function stateOf(element: Record<string, unknown>, c: Cell): Record<string, unknown> | undefined {
      const type = element.type;
      const options = (element.options as { value: string }[] | undefined) ?? [];
      if (c.kind === 'missing') return undefined;
      const key = type === 'static_select' ? 'selected_option' : type === 'checkboxes' ? 'selected_options' : 'value';
      if (c.kind === 'null') return { type, [key]: type === 'checkboxes' ? [] : null };
      if (c.kind === 'wrong') return { type, [key]: c.value };
      const option = c.valid && options.length > 0 ? options[c.option % options.length] : undefined;
      const picked = option ?? { text: { type: 'plain_text', text: 'x' }, value: c.pick };
      if (type === 'static_select') return { type, selected_option: picked };
      if (type === 'checkboxes') return { type, selected_options: [picked] };
      return { type, value: c.text };
    }

    /** Submits one generated form and checks the answer and everything recorded since the last case. */
    async function submitCase(c: ModalCase): Promise<void> {
      await keepDrillLive();
      const who = whoIs(c.who);
      const { view, right } = viewFor(c.kind, c.step);
      const blocks = (view.blocks as Record<string, unknown>[]).filter((b) => b.type === 'input');
      const values: Record<string, unknown> = {};
      for (const [i, block] of blocks.entries()) {
        const element = block.element as Record<string, unknown>;
        const state = stateOf(element, c.cells[i % c.cells.length] as Cell);
        if (state) values[String(block.block_id)] = { [String(element.action_id)]: state };
      }
      // Spread, not assign: a generated `__proto__` key must travel as a key, as it would in JSON.
      const submitted = c.extra ? { ...values, ...c.extra } : values;
      viewSeq += 1;
      const viewId = `VHOSTILE${viewSeq}`;
      const payload = {
        type: 'view_submission',
        team: TEAM,
        user: userRef(who),
        api_app_id: APP_ID,
        token: 'sandbox-verification-token',
        trigger_id: h.emulator.issueTrigger(idOf(who)),
        view: {
          id: viewId,
          team_id: TEAM_ID,
          type: 'modal',
          title: view.title,
          submit: view.submit ?? null,
          close: view.close ?? null,
          blocks: view.blocks,
          private_metadata: metadataOf(c.metadata, right),
          callback_id: view.callback_id,
          external_id: '',
          state: { values: submitted },
          hash: `${Date.now()}.hostile`,
          clear_on_close: false,
          notify_on_close: false,
          root_view_id: viewId,
          previous_view_id: null,
          app_id: APP_ID,
          bot_id: BOT_ID,
        },
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      };
      const answer = await h.emulator.deliver(interactiveRequest(payload));
      const faults = transportFaults(answer);
      if (answer.status === 200 && answer.body !== '') {
        const body = (answer.json ?? {}) as { response_action?: unknown; errors?: Record<string, unknown> };
        const fields = blocks.map((b) => String(b.block_id));
        if (body.response_action !== 'errors') faults.push(`answered ${answer.body.slice(0, 200)}`);
        for (const [field, message] of Object.entries(body.errors ?? {})) {
          if (!fields.includes(field)) faults.push(`names field "${field}", not in the form (${fields.join(', ')})`);
          if (typeof message !== 'string' || message.trim() === '') faults.push(`gives "${field}" no message`);
        }
      }
      expect(faults, answer.body.slice(0, 300)).toEqual([]);
      await checkAfter();
    }

    it(
      'should answer any submission of the declare, update, resolve, step-done and decline modals with 200 and a known field, and record nothing malformed',
      async () => {
        await fc.assert(fc.asyncProperty(modalCase, submitCase), fcParameters(runsOf('modals')));
      },
      timeoutFor(runsOf('modals')),
    );

    // Counterexamples the property found, kept as plain cases: they fail until src/ is fixed.
    it('should not record an update submitted with 4,001 characters (the form says 3,000; Slack enforces it, warroom does not)', async () => {
      await freshDrill();
      await submitCase({
        kind: 'update',
        who: 'dana',
        step: 0,
        metadata: { kind: 'right' },
        cells: [filled('x'.repeat(4001))],
        extra: null,
      });
    });

    it('should answer a declare form whose title is not a string with field errors, not a failure', async () => {
      await freshDrill();
      await submitCase({
        kind: 'declare',
        who: 'dana',
        step: 0,
        metadata: { kind: 'right' },
        cells: [{ kind: 'wrong', value: [] }, filled('sev2'), filled('')],
        extra: null,
      });
    });

    it('should not declare an incident that runs a protocol named __proto__', async () => {
      await freshDrill();
      await submitCase({
        kind: 'declare',
        who: 'dana',
        step: 0,
        metadata: { kind: 'right' },
        cells: [
          filled('Prototype drill'),
          filled(''),
          { kind: 'fill', text: '', option: 0, valid: false, pick: '__proto__' },
          filled(''),
          filled(''),
          { kind: 'null' },
        ],
        extra: null,
      });
    });

    it('should name only fields that are in the step form when the form comes back without its input', async () => {
      await freshDrill();
      await submitCase({
        kind: 'stepDone',
        who: 'dana',
        step: 0,
        metadata: { kind: 'right' },
        cells: [{ kind: 'missing' }],
        extra: null,
      });
    });
  });

  describe('clicks', () => {
    function channelOf(place: Place): { id: string; name: string } | undefined {
      switch (place) {
        case 'incident':
          return { id: drill.channel, name: 'incident' };
        case 'otherIncident':
          return { id: other.channel, name: 'other' };
        case 'general':
          return { id: 'C0GENERAL01', name: 'general' };
        case 'nowhere':
          return { id: 'C0NOWHERE01', name: 'nowhere' };
        case 'missing':
          return undefined;
      }
    }

    /** Sends one generated click and checks the answer and everything recorded since the last case. */
    async function clickCase(c: ActionCase): Promise<void> {
      await keepDrillLive();
      const who = whoIs(c.who);
      const channel = channelOf(c.place);
      const messageTs = h.emulator.workspace.nextTs();
      const actionTs = c.actionTs === 'fresh' ? h.emulator.workspace.nextTs() : c.actionTs;
      const base: Record<string, unknown> = {
        action_id: c.click.actionId,
        block_id: `board.${c.click.actionId}`,
        type: c.elementType,
        action_ts: actionTs,
      };
      if (c.withValue) base.value = placeholders(c.click.value);
      if (c.selected.shape === 'option') {
        base.selected_option = { text: { type: 'plain_text', text: 'x' }, value: placeholders(c.selected.value) };
      } else if (c.selected.shape === 'null') base.selected_option = null;
      else if (c.selected.shape === 'wrong') base.selected_option = c.selected.value;
      if (c.elementType === 'users_select') base.selected_user = c.selectedUser;
      const payload = {
        type: 'block_actions',
        user: userRef(who),
        api_app_id: APP_ID,
        token: 'sandbox-verification-token',
        container: channel
          ? { type: 'message', message_ts: messageTs, channel_id: channel.id, is_ephemeral: false }
          : { type: 'message', message_ts: messageTs },
        trigger_id: h.emulator.issueTrigger(idOf(who)),
        team: TEAM,
        enterprise: null,
        is_enterprise_install: false,
        ...(channel ? { channel } : {}),
        message: { type: 'message', ts: messageTs, user: 'U0WARBOT', text: 'board' },
        state: { values: {} },
        response_url: h.emulator.issueResponseUrl(idOf(who), channel?.id ?? 'C0GENERAL01', messageTs),
        actions: Array.from({ length: c.count }, () => base),
      };
      const answer = await h.emulator.deliver(interactiveRequest(payload));
      expect(transportFaults(answer), answer.body.slice(0, 300)).toEqual([]);
      await checkAfter();
    }

    it(
      'should answer any click on any of warroom’s buttons and menus with 200, and record nothing malformed or unauthorized',
      async () => {
        await fc.assert(fc.asyncProperty(actionCase, clickCase), fcParameters(runsOf('actions')));
      },
      timeoutFor(runsOf('actions')),
    );

    // Counterexamples the property found, kept as plain cases: they fail until src/ is fixed.
    const aClick = (over: Partial<ActionCase>): ActionCase => ({
      who: 'dana',
      click: { actionId: Actions.reminderSnooze15, value: '15' },
      elementType: 'button',
      withValue: true,
      selected: { shape: 'missing' },
      selectedUser: 'U0DANA0001',
      place: 'incident',
      actionTs: 'fresh',
      count: 1,
      ...over,
    });

    it('should acknowledge, inside 3 s, a click on a button warroom does not (or no longer) have', async () => {
      await freshDrill();
      await clickCase(aClick({ click: { actionId: 'reminder.snooze_60', value: '60' } }));
    });

    it('should not record a Snooze whose action_ts is not a Slack time (1e30)', async () => {
      await freshDrill();
      await clickCase(aClick({ actionTs: '1e30' }));
    });
  });

  it('should, once every submission and click has had its effects, have notified no one with @channel', async () => {
    await effectsSettled(h);
    expect(await log.newProblems({ everywhere: true })).toEqual([]);
    expect(slack.broadcasts({ all: true })).toEqual([]);
    expect(slack.newRefusals()).toEqual([]);
  }, 90_000);
});
