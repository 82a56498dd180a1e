/**
 * @module demo/drill
 * A bad-deploy drill played through the local Slack, GitHub and Prometheus emulators by several
 * responders, on the scripted clock of the walkthrough's night: two releases go out, the checkout error
 * rate climbs, declare at 03:12, roles, the impact start the metric shows, the changes card and [Suspect]
 * at 03:21, a confirmed one-click rollback at 03:24 that GitHub runs and reports back, drafts and
 * updates, the recovery the metric shows from 03:41, a pin, a handoff accepted at 04:06, a follow-up,
 * resolved at 04:40.
 */
import type { RecordedEvent } from '../incident/events.js';
import type { SlackEmulator } from '../sandbox/emulator.js';
import type { GitHubEmulator } from '../sandbox/github/emulator.js';
import type { SlackUser } from '../sandbox/people.js';
import type { EmulatedChannel, EmulatedMessage } from '../sandbox/workspace.js';
import { clock } from '../slack/time.js';
import type { ScriptedClock } from './clock.js';
import { REPO, shipReleases, workflowDispatches } from './github.js';

/**
 * The night the drill plays (the walkthrough's, in the display time zone): what the world does on its
 * own. What responders do, and when, is in the scenes below.
 */
export const NIGHT = {
  date: '2026-11-28',
  /** When warroom starts, before anything happens. */
  quietFrom: '02:40',
  goodLive: '02:47',
  badLive: '03:04',
  /** The checkout error rate: over 1% from here, peaking at the declare. */
  errorsFrom: '03:06',
  peakAt: '03:12',
  /** The rolled-back version has the traffic: the rate falls, and is healthy again from 03:41. */
  fallFrom: '03:27',
  healthyFrom: '03:41',
} as const;

export interface DrillResult {
  incidentId: string;
  channel: EmulatedChannel;
}

/** What the drill plays against: the emulators, warroom's log of an incident to wait on, and the clock. */
export interface DrillWorld {
  slack: SlackEmulator;
  github: GitHubEmulator;
  log: (incidentId: string) => Promise<RecordedEvent[]>;
  /** Resolves once nothing that the last scene set off is still running (requests, jobs, effects). */
  settle: () => Promise<void>;
  clock: Pick<ScriptedClock, 'at'>;
  /** The display time zone the script's times are in. */
  timeZone: string;
}

interface Button {
  action_id?: string;
  value?: string;
  text?: { text?: string };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function textOf(message: { blocks?: unknown[] | undefined; text?: string } | undefined): string {
  return JSON.stringify(message?.blocks ?? message?.text ?? '');
}

/** The message of a checklist phase, by the start of its title (as posted: upper case). */
function phase(channel: EmulatedChannel, title: string): EmulatedMessage | undefined {
  return channel.messages
    .filter((m) => textOf(m).startsWith(`[{"type":"section","text":{"type":"mrkdwn","text":"*${title}`))
    .at(-1);
}

/** Every button of a message: section accessories and the elements of actions blocks. */
function buttonsOf(message: EmulatedMessage): { button: Button; line: string }[] {
  const blocks = (message.blocks ?? []) as { text?: { text?: string }; accessory?: Button; elements?: Button[] }[];
  return blocks.flatMap((b) => [
    ...(b.accessory ? [{ button: b.accessory, line: b.text?.text ?? '' }] : []),
    ...(b.elements ?? []).map((button) => ({ button, line: '' })),
  ]);
}

/** Polls `check` until it gives a value; rejects after `timeoutMs` naming what it waited for. */
async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await pause(50);
  }
}

/**
 * The night of the walkthrough, scene by scene on the scripted clock: each scene starts by letting what
 * the last one set off finish, then jumps the clock to its minute.
 */
export async function runDrill(world: DrillWorld, say: (line: string) => void, paceMs: number): Promise<DrillResult> {
  const { slack: emulator, github } = world;
  const [dana, raj, sam, lee] = ['dana', 'raj', 'sam', 'lee'].map((name) => emulator.user(name)) as [
    SlackUser,
    SlackUser,
    SlackUser,
    SlackUser,
  ];
  const shown = (ms: number) => clock(ms, world.timeZone);
  const at = async (time: string, line?: string) => {
    await world.settle();
    if (paceMs > 0) await pause(paceMs);
    world.clock.at(time);
    if (line) say(`${time}  ${line}`);
  };
  const step = async (who: SlackUser, title: string, id: string) => {
    const message = await emulator.waitFor(() => phase(channel, title), 10_000);
    await who.click(message, 'step.done', { value: id });
    say(`  ${who.profile.name} marks "${id}" done`);
  };
  /** Opens a step's draft, fills in what warroom left for a person to say, and posts it. */
  const draft = async (who: SlackUser, id: string, fill: Record<string, string> = {}) => {
    const message = await emulator.waitFor(() => phase(channel, 'COMMUNICATE'), 10_000);
    const before = who.openView();
    await who.click(message, 'step.draft', { value: id });
    const view = await emulator.waitFor(() => {
      const open = who.openView();
      return open !== before && open;
    }, 5000);
    const initial = String(
      (view.view.blocks as { element?: { initial_value?: string } }[])[0]?.element?.initial_value ?? '',
    );
    const text = Object.entries(fill).reduce((t, [gap, words]) => t.replace(gap, words), initial);
    const sent = await who.submit({ update: text });
    if (sent.errors) throw new Error(`the "${id}" draft was refused: ${JSON.stringify(sent.errors)}`);
    say(`  ${who.profile.name} fills in the "${id}" draft and posts it`);
  };
  const logged = (what: string, match: (e: RecordedEvent) => boolean) =>
    until(what, async () => (await world.log(incidentId)).find(match));
  /** The message warroom posted in the channel with a button `actionId`. */
  const posted = (what: string, actionId: string) =>
    until(what, async () => channel.messages.find((m) => buttonsOf(m).some((b) => b.button.action_id === actionId)));
  const boardSays = (status: string) =>
    emulator.waitFor(() => textOf(channel.messages.find((m) => m.pinned)).includes(status), 10_000);

  say(`GitHub reports two releases of payments-api to production (${REPO}), each a signed deployment_status:`);
  const { good, bad } = await shipReleases(github, world.clock, { good: NIGHT.goodLive, bad: NIGHT.badLive });
  for (const r of [good, bad]) say(`  ${r.version} (${r.sha.slice(0, 7)}) went live at ${shown(Date.parse(r.liveAt))}`);
  say(`  from ${NIGHT.errorsFrom} the checkout error rate climbs from 0.3% towards 4%`);

  await at('03:12', 'Dana (on call) sees checkout errors climbing and declares:');
  const declared = await dana.command('declare sev1 Checkout payments failing');
  const declaredId = declared.ackText?.match(/INC-\d+/)?.[0];
  if (!declaredId) throw new Error(`the declare was not recorded: ${declared.ackText ?? declared.status}`);
  const incidentId: string = declaredId;
  say(`  → ${declared.ackText}`);
  const channel = await emulator.waitFor(() => {
    const found = [...emulator.workspace.channels.values()].find((c) => c.name.endsWith('checkout-payments-failing'));
    return found && phase(found, 'COMMUNICATE') ? found : undefined;
  }, 15_000);
  for (const person of [raj, sam, lee]) channel.members.add(person.id);
  say(`  #${channel.name} is open with its board, checklist and announcement`);
  const card = await emulator.waitFor(
    () => channel.messages.find((m) => m.text.startsWith('Changes before the impact')),
    10_000,
  );
  const listed = buttonsOf(card).filter((b) => b.button.action_id === 'changes.suspect');
  say(`  under the checklist, the changes card lists ${listed.length} deploys of payments-api, each with [Suspect]`);
  await logged('the baseline of the key metric', (e) => e.type === 'MetricBaselineRecorded');
  say('  warroom reads the checkout error rate from Prometheus: the board shows it against its baseline');

  await at('03:13', 'Raj and Sam join:');
  const board = await emulator.waitFor(() => channel.messages.find((m) => m.pinned), 5000);
  await raj.click(board, 'role.take', { value: 'ops' });
  say('  Raj takes Ops from the board');
  await sam.command('role comms me', { channel: channel.id });
  say('  Sam takes Comms');

  await at('03:14', 'the metric says when the impact began:');
  const offer = await posted('the impact start offered by the metric', 'metric.impact_start');
  say(`  warroom: "${offer.text}"`);
  await dana.click(offer, 'metric.impact_start');
  const impact = await logged('the impact start set from the metric', (e) => e.type === 'ImpactStarted');
  say(`  Dana clicks it: durations count from ${impact.type === 'ImpactStarted' ? shown(impact.data.startedAt) : '?'}`);
  await draft(sam, 'first-internal-update', {
    '<what we know so far>': 'checkout errors at 4% since 03:06, just after payments-api 2026.11.28-3 went out',
    '<what the team is doing right now>': 'looking at the payments-api releases of the last hours',
  });

  await at('03:15');
  await step(raj, 'IDENTIFY', 'confirm-impact');
  await at('03:16');
  await draft(sam, 'first-status-page');
  await at('03:18');
  await step(raj, 'IDENTIFY', 'list-changes');

  await at('03:21', 'found it:');
  const suspect = listed.find((b) => b.line.includes(bad.version))?.button;
  if (!suspect?.value) throw new Error(`the changes card has no [Suspect] for ${bad.version}: ${textOf(card)}`);
  await raj.click(card, 'changes.suspect', { value: suspect.value });
  await logged('the suspect named by Raj', (e) => e.type === 'SuspectNamed' && e.actor === raj.id);
  await boardSays('Identified');
  say(`  Raj clicks [Suspect] on ${bad.version}: the suspect is named, "name-suspect" is done, status → Identified`);
  await at('03:22');
  await step(dana, 'IDENTIFY', 'decide-rollback');
  await at('03:23');
  await step(raj, 'ROLL BACK', 'freeze-deploys');

  await at('03:24', 'roll back:');
  const label = `Roll back payments-api to ${good.version}`;
  const rollback = await emulator.waitFor(() => {
    const message = phase(channel, 'ROLL BACK');
    return message && textOf(message).includes(label) ? message : undefined;
  }, 10_000);
  const offered = buttonsOf(rollback).find((b) => b.button.action_id === 'rollback.start')?.button;
  if (!offered?.value) throw new Error(`the Roll back step offers no [${label}]: ${textOf(rollback)}`);
  await raj.click(rollback, 'rollback.start', { value: offered.value });
  const modal = await emulator.waitFor(() => {
    const view = raj.openView();
    return view?.view.callback_id === 'rollback.confirm' ? view : undefined;
  }, 5000);
  const plan = textOf({ blocks: modal.view.blocks as unknown[] }).match(/\*What will run:\* ([^"]*)/)?.[1];
  say(`  Raj clicks [${label}]; the confirmation says what will run: ${plan ?? '(not shown)'}`);
  const confirmed = await raj.submit({});
  if (confirmed.errors) throw new Error(`the rollback was not confirmed: ${JSON.stringify(confirmed.errors)}`);
  await boardSays('Mitigating');
  say('  Raj confirms: "start-rollback" is done, status → Mitigating');
  const dispatched = await github.waitFor(() => workflowDispatches(github)[0], 15_000);
  say(`  warroom dispatches ${dispatched.replace(/ → \d+$/, '')} on ${REPO}`);
  const run = await github.waitFor(() => {
    const latest = github.runs(REPO)[0];
    return latest?.status === 'completed' && latest;
  }, 15_000);
  if (run.conclusion !== 'success') throw new Error(`the workflow run "${run.displayTitle}" ended ${run.conclusion}`);
  const deployed = await logged('the rollback’s deploy reported back', (e) => e.type === 'RollbackDeployed');
  await logged(
    '"confirm-deployed" completed by warroom',
    (e) => e.type === 'StepCompleted' && e.actor === 'warroom' && e.data.step === 'confirm-deployed',
  );
  const version = deployed.type === 'RollbackDeployed' ? deployed.data.deploy.version : '?';
  say(`  the run "${run.displayTitle}" deploys ${version}; GitHub reports it by webhook`);
  say('  warroom records the rollback deployed and marks "confirm-deployed" done by itself');

  await at('03:33', 'the cadence:');
  await dana.command(`update Rolled back to ${good.version} at 03:24; errors coming down, not at baseline yet`, {
    channel: channel.id,
  });
  say('  Dana posts an update');

  await at('03:47', 'the metric comes back:');
  const recovery = await logged('the recovery observed on the key metric', (e) => e.type === 'RecoveryObserved');
  const verify = await posted('the recovery posted', 'metric.verify_recovery');
  say(`  warroom records the recovery at ${shown(recovery.at)}, the first healthy minute: "${verify.text}"`);
  const graph = await raj.post(
    channel.id,
    'Checkout error rate after the rollback: https://grafana.example.com/d/checkout-errors',
  );
  await dana.pin(channel.id, graph.ts);
  say('  Raj posts the error-rate graph; Dana pins it to the timeline');

  await at('03:49');
  const button = buttonsOf(verify).find((b) => b.button.action_id === 'metric.verify_recovery')?.button;
  await raj.click(verify, 'metric.verify_recovery', button?.value ? { value: button.value } : {});
  await boardSays('Monitoring');
  say('  Raj completes "verify-recovery" from it, with the value and the graph as evidence: status → Monitoring');

  await at('03:52');
  await dana.command('update Error rate back to baseline, watching for 30 min', { channel: channel.id });
  say('  Dana posts an update');
  await dana.command(`note canary for ${bad.version} was skipped: the pipeline allowed a manual override`, {
    channel: channel.id,
  });

  await at('04:05', 'Dana’s shift ends; she hands command to Lee:');
  await dana.command('handoff commander <@U0LEE00003|lee>', { channel: channel.id });
  const handoff = await emulator.waitFor(
    () => channel.messages.find((m) => textOf(m).includes('Handing over Commander')),
    5000,
  );
  await at('04:06');
  await lee.click(handoff, 'handoff.accept');
  await logged('the handoff accepted by Lee', (e) => e.type === 'HandoffAccepted' && e.actor === lee.id);
  say('  Lee accepts; the role moves only now');

  await at('04:12');
  await sam.command('update Checkout error rate at its 0.3% baseline since 03:41; all-clear at 04:20 if it holds', {
    channel: channel.id,
  });
  say('  Sam posts the update that is due, on time');
  await at('04:19');
  await step(raj, 'ROLL BACK', 'keep-watching');
  await at('04:20');
  await step(sam, 'COMMUNICATE', 'regular-updates');
  await at('04:22');
  await draft(sam, 'all-clear', {
    '<no data was lost / what was lost, and what we are doing about it>': 'no data was lost; no card was charged twice',
    '<nothing / what to do>': 'retry a checkout that failed',
  });
  await at('04:25');
  await lee.command('followup Gate payments-api deploys on the canary; no manual override <@U0RAJ00002|raj>', {
    channel: channel.id,
  });
  say('  Lee records a follow-up for Raj');

  await at('04:40', 'recovery holds; Lee resolves:');
  await lee.command('resolve', { channel: channel.id });
  await emulator.waitFor(() => lee.openView(), 5000);
  await lee.submit({
    resolution: `Rolled back payments-api to ${good.version}; error rate at baseline for 30 min`,
  });
  await boardSays('Resolved');
  say('  the board turns green, the announcement says Resolved, the deploy freeze is lifted');
  await world.settle();
  return { incidentId, channel };
}
