/** @module export/html-change — the HTML postmortem's Change section: the suspect, the rollbacks, deploys during it. */

import {
  deployDriverLabel,
  deploySourceLabel,
  deployStateLabel,
  freezeNote,
  leadText,
  rollbackOutcome,
  versionLabel,
} from './change-text.js';
import { escapeMarkup } from './chart-svg.js';
import { bothClocks, tPlus } from './format.js';
import { duration, empty, facts, link, NONE, section, table, time, type View } from './html-markup.js';
import type { DeployView, RollbackView, SuspectView } from './model.js';

const e = escapeMarkup;

/** `payments-api 2026.11.28-3 (4f2a1c9) by dana`, escaped: every part of it comes from a deploy system. */
function deployText(d: DeployView): string {
  return e(`${d.service} ${versionLabel(d)}`);
}

function suspect(view: View, s: SuspectView, toImpactMs: number | null, toDeclareMs: number | null): string {
  const { deploy } = s;
  const at = (ms: number) => `${time(view, ms, bothClocks(ms, view.zone))}, ${e(tPlus(ms, view.start))}`;
  const then = [
    toImpactMs === null ? null : leadText(toImpactMs, 'the impact start'),
    leadText(toDeclareMs ?? 0, 'the declare'),
  ]
    .filter((part) => part !== null)
    .join(', ');
  return `<div class="suspect" data-deploy="${e(deploy.deployId)}">
<p class="deploy"><strong>${deployText(deploy)}</strong> in ${e(deploy.environment)} (reported by ${e(deploySourceLabel(deploy.source))})${deploy.url === null ? '' : ` · ${link('the deploy', deploy.url)}`}</p>
${facts([
  ['Went live', at(deploy.at)],
  ['Timing', `${e(then)}${toImpactMs === null ? ' (no impact start was recorded)' : ''}`],
  ['Named the suspect', `${time(view, s.namedAt)} (${e(tPlus(s.namedAt, view.start))}) by ${e(view.who(s.namedBy))}`],
  ['Live before it', s.target === null ? null : deployText(s.target)],
])}
</div>`;
}

function rollback(view: View, r: RollbackView): string {
  const when = (ms: number) => `${time(view, ms)} (${e(tPlus(ms, view.start))})`;
  const dispatched =
    r.dispatchedAt === null
      ? null
      : `${when(r.dispatchedAt)}${r.remote === null && r.url === null ? '' : ` · ${link(r.remote ?? 'its run', r.url)}`}`;
  const failed =
    r.failedAt === null || r.failure === null
      ? null
      : `${when(r.failedAt)} in ${e(r.failure.system)}: <span class="error">${e(r.failure.error)}</span>`;
  const deployed =
    r.deployedAt === null || r.deploy === null
      ? null
      : `${when(r.deployedAt)}, ${e(duration(r.deployedAt - r.requestedAt))} after the request: ${deployText(r.deploy)}`;
  return `<article class="rollback" data-rollback="${e(r.rollbackId)}" data-status="${r.status}">
<h4>Rollback of ${e(r.service)} (${e(r.environment)}) to ${e(r.target.version)}: <span class="rollback-status ${r.status}">${e(rollbackOutcome(r.status))}</span></h4>
${facts([
  [
    'Requested',
    `${when(r.requestedAt)} by ${e(view.who(r.requestedBy))}${r.from === null ? '' : `, with ${e(r.from)} live`}`,
  ],
  [`Plan (${deployDriverLabel(r.driver)})`, e(r.plan)],
  ['Also rolls back', r.alsoRollsBack.length === 0 ? null : e(r.alsoRollsBack.join(', '))],
  ['Dispatched', dispatched],
  ['Failed', failed],
  ['Deployed', deployed],
])}
</article>`;
}

/** The Change section: always there, saying so when warroom recorded no suspect, rollback or deploy. */
export function change(view: View): string {
  const { change: c } = view.timeline;
  if (c === null) {
    return section(
      'change',
      'Change',
      empty('warroom recorded no suspect deploy, rollback or deploy during this incident.'),
    );
  }
  const current = c.suspects.at(-1);
  const earlier = c.suspects
    .slice(0, -1)
    .map(
      (s) =>
        `<tr data-deploy="${e(s.deploy.deployId)}"><td>${time(view, s.namedAt)}</td><td>${e(view.who(s.namedBy))}</td><td>${deployText(s.deploy)}</td><td>${time(view, s.deploy.at)}</td></tr>`,
    );
  const deploys = c.deploysDuring.map(
    (d) =>
      `<tr data-state="${d.state}"${d.frozen ? ' data-frozen="true"' : ''}${d.rollbackId === null ? '' : ` data-rollback="${e(d.rollbackId)}"`}><td>${time(view, d.deploy.at)}</td><td>${e(d.deploy.service)}</td><td>${e(d.deploy.environment)}</td><td>${link(versionLabel(d.deploy), d.deploy.url)}</td><td>${e(deployStateLabel(d.state))}</td><td>${e(freezeNote(d.frozen, d.rollbackId !== null))}</td><td>${d.rollbackId === null ? NONE : 'yes'}</td></tr>`,
  );
  const body = [
    '<h3>Suspect deploy</h3>',
    current === undefined
      ? empty('No deploy was named the suspect.')
      : suspect(view, current, c.suspectToImpactMs, c.suspectToDeclareMs),
    earlier.length === 0
      ? ''
      : `<p class="meta">Named the suspect before it, in order:</p>\n${table(['Named', 'By', 'Deploy', 'Went live'], earlier, 'suspects')}`,
    '<h3>Rollback</h3>',
    c.rollbacks.length === 0
      ? empty('No rollback was requested through warroom.')
      : c.rollbacks.map((r) => rollback(view, r)).join('\n'),
    '<h3>Deploys during the incident</h3>',
    deploys.length === 0
      ? empty('No deploy was reported while the incident was open.')
      : table(['At', 'Service', 'Environment', 'Deploy', 'State', 'Freeze', 'Rollback'], deploys, 'deploys'),
  ];
  return section('change', 'Change', body.filter(Boolean).join('\n'));
}
