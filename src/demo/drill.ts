/**
 * @module demo/drill
 * A bad-deploy drill played through the local Slack emulator by several responders: declare, roles,
 * the protocol with drafts and a pin, updates, a handoff, a follow-up, resolve.
 */
import type { SlackEmulator } from '../sandbox/emulator.js';
import type { SlackUser } from '../sandbox/people.js';
import type { EmulatedChannel, EmulatedMessage } from '../sandbox/workspace.js';

export interface DrillResult {
  incidentId: string;
  channel: EmulatedChannel;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function textOf(message: EmulatedMessage | undefined): string {
  return JSON.stringify(message?.blocks ?? message?.text ?? '');
}

/** The message of a checklist phase, by the start of its title (as posted: upper case). */
function phase(channel: EmulatedChannel, title: string): EmulatedMessage | undefined {
  return channel.messages
    .filter((m) => textOf(m).startsWith(`[{"type":"section","text":{"type":"mrkdwn","text":"*${title}`))
    .at(-1);
}

export async function runDrill(
  emulator: SlackEmulator,
  say: (line: string) => void,
  paceMs: number,
): Promise<DrillResult> {
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

  say('Dana (on call) sees checkout errors climbing and declares:');
  const declared = await dana.command('declare sev1 Checkout payments failing');
  const incidentId = declared.ackText?.match(/INC-\d+/)?.[0];
  if (!incidentId) throw new Error(`the declare was not recorded: ${declared.ackText ?? declared.status}`);
  say(`  → ${declared.ackText}`);
  const channel = await emulator.waitFor(() => {
    const found = [...emulator.workspace.channels.values()].find((c) => c.name.endsWith('checkout-payments-failing'));
    return found && phase(found, 'COMMUNICATE') ? found : undefined;
  }, 15_000);
  for (const person of [raj, sam, lee]) channel.members.add(person.id);
  say(`  #${channel.name} is open with its board, checklist and announcement`);
  await pause(paceMs);

  await dana.command('started 6 min ago', { channel: channel.id });
  say('  Dana backdates the impact start: errors began 6 minutes before the declare');
  const board = await emulator.waitFor(() => channel.messages.find((m) => m.pinned), 5000);
  await raj.click(board, 'role.take', { value: 'ops' });
  say('  Raj takes Ops from the board');
  await sam.command('role comms me', { channel: channel.id });
  say('  Sam takes Comms');
  await pause(paceMs);

  await draft(sam, 'first-internal-update', (text) =>
    text.replace('<what the team is doing right now>', 'looking at the 03:05 deploy of payments-api'),
  );
  await draft(sam, 'first-status-page', (text) => text);
  await step(dana, 'IDENTIFY', 'confirm-impact');
  await step(raj, 'IDENTIFY', 'list-changes');
  await step(raj, 'IDENTIFY', 'name-suspect', { 'input.change': 'payments-api release 2026.11.28-3 (4f2a1c)' });
  await step(dana, 'IDENTIFY', 'decide-rollback');
  await step(raj, 'ROLL BACK', 'freeze-deploys');
  await step(raj, 'ROLL BACK', 'start-rollback', { 'input.target': '2026.11.28-2' });
  await step(raj, 'ROLL BACK', 'confirm-deployed');

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
  await dana.command('note canary for 2026.11.28-3 was skipped: the pipeline allowed a manual override', {
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
  await lee.submit({ resolution: 'Rolled back payments-api to 2026.11.28-2; error rate at baseline for 30 min' });
  await emulator.waitFor(() => textOf(channel.messages.find((m) => m.pinned)).includes('Resolved'), 10_000);
  say('  the board turns green, the announcement says Resolved, the deploy freeze is lifted');
  return { incidentId, channel };
}
