/**
 * Change awareness end to end, as responders live it, through the Slack and GitHub emulators: two
 * releases deployed (signed deployment_status webhooks) → declare → the changes card lists both →
 * [Suspect] on the bad one → Identified → [Roll back] → confirm → exactly one workflow dispatch with
 * the right inputs → the rollback's own deployment webhook → the confirm step completes itself →
 * resolve lifts the freeze.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubEmulator } from '../../src/sandbox/github/emulator.js';
import type { EmulatedChannel, EmulatedMessage } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { boardOf, channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

const GITHUB_TOKEN = 'ghp_rollbacktesttoken0123456789abcdef';
const HOOK_SECRET = 'github-hook-secret-for-tests-0123';

const SERVICES_YAML = `services:
  payments-api:
    aliases: [payments, checkout]
    github: { repo: acme/payments-api, environment: production }
    rollback:
      github_workflow: { workflow: rollback.yml, ref: main, inputs: { version: "{{target}}" } }
`;

function phase(channel: EmulatedChannel, title: string): EmulatedMessage | undefined {
  return channel.messages.filter((m) => textOf(m).startsWith(`*${title}`)).at(-1);
}

describe('a bad deploy, found and rolled back with one confirmed click', () => {
  let h: Harness;
  let github: GitHubEmulator;
  let id: string;
  let channel: EmulatedChannel;
  const dispatches = () => github.calls.filter((c) => c.operation === 'actions/create-workflow-dispatch');

  beforeAll(async () => {
    github = await GitHubEmulator.start({
      webhookSecret: HOOK_SECRET,
      token: GITHUB_TOKEN,
      repos: [
        {
          fullName: 'acme/payments-api',
          workflows: [
            {
              file: 'rollback.yml',
              name: 'Roll back',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's expression syntax, not JavaScript's.
              runName: 'Roll back to ${{ inputs.version }}',
              inputs: [{ name: 'version', required: true }],
              onDispatch: { deploys: { environment: 'production', versionInput: 'version' }, queuedMs: 20, runMs: 50 },
            },
          ],
        },
      ],
    });
    h = await startHarness({
      env: {
        GITHUB_API_URL: github.apiUrl,
        GITHUB_TOKEN,
        GITHUB_WEBHOOK_SECRET: HOOK_SECRET,
        DEPLOY_CHANNEL: 'C0DEPLOYS01',
      },
      templates: { 'services.yaml': SERVICES_YAML },
    });
    github.connectWebhook(`http://127.0.0.1:${h.app.port}/hooks/github`);
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await github?.stop();
  });

  it('should take two releases from signed deployment webhooks, once each, and refuse a bad signature', async () => {
    const good = await github.deploy({
      repo: 'acme/payments-api',
      environment: 'production',
      sha: '9c1b2a3d4e5f60718293a4b5c6d7e8f901234567',
      ref: 'main',
      version: '2026.11.28-2',
      creator: 'raj',
      state: 'success',
    });
    const bad = await github.deploy({
      repo: 'acme/payments-api',
      environment: 'production',
      sha: '4f2a1c9d8e7f60718293a4b5c6d7e8f901234567',
      ref: 'main',
      version: '2026.11.28-3',
      creator: 'dana',
      state: 'success',
    });
    const status = (d: { outcome?: { kind: string; status?: number } }) =>
      d.outcome?.kind === 'answered' ? d.outcome.status : 0;
    expect([status(good.delivery), status(bad.delivery)]).toEqual([201, 201]);
    const again = await github.redeliver(bad.delivery.id);
    expect(status(again)).toBe(200);
    const forged = await github.deliver('deployment_status', bad.delivery.payload, { signature: 'wrong' });
    expect(status(forged)).toBe(401);
    const unsigned = await github.deliver('deployment_status', bad.delivery.payload, { signature: 'none' });
    expect(status(unsigned)).toBe(401);
    const stored = await h.app.services.deploys.reports('payments-api', 0, Date.now() + 60_000);
    expect(stored.map((r) => r.version)).toEqual(['2026.11.28-2', '2026.11.28-3']);
  });

  it('should list both on the changes card of an incident declared for checkout, newest first, each with [Suspect]', async () => {
    const answer = await h.emulator.user('dana').command('declare sev1 Checkout payments failing');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    const card = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.text.startsWith('Changes before the impact')),
    );
    const text = textOf(card);
    expect(text.indexOf('2026.11.28-3')).toBeGreaterThan(-1);
    expect(text.indexOf('2026.11.28-3')).toBeLessThan(text.indexOf('2026.11.28-2'));
    expect(text).toContain('min before impact');
    const buttons = (card.blocks ?? []).filter(
      (b) => (b as { accessory?: { action_id?: string } }).accessory?.action_id === 'changes.suspect',
    );
    expect(buttons).toHaveLength(2);
  });

  it('should name the suspect with one click and move to Identified, with what was live before it', async () => {
    const card = channel.messages.find((m) => m.text.startsWith('Changes before the impact')) as EmulatedMessage;
    const block = (card.blocks ?? []).find((b) => textOf({ text: '', blocks: [b] }).includes('2026.11.28-3')) as {
      accessory: { value: string };
    };
    await h.emulator.user('dana').click(card, 'changes.suspect', { value: block.accessory.value });
    const named = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'SuspectNamed'));
    expect(named).toMatchObject({
      data: { deploy: { version: '2026.11.28-3', service: 'payments-api' }, target: { version: '2026.11.28-2' } },
    });
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('SEV1 · Identified'));
    const step = (await logOf(h, id)).find(
      (e) => e.type === 'StepCompleted' && (e.data as { step: string }).step === 'name-suspect',
    );
    expect(step?.data).toMatchObject({ inputs: { change: 'payments-api 2026.11.28-3 (4f2a1c9)' } });
  });

  it('should offer the rollback to the last good release, confirm it in a modal, and dispatch exactly once', async () => {
    const rollback = await h.emulator.waitFor(() => {
      const message = phase(channel, 'ROLL BACK');
      return message && textOf(message).includes('Roll back payments-api to 2026.11.28-2') && message;
    });
    expect(dispatches()).toHaveLength(0);
    const dana = h.emulator.user('dana');
    const suspect = (await logOf(h, id)).find((e) => e.type === 'SuspectNamed')?.data as {
      deploy: { deployId: string };
    };
    await dana.click(rollback, 'rollback.start', { value: suspect.deploy.deployId });
    const view = await h.emulator.waitFor(() => dana.openView());
    const shown = textOf({ text: '', blocks: view.view.blocks as unknown[] });
    expect(shown).toContain('2026.11.28-2');
    expect(shown).toContain('workflow rollback.yml on main of acme/payments-api with version=2026.11.28-2');
    expect(dispatches()).toHaveLength(0);
    const submitted = await dana.submit({});
    expect(submitted.errors).toBeUndefined();
    await h.emulator.waitFor(() => textOf(boardOf(channel)).includes('SEV1 · Mitigating'));
    await waitForValue(
      async () => dispatches().length === 1 && (await logOf(h, id)).some((e) => e.type === 'RollbackDispatched'),
    );
    expect(dispatches()[0]?.body).toMatchObject({ ref: 'main', inputs: { version: '2026.11.28-2' } });
  });

  it('should complete "Confirm the rollback is deployed" by itself when the rollback’s deploy is reported', async () => {
    const deployed = await waitForValue(
      async () => (await logOf(h, id)).find((e) => e.type === 'RollbackDeployed'),
      15_000,
    );
    expect(deployed).toMatchObject({ data: { deploy: { version: '2026.11.28-2' } } });
    const step = (await logOf(h, id)).find(
      (e) => e.type === 'StepCompleted' && (e.data as { step: string }).step === 'confirm-deployed',
    );
    expect(step).toMatchObject({ actor: 'warroom' });
    await h.emulator.waitFor(() => channel.messages.find((m) => m.text.includes('Rollback deployed')));
    expect(dispatches()).toHaveLength(1);
  });

  it('should lift the freeze on resolve', async () => {
    const deploys = h.emulator.workspace.channels.get('C0DEPLOYS01') as EmulatedChannel;
    const dana = h.emulator.user('dana');
    await dana.command('resolve', { channel: channel.id });
    await h.emulator.waitFor(() => dana.openView());
    await dana.submit({ resolution: 'Rolled back payments-api to 2026.11.28-2' });
    await h.emulator.waitFor(() => deploys.messages.find((m) => m.text.includes('Deploy freeze lifted')));
  });
});
