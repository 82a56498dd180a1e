/**
 * A rollback workflow that GitHub runs and that fails: the `workflow_run` webhook fails the rollback
 * it was, the commander and ops are told with the run's link, and "Confirm the rollback is deployed"
 * stays open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubEmulator } from '../../src/sandbox/github/emulator.js';
import type { EmulatedMessage } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

const TOKEN = 'ghp_rollbackfailstoken0123456789abcde';
const SECRET = 'github-hook-secret-for-fails-0123';
const REPO = 'acme/ledger';

describe('a rollback run that fails', () => {
  let h: Harness;
  let github: GitHubEmulator;
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
              onDispatch: { conclusion: 'failure', runMs: 30 },
            },
          ],
        },
      ],
    });
    h = await startHarness({
      env: { GITHUB_API_URL: github.apiUrl, GITHUB_TOKEN: TOKEN, GITHUB_WEBHOOK_SECRET: SECRET },
      templates: {
        'services.yaml': `services:\n  ledger:\n    github: { repo: ${REPO}, environment: production }\n    rollback:\n      github_workflow: { workflow: rollback.yml, inputs: { version: "{{target}}" } }\n`,
      },
    });
    github.connectWebhook(`http://127.0.0.1:${h.app.port}/hooks/github`);
    for (const [version, sha] of [
      ['v41', '41'.repeat(20)],
      ['v42', '42'.repeat(20)],
    ] as const) {
      await github.deploy({
        repo: REPO,
        environment: 'production',
        sha,
        ref: 'main',
        version,
        creator: 'ci',
        state: 'success',
      });
    }
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await github?.stop();
  });

  it('should fail the rollback when its workflow run fails, tell the commander, and leave the confirm step open', async () => {
    const answer = await h.emulator.user('dana').command('declare sev2 Ledger totals wrong');
    const id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    const channel = await channelOf(h, id);
    const card = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.text.startsWith('Changes before the impact')),
    );
    const block = (card.blocks ?? []).find((b) => textOf({ text: '', blocks: [b] }).includes('v42')) as {
      accessory: { value: string };
    };
    const dana = h.emulator.user('dana');
    await dana.click(card, 'changes.suspect', { value: block.accessory.value });
    const named = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'SuspectNamed'));
    const step = (await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.botId && textOf(m).includes('Roll back ledger to v41')),
    )) as EmulatedMessage;
    await dana.click(step, 'rollback.start', {
      value: (named.data as { deploy: { deployId: string } }).deploy.deployId,
    });
    await h.emulator.waitFor(() => dana.openView());
    await dana.submit({});
    const failed = await waitForValue(
      async () => (await logOf(h, id)).find((e) => e.type === 'RollbackFailed'),
      15_000,
    );
    expect(failed).toMatchObject({ data: { system: 'github', error: expect.stringContaining('ended failure') } });
    const post = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.text.includes('failed') && m.text.includes('ledger')),
    );
    expect(post.text).toContain('<@U0DANA0001>');
    const log = await logOf(h, id);
    expect(
      log.some((e) => e.type === 'StepCompleted' && (e.data as { step: string }).step === 'confirm-deployed'),
    ).toBe(false);
  });
});
