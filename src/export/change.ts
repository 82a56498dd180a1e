/** @module export/change — the timeline's Change part: the suspect deploys, the rollbacks, the deploys during it. */

import type { DeploySnapshot, RecordedEvent } from '../incident/events.js';
import type { IncidentState } from '../incident/state.js';
import { suspectLeadOf } from './metrics.js';
import type { ChangeView, DeployView, RollbackView } from './model.js';

function deployView(deploy: DeploySnapshot): DeployView {
  return {
    deployId: deploy.deployId,
    service: deploy.service,
    environment: deploy.environment,
    version: deploy.version,
    commit: deploy.commit ?? null,
    url: deploy.url ?? null,
    author: deploy.author ?? null,
    at: deploy.at,
    source: deploy.source,
  };
}

/**
 * The suspects named (in order), the rollbacks confirmed and what became of each, and the deploys reported while the
 * incident was open; null when the log has none of them. The state says where each rollback ended up; the log says
 * when it was dispatched or failed, which the state does not keep.
 * @example
 * changeOf(log, state)?.suspects.at(-1)?.deploy.version // '2026.11.28-3'
 */
export function changeOf(log: readonly RecordedEvent[], state: IncidentState): ChangeView | null {
  if (state.suspects.length === 0 && state.rollbackOrder.length === 0 && state.deploysDuring.length === 0) return null;
  const dispatchedAt = new Map<string, number>();
  const failed = new Map<string, { at: number; system: string; error: string }>();
  const alsoRollsBack = new Map<string, string[]>();
  for (const event of log) {
    if (event.type === 'RollbackRequested') alsoRollsBack.set(event.data.rollbackId, event.data.alsoRollsBack ?? []);
    if (event.type === 'RollbackDispatched' && !dispatchedAt.has(event.data.rollbackId)) {
      dispatchedAt.set(event.data.rollbackId, event.at);
    }
    if (event.type === 'RollbackFailed') failed.set(event.data.rollbackId, { ...event.data, at: event.at });
  }
  const rollbacks = state.rollbackOrder.flatMap((id): RollbackView[] => {
    const record = state.rollbacks[id];
    if (!record) return [];
    const failure = failed.get(id);
    return [
      {
        rollbackId: id,
        service: record.service,
        environment: record.environment,
        from: record.current ?? null,
        target: { version: record.target.version, deployId: record.target.deployId ?? null },
        driver: record.driver,
        plan: record.plan,
        alsoRollsBack: [...(alsoRollsBack.get(id) ?? [])],
        status: record.status,
        requestedAt: record.requestedAt,
        requestedBy: record.by,
        dispatchedAt: dispatchedAt.get(id) ?? null,
        remote: record.remote ?? null,
        url: record.url ?? null,
        failedAt: failure?.at ?? null,
        failure: failure ? { system: failure.system, error: failure.error } : null,
        deployedAt: record.deploy?.at ?? null,
        deploy: record.deploy ? deployView(record.deploy) : null,
      },
    ];
  });
  const suspects = state.suspects.map((s) => ({
    deploy: deployView(s.deploy),
    target: s.target ? deployView(s.target) : null,
    namedAt: s.at,
    namedBy: s.by,
  }));
  return {
    suspects,
    ...suspectLeadOf(suspects.at(-1)?.deploy.at ?? null, {
      impactStartedAt: state.impactStartedAt ?? null,
      declaredAt: state.declaredAt,
    }),
    rollbacks,
    // From the log, as the state folds them: the state keeps a deploy's state as a plain string.
    deploysDuring: log.flatMap((e) =>
      e.type === 'DeployLanded'
        ? [
            {
              deploy: deployView(e.data.deploy),
              state: e.data.state,
              frozen: e.data.frozen,
              rollbackId: e.data.rollbackId ?? null,
              reportedAt: e.at,
            },
          ]
        : [],
    ),
  };
}

/** The first 7 characters of a commit, as people quote it. */
export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

/**
 * A link a deploy system reported, if it is an absolute http(s) URL, as the URL parser writes it (so no quote, space,
 * `<`, `>` or line break is left in it); null for anything else (`javascript:`, `data:`, a relative path, garbage).
 * @example
 * httpLink('https://github.com/acme/payments-api/actions/runs/42') // 'https://github.com/acme/payments-api/actions/runs/42'
 * httpLink('javascript:alert(1)') // null
 */
export function httpLink(url: string | null): string | null {
  if (url === null || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
}
