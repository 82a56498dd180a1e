/**
 * The guards around a rollback, and what happens when it goes wrong: only the commander or ops may
 * start one; a deploy newer than the suspect must be ticked; a crash between the dispatch and warroom
 * noting it does not dispatch twice; a refusal or a failed run is told to the commander and ops, and
 * the rollback can be tried again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubEmulator } from '../../src/sandbox/github/emulator.js';
import type { EmulatedMessage } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

const TOKEN = 'ghp_rollbackguardstoken0123456789abcd';
const SECRET = 'github-hook-secret-for-guards-0123';
const REPO = 'acme/payments-api';

const SERVICES = `services:
  payments-api:
    aliases: [payments]
    github: { repo: ${REPO}, environment: production }
    rollback:
      github_workflow: { workflow: rollback.yml, ref: main, inputs: { version: "{{target}}" } }
`;

let sha = 0;
const nextSha = () => (++sha).toString(16).padStart(40, 'a');

describe('rollback guards and failures', () => {
  let h: Harness;
  let github: GitHubEmulator;
  const dispatches = () => github.calls.filter((c) => c.operation === 'actions/create-workflow-dispatch');

  async function deploy(version: string, conclusionOk = true): Promise<void> {
    await github.deploy({
      repo: REPO,
      environment: 'production',
      sha: nextSha(),
      ref: 'main',
      version,
      creator: 'raj',
      state: conclusionOk ? 'success' : 'failure',
    });
  }

  /** Declares, names the newest deploy of `version` the suspect, and returns the incident. */
  async function incidentWithSuspect(title: string, version: string) {
    const answer = await h.emulator.user('dana').command(`declare sev2 ${title}`);
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    channel.members.add('U0RAJ00002');
    const card = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.text.startsWith('Changes before the impact')),
    );
    const block = (card.blocks ?? []).find((b) => textOf({ text: '', blocks: [b] }).includes(version)) as {
      accessory: { value: string };
    };
    await h.emulator.user('dana').click(card, 'changes.suspect', { value: block.accessory.value });
    const named = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'SuspectNamed'));
    const rollbackStep = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.botId && textOf(m).includes('Roll back payments-api')),
    );
    return { id, channel, rollbackStep, deployId: (named.data as { deploy: { deployId: string } }).deploy.deployId };
  }

  beforeAll(async () => {
    github = await GitHubEmulator.start({
      webhookSecret: SECRET,
      token: TOKEN,
      repos: [
        {
          fullName: REPO,
          workflows: [
            {
              file: 'rollback.yml',
              inputs: [{ name: 'version', required: true }],
              onDispatch: { deploys: { environment: 'production', versionInput: 'version' }, queuedMs: 20, runMs: 40 },
            },
          ],
        },
      ],
    });
    h = await startHarness({
      env: { GITHUB_API_URL: github.apiUrl, GITHUB_TOKEN: TOKEN, GITHUB_WEBHOOK_SECRET: SECRET },
      templates: { 'services.yaml': SERVICES },
    });
    github.connectWebhook(`http://127.0.0.1:${h.app.port}/hooks/github`);
    await deploy('2026.12.01-0');
    await deploy('2026.12.01-1');
    await deploy('2026.12.01-2');
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await github?.stop();
  });

  it('should let only the commander or ops open the rollback, and say so to anyone else', async () => {
    const { channel, rollbackStep, deployId } = await incidentWithSuspect('Payments slow', '2026.12.01-2');
    const raj = h.emulator.user('raj');
    await raj.click(rollbackStep as EmulatedMessage, 'rollback.start', { value: deployId });
    const told = await h.emulator.waitFor(() =>
      raj.ephemerals(channel.id).find((e) => e.text.includes('Only the commander or ops')),
    );
    expect(told.text).toContain('<@U0DANA0001>');
    expect(raj.openView()).toBeUndefined();
  });

  it('should ask for a tick when a deploy landed after the suspect, and start nothing without it', async () => {
    const { id, rollbackStep, deployId } = await incidentWithSuspect('Payments errors', '2026.12.01-1');
    const dana = h.emulator.user('dana');
    await dana.click(rollbackStep as EmulatedMessage, 'rollback.start', { value: deployId });
    const view = await h.emulator.waitFor(() => dana.openView());
    expect(textOf({ text: '', blocks: view.view.blocks as unknown[] })).toContain('Deployed after the suspect');
    const refused = await dana.submit({}).catch((error: Error) => error);
    expect(String(refused)).toContain('"Confirm" is required');
    expect((await logOf(h, id)).some((e) => e.type === 'RollbackRequested')).toBe(false);
    expect(dispatches()).toHaveLength(0);
    dana.cancel();
  });

  it('should not dispatch twice when the connection drops after GitHub started the run', async () => {
    const { id, rollbackStep, deployId } = await incidentWithSuspect('Payments timeouts', '2026.12.01-2');
    github.injectFault({ operation: 'actions/create-workflow-dispatch', kind: 'crash-after', times: 1 });
    const dana = h.emulator.user('dana');
    await dana.click(rollbackStep as EmulatedMessage, 'rollback.start', { value: deployId });
    await h.emulator.waitFor(() => dana.openView());
    const before = dispatches().length;
    expect((await dana.submit({})).errors).toBeUndefined();
    // The run GitHub started deploys the target, whichever of the job's attempts hears about it.
    await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'RollbackDeployed'), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(dispatches().length - before).toBe(1);
    expect(github.runs(REPO).filter((r) => r.event === 'workflow_dispatch')).toHaveLength(1);
  });

  it('should tell the commander and ops what GitHub said when it refuses, and offer the rollback again', async () => {
    const { id, channel, rollbackStep, deployId } = await incidentWithSuspect('Payments refusing', '2026.12.01-2');
    github.injectFault({ operation: 'actions/create-workflow-dispatch', kind: 'server-error', status: 502, times: 1 });
    // A workflow GitHub does not have: a 404, which no retry fixes.
    github.state.repos.find((r) => r.fullName === REPO)?.workflows.splice(0);
    const dana = h.emulator.user('dana');
    await dana.click(rollbackStep as EmulatedMessage, 'rollback.start', { value: deployId });
    await h.emulator.waitFor(() => dana.openView());
    // The rollback before this one redeployed 2026.12.01-1 after the suspect: it must be ticked.
    await dana.submit({ 'rollback.also': ['yes'] });
    const failed = await waitForValue(
      async () => (await logOf(h, id)).find((e) => e.type === 'RollbackFailed'),
      15_000,
    );
    expect(failed).toMatchObject({ data: { system: 'github', error: expect.stringContaining('404') } });
    const post = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.text.includes('rollback') && m.text.includes('failed')),
    );
    expect(post.text).toContain('<@U0DANA0001>');
    const log = await logOf(h, id);
    expect(
      log.some((e) => e.type === 'StepCompleted' && (e.data as { step: string }).step === 'confirm-deployed'),
    ).toBe(false);
    await h.emulator.waitFor(() =>
      channel.messages.some((m) => m.botId && textOf(m).includes('Roll back payments-api to')),
    );
  });
});
