/**
 * A rollback through Argo CD, end to end: the deploys come in as Argo CD notifications (the documented
 * template, rendered by the emulator), [Suspect] on the bad revision, [Roll back] to the one before,
 * Argo CD's rollback API called once with that revision's history id, and — since Argo CD never
 * notifies a revision it already notified — warroom watching the application until the rollback is
 * Succeeded and Healthy, which completes the confirm step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgoCdEmulator } from '../../src/sandbox/argocd/emulator.js';
import type { EmulatedChannel, EmulatedMessage } from '../../src/sandbox/workspace.js';
import { type Harness, startHarness } from '../support/harness.js';
import { channelOf, logOf, textOf, waitForValue } from '../support/incident.js';

const TOKEN = 'argocd-api-token-for-tests';
const SECRET = 'argocd-notify-secret-0123456789';
const GOOD = 'aaaaaaa1111111111111111111111111111111111'.slice(0, 40);
const BAD = 'bbbbbbb2222222222222222222222222222222222'.slice(0, 40);

const SERVICES = `services:
  payments-api:
    aliases: [payments]
    argocd: { app: payments-api }
    rollback:
      argocd: { app: payments-api }
`;

describe('a rollback through Argo CD', () => {
  let h: Harness;
  let argo: ArgoCdEmulator;
  let id: string;
  let channel: EmulatedChannel;
  const rollbacks = () => argo.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/rollback'));

  beforeAll(async () => {
    // warroom first (the notifications need its URL), then Argo CD with the app already at the bad revision.
    h = await startHarness({
      env: { ARGOCD_WEBHOOK_SECRET: SECRET, ARGOCD_TOKEN: TOKEN, ARGOCD_URL: 'http://127.0.0.1:9' },
      templates: { 'services.yaml': SERVICES },
    });
    argo = await ArgoCdEmulator.start({
      token: TOKEN,
      timing: { pickupMs: 10, runMs: 40, healthMs: 20 },
      applications: [{ name: 'payments-api', history: [GOOD, BAD], autoSync: false, notifiedBefore: 'all' }],
      notifications: {
        secrets: { 'warroom-url': `http://127.0.0.1:${h.app.port}`, 'warroom-argocd-secret': SECRET },
        retry: { waitMinMs: 10, waitMaxMs: 40, retryAfterUnitMs: 10 },
      },
    });
    // The client reads ARGOCD_URL from the config: point it at the emulator now that it has a port.
    (h.app.services.config.argocd as { url: string | undefined }).url = argo.baseUrl;
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await argo?.stop();
  });

  it('should roll back with one confirmed click, watch Argo CD to the end, and complete the confirm step', async () => {
    // The two deploys, as Argo CD's notifications report them.
    for (const [revision, finishedAt] of [
      [GOOD, new Date(Date.now() - 3_600_000).toISOString()],
      [BAD, new Date(Date.now() - 600_000).toISOString()],
    ] as const) {
      const answer = await fetch(`http://127.0.0.1:${h.app.port}/hooks/argocd`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-warroom-token': SECRET },
        body: JSON.stringify({
          trigger: 'on-deployed',
          app: 'payments-api',
          revision,
          phase: 'Succeeded',
          health: 'Healthy',
          sync: 'Synced',
          finishedAt,
          initiatedBy: { username: 'ci' },
          historyId: null,
        }),
      });
      expect(answer.status).toBe(201);
    }
    const answer = await h.emulator.user('dana').command('declare sev2 Payments failing');
    id = (answer.ackText as string).match(/INC-\d+/)?.[0] as string;
    channel = await channelOf(h, id);
    const card = await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.text.startsWith('Changes before the impact')),
    );
    const block = (card.blocks ?? []).find((b) => textOf({ text: '', blocks: [b] }).includes(BAD.slice(0, 7))) as {
      accessory: { value: string };
    };
    await h.emulator.user('dana').click(card, 'changes.suspect', { value: block.accessory.value });
    const named = await waitForValue(async () => (await logOf(h, id)).find((e) => e.type === 'SuspectNamed'));
    expect(named).toMatchObject({ data: { target: { version: GOOD.slice(0, 7) } } });
    const step = (await h.emulator.waitFor(() =>
      channel.messages.find((m) => m.botId && textOf(m).includes(`Roll back payments-api to ${GOOD.slice(0, 7)}`)),
    )) as EmulatedMessage;
    const dana = h.emulator.user('dana');
    await dana.click(step, 'rollback.start', {
      value: (named.data as { deploy: { deployId: string } }).deploy.deployId,
    });
    const view = await h.emulator.waitFor(() => dana.openView());
    expect(textOf({ text: '', blocks: view.view.blocks as unknown[] })).toContain(
      'Argo CD: roll back application payments-api',
    );
    expect((await dana.submit({})).errors).toBeUndefined();
    const deployed = await waitForValue(
      async () => (await logOf(h, id)).find((e) => e.type === 'RollbackDeployed'),
      20_000,
    );
    expect(deployed).toMatchObject({ data: { deploy: { version: GOOD.slice(0, 7), source: 'argocd' } } });
    expect(rollbacks()).toHaveLength(1);
    // Argo CD had notified both revisions before: it did not notify the rollback; warroom saw it by watching.
    expect(argo.notifications.filter((n) => n.revision === GOOD)).toEqual([]);
    expect(rollbacks()[0]?.body).toMatchObject({ id: 0 });
    const confirm = (await logOf(h, id)).find(
      (e) => e.type === 'StepCompleted' && (e.data as { step: string }).step === 'confirm-deployed',
    );
    expect(confirm).toMatchObject({ actor: 'warroom' });
  }, 40_000);
});
