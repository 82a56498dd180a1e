/** @module export/markdown-change — the Change section of the Markdown postmortem, as values ready to print. */
import { formatDuration } from '../incident/durations.js';
import {
  deployDriverLabel,
  deploySourceLabel,
  deployStateLabel,
  freezeNote,
  leadText,
  rollbackOutcome,
  versionLabel,
} from './change-text.js';
import { bothClocks, localShort, timelineStart, tPlus } from './format.js';
import { escapeCell, inline, markdownLink } from './markdown-escape.js';
import type { DeployView, Timeline } from './model.js';

/**
 * The `change` values of templates/postmortem.md; null when warroom recorded no suspect, rollback or deploy. Every
 * field of a deploy, a rollback's plan, remote id and error come from deploy systems: all of it is escaped like text
 * people typed (table cells cell-escaped on top), and a link is made only to an http(s) URL.
 */
export function changeView(timeline: Timeline) {
  const { change } = timeline;
  if (change === null) return null;
  const tz = timeline.timeZone;
  const start = timelineStart(timeline);
  const short = (ms: number): string => localShort(ms, tz);
  const who = (user: string): string => inline(timeline.people[user] ?? user);
  const deploy = (d: DeployView): string => inline(`${d.service} ${versionLabel(d)}`.trim());

  const suspect = change.suspects.at(-1);
  return {
    suspect:
      suspect === undefined
        ? null
        : {
            deploy: deploy(suspect.deploy),
            link: suspect.deploy.url === null ? null : markdownLink('the deploy', suspect.deploy.url),
            environment: inline(suspect.deploy.environment),
            source: deploySourceLabel(suspect.deploy.source),
            live: bothClocks(suspect.deploy.at, tz),
            liveTPlus: tPlus(suspect.deploy.at, start),
            toImpact: change.suspectToImpactMs === null ? null : leadText(change.suspectToImpactMs, 'the impact start'),
            toDeclare: leadText(change.suspectToDeclareMs ?? 0, 'the declare'),
            noImpactStart: change.suspectToImpactMs === null,
            named: short(suspect.namedAt),
            tPlus: tPlus(suspect.namedAt, start),
            by: who(suspect.namedBy),
            before: suspect.target === null ? null : deploy(suspect.target),
          },
    hasEarlierSuspects: change.suspects.length > 1,
    earlierSuspects: change.suspects.slice(0, -1).map((s) => ({
      named: short(s.namedAt),
      tPlus: tPlus(s.namedAt, start),
      by: escapeCell(who(s.namedBy)),
      deploy: escapeCell(deploy(s.deploy)),
      live: short(s.deploy.at),
    })),
    hasRollbacks: change.rollbacks.length > 0,
    rollbacks: change.rollbacks.map((r) => ({
      title: `Rollback of ${inline(r.service)} (${inline(r.environment)}) to ${inline(r.target.version)}`,
      outcome: rollbackOutcome(r.status),
      requested: short(r.requestedAt),
      tPlus: tPlus(r.requestedAt, start),
      by: who(r.requestedBy),
      from: r.from === null ? null : inline(r.from),
      driver: deployDriverLabel(r.driver),
      plan: inline(r.plan),
      also: r.alsoRollsBack.length === 0 ? null : r.alsoRollsBack.map(inline).join(', '),
      dispatched:
        r.dispatchedAt === null
          ? null
          : {
              at: short(r.dispatchedAt),
              tPlus: tPlus(r.dispatchedAt, start),
              remote: r.remote === null && r.url === null ? null : markdownLink(r.remote ?? 'its run', r.url),
            },
      failed:
        r.failedAt === null || r.failure === null
          ? null
          : {
              at: short(r.failedAt),
              tPlus: tPlus(r.failedAt, start),
              system: inline(r.failure.system),
              error: inline(r.failure.error),
            },
      deployed:
        r.deployedAt === null || r.deploy === null
          ? null
          : {
              at: short(r.deployedAt),
              tPlus: tPlus(r.deployedAt, start),
              after: formatDuration(r.deployedAt - r.requestedAt),
              deploy: deploy(r.deploy),
            },
    })),
    hasDeploys: change.deploysDuring.length > 0,
    deploys: change.deploysDuring.map((d) => ({
      at: short(d.deploy.at),
      service: escapeCell(inline(d.deploy.service)),
      environment: escapeCell(inline(d.deploy.environment)),
      version: escapeCell(markdownLink(versionLabel(d.deploy), d.deploy.url)),
      state: deployStateLabel(d.state),
      freeze: freezeNote(d.frozen, d.rollbackId !== null),
      rollback: d.rollbackId === null ? '—' : 'yes',
    })),
  };
}
