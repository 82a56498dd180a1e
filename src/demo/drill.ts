/**
 * @module demo/drill
 * A bad-deploy drill played through the local Slack and GitHub emulators by several responders: two
 * releases go out, declare, roles, the changes card and [Suspect], a confirmed one-click rollback that
 * GitHub runs and reports back, drafts and a pin, updates, a handoff, a follow-up, resolve.
 */
import type { RecordedEvent } from '../incident/events.js';
import type { SlackEmulator } from '../sandbox/emulator.js';
import type { GitHubEmulator } from '../sandbox/github/emulator.js';
import type { SlackUser } from '../sandbox/people.js';
import type { EmulatedChannel, EmulatedMessage } from '../sandbox/workspace.js';
import { REPO, shipReleases, workflowDispatches } from './github.js';

export interface DrillResult {
  incidentId: string;
  channel: EmulatedChannel;
}

/** What the drill plays against: the two emulators, and warroom's log of an incident to wait on. */
export interface DrillWorld {
  slack: SlackEmulator;
  github: GitHubEmulator;
  log: (incidentId: string) => Promise<RecordedEvent[]>;
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

export async function runDrill(world: DrillWorld, say: (line: string) => void, paceMs: number): Promise<DrillResult> {
  const { slack: emulator, github } = world;
  const [dana, raj, sam, lee] = ['dana', 'raj', 'sam', 'lee'].map((name) => emulator.user(name)) as [
    SlackUser,
    SlackUser,
    SlackUser,
    SlackUser,
  ];
  const step = async (who: SlackUser, title: string, id: string, inputs?: Record<string, string>) => {
    const message = await emulator.waitFor(() => phase(channel, title), 10_000);
    await who.click(message, 'step.done', { value: id });
    if (inputs) {
      await emulator.waitFor(() => who.openView(), 5000);
      await who.submit(inputs);
    }
    say(`  ${who.profile.name} marks "${id}" done`);
    await pause(paceMs);
  };
  const draft = async (who: SlackUser, id: string, edit: (text: string) => string) => {
    const message = await emulator.waitFor(() => phase(channel, 'COMMUNICATE'), 10_000);
    await who.click(message, 'step.draft', { value: id });
    const view = await emulator.waitFor(() => who.openView(), 5000);
    const initial = String(
      (view.view.blocks as { element?: { initial_value?: string } }[])[0]?.element?.initial_value ?? '',
    );
    await who.submit({ update: edit(initial) });
    say(`  ${who.profile.name} edits the "${id}" draft and posts it`);
    await pause(paceMs);
  };
  const logged = (what: string, match: (e: RecordedEvent) => boolean) =>
    until(what, async () => (await world.log(incidentId)).find(match));

  say(`GitHub reports two releases of payments-api to production (${REPO}), each a signed deployment_status:`);
  const { good, bad } = await shipReleases(github);
  for (const r of [good, bad]) say(`  ${r.version} (${r.sha.slice(0, 7)}) went live at ${r.liveAt}`);
  await pause(paceMs);

  say('Dana (on call) sees checkout errors climbing and declares:');
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
  await pause(paceMs);

  await dana.command(`started ${bad.liveAt}`, { channel: channel.id });
  say(`  Dana backdates the impact start: errors began when ${bad.version} went live (${bad.liveAt})`);
  const board = await emulator.waitFor(() => channel.messages.find((m) => m.pinned), 5000);
  await raj.click(board, 'role.take', { value: 'ops' });
  say('  Raj takes Ops from the board');
  await sam.command('role comms me', { channel: channel.id });
  say('  Sam takes Comms');
  await pause(paceMs);

  await draft(sam, 'first-internal-update', (text) =>
    text.replace('<what the team is doing right now>', 'looking at the payments-api releases that just went out'),
  );
  await draft(sam, 'first-status-page', (text) => text);
  await step(raj, 'IDENTIFY', 'confirm-impact');
  await step(raj, 'IDENTIFY', 'list-changes');

  const suspect = listed.find((b) => b.line.includes(bad.version))?.button;
  if (!suspect?.value) throw new Error(`the changes card has no [Suspect] for ${bad.version}: ${textOf(card)}`);
  await raj.click(card, 'changes.suspect', { value: suspect.value });
  await logged('the suspect named by Raj', (e) => e.type === 'SuspectNamed' && e.actor === raj.id);
  await emulator.waitFor(() => textOf(channel.messages.find((m) => m.pinned)).includes('Identified'), 10_000);
  say(`  Raj clicks [Suspect] on ${bad.version}: the suspect is named, "name-suspect" is done, status → Identified`);
  await pause(paceMs);
  await step(dana, 'IDENTIFY', 'decide-rollback');
  await step(raj, 'ROLL BACK', 'freeze-deploys');

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
  await pause(paceMs);
  const confirmed = await raj.submit({});
  if (confirmed.errors) throw new Error(`the rollback was not confirmed: ${JSON.stringify(confirmed.errors)}`);
  await emulator.waitFor(() => textOf(channel.messages.find((m) => m.pinned)).includes('Mitigating'), 10_000);
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
  await pause(paceMs);

  const graph = await raj.post(
    channel.id,
    'Checkout error rate after the rollback: https://grafana.example.com/d/checkout-errors',
  );
  await dana.pin(channel.id, graph.ts);
  say('  Raj posts the error-rate graph; Dana pins it to the timeline');
  await step(raj, 'ROLL BACK', 'verify-recovery', {
    'input.evidence': 'https://grafana.example.com/d/checkout-errors',
  });
  await dana.command('update Error rate back to baseline after the rollback; watching for 30 min', {
    channel: channel.id,
  });
  say('  Dana posts an update');
  await dana.command(`note canary for ${bad.version} was skipped: the pipeline allowed a manual override`, {
    channel: channel.id,
  });
  await pause(paceMs);

  say('Dana’s shift ends; she hands command to Lee:');
  await dana.command('handoff commander <@U0LEE00003|lee>', { channel: channel.id });
  const offer = await emulator.waitFor(
    () => channel.messages.find((m) => textOf(m).includes('Handing over Commander')),
    5000,
  );
  await pause(paceMs);
  await lee.click(offer, 'handoff.accept');
  say('  Lee accepts; the role moves only now');
  await pause(paceMs);

  await step(raj, 'ROLL BACK', 'keep-watching');
  await step(sam, 'COMMUNICATE', 'regular-updates');
  await draft(sam, 'all-clear', (text) => text);
  await lee.command('followup Gate payments-api deploys on the canary; no manual override <@U0RAJ00002|raj>', {
    channel: channel.id,
  });
  say('  Lee records a follow-up for Raj');

  say('Recovery holds; Lee resolves:');
  await lee.command('resolve', { channel: channel.id });
  await emulator.waitFor(() => lee.openView(), 5000);
  await lee.submit({
    resolution: `Rolled back payments-api to ${good.version}; error rate at baseline for 30 min`,
  });
  await emulator.waitFor(() => textOf(channel.messages.find((m) => m.pinned)).includes('Resolved'), 10_000);
  say('  the board turns green, the announcement says Resolved, the deploy freeze is lifted');
  return { incidentId, channel };
}
