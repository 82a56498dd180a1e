import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSubcommands } from '../../src/slack/subcommands/index.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  type Drill,
  declareDrill,
  effectsSettled,
  fcParameters,
  formFaults,
  hostileText,
  hostileWord,
  LogAuditor,
  longText,
  PEOPLE_IDS,
  person,
  replyFaults,
  runsOf,
  SlackAuditor,
  timeoutFor,
  transportFaults,
  visibleText,
} from './support.js';

/**
 * `/incident` typed with anything at all, through the real app over HTTP: every answer is a 200 inside
 * Slack's 3 seconds that says something readable (or opens a form), and nothing typed ever puts a bad entry
 * in an incident's log or makes warroom notify a whole channel.
 */

const NAMES = allSubcommands().map((s) => s.name);

type Where = 'incident' | 'general' | 'nowhere';

const where = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Where>('incident') },
  { weight: 1, arbitrary: fc.constant<Where>('general') },
  { weight: 1, arbitrary: fc.constant<Where>('nowhere') },
);

/** A subcommand name as typed: exact, in another case, or some other word. */
const subcommandName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...NAMES).map((n) => n.toUpperCase()) },
  { weight: 2, arbitrary: hostileWord },
);

/** `<name><separator><anything>`. */
const freeText = fc
  .tuple(
    fc.constantFrom('', ' ', '  ', '\t', '\n', ' \u00a0'),
    subcommandName,
    fc.constantFrom(' ', '', '\n'),
    hostileText,
  )
  .map(([lead, name, sep, rest]) => `${lead}${name}${sep}${rest}`);

const mention = fc.oneof(
  fc.constantFrom(...PEOPLE_IDS).map((id) => `<@${id}|someone>`),
  fc.constantFrom(...PEOPLE_IDS).map((id) => `<@${id}>`),
  fc.constantFrom(
    'me',
    'ME',
    '<@U0NOBODY99>',
    '<@W0123ABC|w>',
    '<@U0LEE00003',
    '@lee',
    '<!channel>',
    '<@>',
    '<@u0lee00003>',
  ),
  hostileWord,
);
const roleWord = fc.oneof(
  fc.constantFrom('commander', 'Commander', 'ops', 'OPS', 'comms', 'scribe', 'Scribe', 'nobody'),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', ''),
  hostileWord,
);
const stepRef = fc.oneof(
  fc.integer({ min: -2, max: 20 }).map(String),
  fc.constantFrom('name-suspect', 'start-rollback', 'verify-recovery', 'confirm-impact', 'all-clear'),
  fc.constantFrom('1.5', '01', '1e1', '0x3', 'Infinity', 'NaN', '__proto__', 'constructor'),
  hostileWord,
);
const timeArg = fc.oneof(
  fc.constantFrom('14:05', '00:00', '23:59', '24:00', '99:99', '-1:00', '20 min ago', '0 min ago', '-20 min ago'),
  fc.constantFrom('1e9 min ago', '99999999999999999999 min ago', '2026-11-28T14:05', '1970-01-01T00:00'),
  fc.constantFrom(
    '9999-12-31T23:59',
    '0000-00-00T00:00',
    '+275760-09-13T00:00',
    'yesterday',
    '3 hours ago',
    '2 days ago',
  ),
  fc.integer().map((n) => `${n} min ago`),
  hostileText,
);

/** Arguments shaped like what each subcommand expects, filled with hostile values. */
const shapedText = fc
  .oneof(
    fc.tuple(fc.constant('status'), fc.oneof(fc.constantFrom('identified', 'RESOLVED', ' monitoring '), hostileText)),
    fc.tuple(fc.constant('severity'), fc.oneof(fc.constantFrom('sev1', 'SEV4', 'sev0', 'sev5', '1'), hostileText)),
    fc.tuple(
      fc.constant('step'),
      stepRef,
      fc.constantFrom('done', 'skip', 'blocked', 'DONE', 'Skip', 'block', ''),
      fc.oneof(hostileText, longText),
    ),
    fc.tuple(fc.constant('role'), roleWord, mention),
    fc.tuple(fc.constant('role'), roleWord, mention, hostileText),
    fc.tuple(fc.constant('unassign'), roleWord),
    fc.tuple(fc.constant('handoff'), roleWord, mention),
    fc.tuple(fc.constant('handoff'), mention),
    fc.tuple(fc.constant('started'), timeArg),
    fc.tuple(fc.constant('followup'), hostileText, mention),
    fc.tuple(fc.constantFrom('note', 'update', 'reopen', 'followup'), fc.oneof(hostileText, longText)),
    fc.tuple(fc.constant('declare'), fc.constantFrom('sev1', 'SEV2', 'sev3', 'sev4', 'sev0'), hostileText),
    fc.tuple(
      fc.constant('draft'),
      fc.oneof(fc.constantFrom('internal-update', 'status-page', '../roles'), hostileWord),
    ),
    fc.tuple(
      fc.constant('export'),
      fc.oneof(fc.constantFrom('md', 'HTML', 'json', 'csv', 'pdf', '../../etc/passwd'), hostileWord),
    ),
  )
  .map((parts) => parts.join(' '));

describe('/incident with hostile text', () => {
  let h: Harness;
  let log: LogAuditor;
  let slack: SlackAuditor;
  let drill: Drill;
  let drills = 0;
  const typed: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    log = new LogAuditor(h);
    slack = new SlackAuditor(h);
    drill = await declareDrill(h, 'Hostile commands drill');
    drills = 1;
    expect(await log.newProblems()).toEqual([]);
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  const channels: Record<Where, () => string> = {
    incident: () => drill.channel,
    general: () => 'C0GENERAL01',
    nowhere: () => 'C0NOWHERE01',
  };

  /** A new incident to type into, its log followed from the start. */
  async function freshDrill(): Promise<void> {
    drills += 1;
    drill = await declareDrill(h, `Hostile commands drill ${drills}`);
    await log.newProblems();
  }

  /** Types one command and checks the answer and everything recorded since the last case. */
  async function typeAndCheck(who: string, place: Where, text: string): Promise<void> {
    // A bad entry may leave an incident unreadable; the next case gets a healthy one, so that shrinking
    // reproduces the failure instead of tripping over the wreck of the last one.
    if (log.isPoisoned(drill.id)) await freshDrill();
    typed.push(text);
    const answer = await h.emulator.user(who).command(text, { channel: channels[place]() });
    // The emulator also delivers events in the background: the command is the last delivery of its kind.
    const trigger = String(
      h.emulator.deliveries.findLast((d) => d.request.kind === 'command')?.request.payload.trigger_id,
    );
    const shown = visibleText(answer);
    const faults = [...transportFaults(answer), ...replyFaults(shown, typed)];
    if (answer.status === 200 && shown.trim() === '') faults.push(...(await formFaults(h, trigger)));
    expect(faults, `reply: ${shown.slice(0, 200)}`).toEqual([]);
    expect(await log.newProblems()).toEqual([]);
    expect(slack.broadcasts()).toEqual([]);
  }

  it(
    'should answer any /incident text with a 200 inside 3 s, readable, and never record it badly',
    async () => {
      await fc.assert(fc.asyncProperty(person, where, freeText, typeAndCheck), fcParameters(runsOf('commandText')));
    },
    timeoutFor(runsOf('commandText')),
  );

  it(
    'should answer hostile arguments shaped like each subcommand’s, and never record them badly',
    async () => {
      await fc.assert(fc.asyncProperty(person, where, shapedText, typeAndCheck), fcParameters(runsOf('commandArgs')));
    },
    timeoutFor(runsOf('commandArgs')),
  );

  // Counterexamples the properties found, cut by hand to the boundary and kept as plain cases: they fail
  // until src/ is fixed, and then guard the fix.
  it('should not record a step done whose input is longer than the log accepts (2,001 characters)', async () => {
    await freshDrill();
    await typeAndCheck('dana', 'incident', `step 3 done ${'x'.repeat(2001)}`);
  });

  it('should not record a skipped step whose reason is longer than the log accepts (4,001 characters)', async () => {
    await freshDrill();
    await typeAndCheck('dana', 'incident', `step 5 skip ${'x'.repeat(4001)}`);
  });

  it('should answer /incident draft __proto__ with the list of drafts, not a failure', async () => {
    await freshDrill();
    await typeAndCheck('dana', 'incident', 'draft __proto__');
  });

  it('should answer an impact start too far back to be a date with a readable refusal, not a failure', async () => {
    await freshDrill();
    await typeAndCheck('dana', 'incident', 'started 150000000000 min ago');
  });

  it('should, once everything typed has had its effects, have notified no one with @channel/@here/@everyone', async () => {
    await effectsSettled(h);
    expect(await log.newProblems({ everywhere: true })).toEqual([]);
    expect(slack.broadcasts({ all: true })).toEqual([]);
    expect(slack.newRefusals()).toEqual([]);
  }, 90_000);

  it('should keep hostile text out of @-notifications even in the incident feed', () => {
    const feed = h.emulator.workspace.channels.get('C0INCIDENTS');
    expect(feed?.messages.length ?? 0).toBeGreaterThan(0);
    expect(slack.broadcasts({ all: true })).toEqual([]);
  });
});
