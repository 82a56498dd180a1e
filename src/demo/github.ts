/**
 * @module demo/github
 * The GitHub side of the demo: the GitHub emulator with acme/payments-api and its rollback.yml workflow
 * (which deploys the version it is given, as a real rollback pipeline would), and the two releases
 * that go out before anyone notices anything, each at the minute the script says.
 */
import { GitHubEmulator } from '../sandbox/github/emulator.js';
import type { ScriptedClock } from './clock.js';

export const GITHUB_TOKEN = 'ghp_demotoken0123456789abcdef0123456789ab';
export const GITHUB_WEBHOOK_SECRET = 'demo-github-webhook-secret-0123456789';
export const REPO = 'acme/payments-api';

/** A release as GitHub reported it. */
export interface Release {
  version: string;
  sha: string;
  /** When its deployment status said success (GitHub's created_at: ISO, whole seconds, UTC). */
  liveAt: string;
}

export function startGitHub(): Promise<GitHubEmulator> {
  return GitHubEmulator.start({
    webhookSecret: GITHUB_WEBHOOK_SECRET,
    token: GITHUB_TOKEN,
    repos: [
      {
        fullName: REPO,
        workflows: [
          {
            file: 'rollback.yml',
            name: 'Roll back',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub's expression syntax, not JavaScript's.
            runName: 'Roll back to ${{ inputs.version }}',
            inputs: [{ name: 'version', required: true }],
            onDispatch: { deploys: { environment: 'production', versionInput: 'version' }, queuedMs: 200, runMs: 800 },
          },
        ],
      },
    ],
  });
}

/** Deploys one release to production and delivers its deployment_status; throws unless warroom took it. */
async function release(github: GitHubEmulator, version: string, sha: string, creator: string): Promise<Release> {
  const { deployment, delivery } = await github.deploy({
    repo: REPO,
    environment: 'production',
    sha,
    ref: 'main',
    version,
    creator,
    state: 'success',
  });
  const outcome = delivery.outcome;
  if (outcome?.kind !== 'answered' || outcome.status >= 300) {
    const why = outcome?.kind === 'answered' ? `HTTP ${outcome.status} ${outcome.body}` : outcome?.error;
    throw new Error(`warroom did not take the deployment_status of ${version}: ${why ?? 'not sent'}`);
  }
  return { version, sha, liveAt: deployment.statuses.at(-1)?.createdAt ?? deployment.createdAt };
}

/**
 * The good release, then the bad one, each going live at its time on the scripted clock and delivered
 * by webhook before the next goes out.
 */
export async function shipReleases(
  github: GitHubEmulator,
  clock: Pick<ScriptedClock, 'at'>,
  times: { good: string; bad: string },
): Promise<{ good: Release; bad: Release }> {
  clock.at(times.good);
  const good = await release(github, '2026.11.28-2', '9c1b2a3d4e5f60718293a4b5c6d7e8f901234567', 'priya');
  clock.at(times.bad);
  const bad = await release(github, '2026.11.28-3', '4f2a1c9d8e7f60718293a4b5c6d7e8f901234567', 'priya');
  return { good, bad };
}

/** Every workflow dispatch GitHub received, as `rollback.yml on main with version=2026.11.28-2`. */
export function workflowDispatches(github: GitHubEmulator): string[] {
  return github.calls
    .filter((c) => c.operation === 'actions/create-workflow-dispatch')
    .map((c) => {
      const workflow = c.path.match(/\/workflows\/([^/]+)\/dispatches$/)?.[1] ?? c.path;
      const body = (c.body ?? {}) as { ref?: string; inputs?: Record<string, string> };
      const inputs = Object.entries(body.inputs ?? {}).map(([k, v]) => `${k}=${v}`);
      return `${decodeURIComponent(workflow)} on ${body.ref ?? '?'}${inputs.length > 0 ? ` with ${inputs.join(', ')}` : ''} → ${c.status}`;
    });
}
