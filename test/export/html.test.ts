/** @module test/export/html — the HTML postmortem, as a string and as Chromium shows it. */
/*
 * The HTML postmortem: what the string holds (escaping, sections, durations, people, days), and what a reader sees
 * in a real browser (headless Chromium through playwright-core): nothing fetched, no errors, a chart whose bars are
 * painted and whose labels are not clipped, on a wide screen, a narrow one and on paper.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartSpan, drawnSpan, renderChart, textWidth } from '../../src/export/chart.js';
import { FILL_IN_SECTIONS, renderHtml } from '../../src/export/html.js';
import type { Timeline } from '../../src/export/model.js';
import { buildTimeline } from '../../src/export/timeline.js';
import { CHROMIUM, RUN_BROWSER_CHECKS } from '../support/chromium.js';
import {
  CHANGE_NOW,
  CHANGED_INCIDENT,
  COMMS_INCIDENT,
  COMMS_NOW,
  COMMS_TEMPLATES,
  COMMS_TIME_ZONE,
  HOSTILE_DEPLOY,
  HOSTILE_DEPLOY_INCIDENT,
  HOSTILE_PUBLISH,
  HOSTILE_PUBLISH_INCIDENT,
  NOW,
  PEOPLE,
  SEEDED_INCIDENT,
  TIME_ZONE,
  templates,
} from './fixtures.js';
import {
  crowdedIncident,
  earlyIncident,
  HOSTILE,
  hostileIncident,
  LEE,
  openIncident,
  resolvedIncident,
  SAM,
  utc,
} from './html-fixture.js';

/** The little of the DOM that the page-side callbacks use: the project compiles without the DOM library. */
interface DomRect {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface DomElement {
  textContent: string | null;
  classList: { contains(name: string): boolean };
  getBoundingClientRect(): DomRect;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}
declare function getComputedStyle(element: DomElement): {
  breakBefore: string;
  display: string;
  whiteSpace: string;
  overflowWrap: string;
  color: string;
};
declare const document: {
  title: string;
  documentElement: { clientWidth: number; scrollWidth: number };
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): { length: number };
};

/** INC-51 from its log: two suspects, a failed and a deployed rollback, deploys during it (fixtures.ts). */
function changedIncident(): Timeline {
  return buildTimeline(CHANGED_INCIDENT, templates, { timeZone: TIME_ZONE, now: CHANGE_NOW, people: PEOPLE });
}

/** INC-66 from its log: every deploy field hostile, links that are not http(s) (fixtures.ts). */
function hostileDeployIncident(): Timeline {
  return buildTimeline(HOSTILE_DEPLOY_INCIDENT, templates, { timeZone: TIME_ZONE, now: CHANGE_NOW, people: PEOPLE });
}

/** INC-73 from its log: publishes, a refused one, a customer notice and internal updates, in New York (fixtures.ts). */
function commsIncident(): Timeline {
  return buildTimeline(COMMS_INCIDENT, COMMS_TEMPLATES, { timeZone: COMMS_TIME_ZONE, now: COMMS_NOW, people: PEOPLE });
}

/** INC-74 from its log: hostile publish texts and a javascript: link (fixtures.ts). */
function hostilePublishIncident(): Timeline {
  return buildTimeline(HOSTILE_PUBLISH_INCIDENT, COMMS_TEMPLATES, {
    timeZone: COMMS_TIME_ZONE,
    now: COMMS_NOW,
    people: PEOPLE,
  });
}

const FIXTURES: [string, () => Timeline][] = [
  ['resolved', resolvedIncident],
  ['open', openIncident],
  ['early (roll back not started)', earlyIncident],
  ['hostile', hostileIncident],
  ['changed (suspects, rollbacks, deploys)', changedIncident],
  ['hostile deploys', hostileDeployIncident],
  ['told customers (publishes, a refusal, a customer notice)', commsIncident],
  ['hostile publishes', hostilePublishIncident],
  ['crowded (1,500 status changes)', crowdedIncident],
];

/** The element (and everything in it) that opens with `<tag attr="value"`. */
function element(html: string, tag: string, attr: string, value: string): string {
  const open = html.indexOf(`<${tag} ${attr}="${value}"`);
  if (open < 0) throw new Error(`no <${tag} ${attr}="${value}">`);
  const close = html.indexOf(`</${tag}>`, open);
  return html.slice(open, close + tag.length + 3);
}

/** What a reader sees of some markup: the text, entities decoded, whitespace collapsed. */
function visibleText(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function metricCell(html: string, metric: string): string {
  const row = element(html, 'tr', 'data-metric', metric);
  return visibleText(row.match(/<td class="value">(.*?)<\/td>/)?.[1] ?? '');
}

function attrsOf(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

describe('renderHtml', () => {
  it('should escape every text a person wrote, so that none of it runs or renders as markup', () => {
    const html = renderHtml(hostileIncident());

    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &lt;img');
    expect(html).toContain(`<title>INC-42: &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;`);
    // Title, summary, resolution, service, updates, notes, pins, follow-ups, entries, inputs, reasons, a name.
    expect(html.split('&lt;script&gt;').length - 1).toBeGreaterThan(40);
  });

  it('should be one file that refers to nothing outside itself', () => {
    const html = renderHtml(resolvedIncident());

    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';');
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/url\(|@import|@font-face/i);
    expect(html).not.toMatch(/\ssrc=/i);
    const links = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((link) => link?.startsWith('#'))).toBe(true);
  });

  it.each([
    ['summary', 'Summary and impact'],
    ['metrics', 'Key durations'],
    ['change', 'Change'],
    ['customers', 'What customers were told'],
    ['roles', 'Roles and handoffs'],
    ['chart', 'Chart'],
    ['phases', 'Protocol'],
    ['updates', 'Status updates'],
    ['pins', 'Pinned messages'],
    ['follow-ups', 'Follow-ups'],
    ['timeline', 'Timeline'],
    ...FILL_IN_SECTIONS.map((s): [string, string] => [s.id, s.title]),
  ])('should have the section %s, headed "%s"', (id, title) => {
    for (const [, fixture] of FIXTURES) {
      expect(renderHtml(fixture())).toContain(`<section id="${id}" data-section="${id}"`);
      expect(element(renderHtml(fixture()), 'section', 'id', id)).toContain(`<h2>${title}</h2>`);
    }
  });

  it('should head the report with the id, title, severity, final status and duration', () => {
    const header = visibleText(renderHtml(resolvedIncident()).split('</header>')[0] ?? '');

    expect(header).toContain('INC-42 Checkout payments failing');
    expect(header).toContain('Severity SEV1');
    expect(header).toContain('Status Resolved');
    expect(header).toContain('Duration 1 h 28 min');
  });

  it('should say an open incident is ongoing, with how long so far', () => {
    const header = visibleText(renderHtml(openIncident()).split('</header>')[0] ?? '');

    expect(header).toContain('Status Monitoring');
    expect(header).toContain('Duration Ongoing, 33 min so far');
    expect(header).toContain('Resolved Not yet');
  });

  it('should show the key durations of the walkthrough', () => {
    const html = renderHtml(resolvedIncident());

    expect(metricCell(html, 'detect')).toBe('5 min');
    expect(metricCell(html, 'acknowledge')).toBe('0 min');
    expect(metricCell(html, 'identify')).toBe('9 min');
    expect(metricCell(html, 'first-communication')).toBe('5 min');
    expect(metricCell(html, 'mitigate')).toBe('24 min');
    expect(metricCell(html, 'resolve')).toBe('1 h 28 min');
    expect(() => element(html, 'tr', 'data-metric', 'rollback')).toThrow();
  });

  it("should take the phases' names from the protocol, each with how long it took", () => {
    const html = renderHtml(resolvedIncident());
    const row = (id: string) => visibleText(element(html, 'tr', 'data-phase', id));
    expect(row('identify')).toBe('Identify — what changed? 4 min Sat 28 Nov 23:12 GMT+1 Sat 28 Nov 23:17 GMT+1');
    expect(row('rollback')).toBe('Roll back 48 min Sat 28 Nov 23:17 GMT+1 Sun 29 Nov 00:05 GMT+1');
    expect(row('communicate')).toContain('Communicate (runs alongside) 1 h 21 min');
    expect(html).toContain('Phases of the deploy-rollback protocol');
    expect(visibleText(html)).not.toContain('Time to roll back');
  });

  it('should show — for a duration whose milestone never came, never 0', () => {
    const open = renderHtml(openIncident());
    const early = renderHtml(earlyIncident());

    expect(metricCell(open, 'resolve')).toBe('—');
    expect(metricCell(open, 'mitigate')).toBe('24 min');
    for (const metric of ['mitigate', 'resolve']) {
      expect(metricCell(early, metric)).toBe('—');
      expect(element(early, 'tr', 'data-metric', metric)).not.toMatch(/\b0 min/);
    }
    expect(metricCell(early, 'identify')).toBe('9 min');
  });

  it('should show names where the export knows them and the Slack id otherwise', () => {
    const html = renderHtml(resolvedIncident());
    const handoffs = visibleText(element(html, 'table', 'class', 'handoffs'));

    expect(handoffs).toContain('Commander Dana Lee');
    expect(handoffs).toContain(`Comms Maya ${SAM}`);
    expect(html).not.toContain(LEE);
    expect(visibleText(element(html, 'table', 'class', 'roles'))).toContain('Scribe Unassigned');
  });

  it('should list the whole timeline, with a day row where the date changes in the display time zone', () => {
    const timeline = resolvedIncident();
    const table = element(renderHtml(timeline), 'table', 'class', 'timeline');
    const days = [...table.matchAll(/<tr class="day"><th colspan="5" scope="rowgroup">([^<]*)</g)].map((m) => m[1]);

    // In UTC all of it happens on the 28th; in Madrid it crosses midnight.
    expect(days).toEqual(['Saturday 28 November 2026', 'Sunday 29 November 2026']);
    expect(table.match(/<tr class="kind-/g)).toHaveLength(timeline.entries.length);
    const sunday = visibleText(table.split('Sunday 29 November 2026')[1]?.split('</tr>')[1] ?? '');
    expect(sunday).toBe('2026-11-28 23:05:00 00:05:00 GMT+1 T+00:58 Raj Done: Keep watching for 30 minutes');
    expect(visibleText(table)).toContain('2026-11-28 22:07:00 23:07:00 GMT+1 T+00:00 Dana Impact started');
  });

  it('should show the protocol phase by phase, with each step, its owner and how long it took', () => {
    const html = renderHtml(earlyIncident());
    const identify = visibleText(element(html, 'article', 'class', 'phase" data-phase="identify'));
    const rollback = visibleText(element(html, 'article', 'class', 'phase" data-phase="rollback'));

    expect(identify).toContain('3 Name the suspect change Ops Done Sat 28 Nov 23:16 GMT+1 Raj 3 min');
    expect(identify).toContain('change: payments-api release 2026.11.28-3 (4f2a1c)');
    expect(identify).toContain('4 Decide: roll back first, debug later Commander Open — — —');
    expect(rollback).toContain('Not started');
  });

  it('should quote status updates as posted, line breaks included', () => {
    const updates = element(renderHtml(resolvedIncident()), 'section', 'id', 'updates');

    expect(updates).toContain('since 23:07.\nWe are investigating; next update by 23:32.</p>');
    expect(visibleText(updates)).toContain('Sat 28 Nov 23:12 GMT+1 · Maya');
  });

  it('should list pins with their author and follow-ups with their owner', () => {
    const html = renderHtml(resolvedIncident());

    expect(visibleText(element(html, 'section', 'id', 'pins'))).toContain(
      'Sat 28 Nov 23:34 GMT+1 · Raj Checkout 5xx back under 0.1% https://grafana.example.com/d/checkout-errors',
    );
    const followUps = visibleText(element(html, 'section', 'id', 'follow-ups'));
    expect(followUps).toContain('Dana · owner: Raj Add a canary stage');
    expect(followUps).toContain('Lee · owner: nobody yet Alert on checkout 5xx rate');
  });

  it('should leave the sections the team writes afterwards empty', () => {
    const html = renderHtml(resolvedIncident());

    for (const { id, title } of FILL_IN_SECTIONS) {
      const body = visibleText(element(html, 'section', 'id', id));
      expect(body).toBe(id === 'action-items' ? `${title} Action Owner Due Ticket` : title);
    }
  });
});

describe('the Change section of the HTML postmortem', () => {
  const section = (html: string) => element(html, 'section', 'id', 'change');

  it('should say so when warroom saw no suspect, rollback or deploy', () => {
    expect(visibleText(section(renderHtml(resolvedIncident())))).toBe(
      'Change warroom recorded no suspect deploy, rollback or deploy during this incident.',
    );
  });

  it('should show the suspect, when it went live, and how long before the impact start and the declare', () => {
    const suspect = visibleText(section(renderHtml(changedIncident())).split('<h3>Rollback</h3>')[0] ?? '');

    expect(suspect).toContain('payments-api 2026.11.28-3 (4f2a1c9) by dana-gh in production (reported by GitHub)');
    expect(suspect).toContain('Went live 2026-11-28 22:58:00 GMT+1 (2026-11-28 21:58:00 UTC) , T-00:09');
    expect(suspect).toContain('Timing 9 min before the impact start, 14 min before the declare');
    expect(suspect).toContain('Named the suspect Sat 28 Nov 23:16 GMT+1 (T+00:09) by Raj');
    expect(suspect).toContain('Live before it payments-api 2026.11.28-2 (9e8d7c6) by raj-gh');
    expect(visibleText(element(renderHtml(changedIncident()), 'table', 'class', 'suspects'))).toContain(
      'Sat 28 Nov 23:15 GMT+1 Raj search-api 7.1.0 (a1b2c3d) by kim-gh Sat 28 Nov 21:40 GMT+1',
    );
  });

  it('should show each rollback: requested by whom, the plan, dispatched, failed with its error, or deployed', () => {
    const html = renderHtml(changedIncident());
    const failed = visibleText(element(html, 'article', 'class', 'rollback" data-rollback="rb-inc-51-first'));
    const deployed = visibleText(element(html, 'article', 'class', 'rollback" data-rollback="rb-inc-51-second'));

    expect(failed).toContain('Rollback of payments-api (production) to 2026.11.28-2: failed');
    expect(failed).toContain('Requested Sat 28 Nov 23:20 GMT+1 (T+00:13) by Raj, with 2026.11.28-3 live');
    expect(failed).toContain('Failed Sat 28 Nov 23:20 GMT+1 (T+00:13) in github: workflow rollback.yml not found');
    expect(deployed).toContain('Plan (rollback webhook) signed rollback webhook for payments-api in production');
    expect(deployed).toContain('Dispatched Sat 28 Nov 23:24 GMT+1 (T+00:17) · req-5521');
    expect(deployed).toContain('Deployed Sat 28 Nov 23:29 GMT+1 (T+00:22), 5 min after the request');
  });

  it('should list the deploys during the incident, the one in the freeze and the rollback marked', () => {
    const deploys = element(renderHtml(changedIncident()), 'table', 'class', 'deploys');
    const rows = deploys.split('</tr>').slice(1, -1).map(visibleText);

    expect(rows).toEqual([
      'Sat 28 Nov 23:18 GMT+1 web production 5.2.0 (c0ffee1) by lee-gh Live during the freeze —',
      'Sat 28 Nov 23:29 GMT+1 payments-api production 2026.11.28-2 (9e8d7c6) Live exempt (a rollback) yes',
      'Sat 28 Nov 23:44 GMT+1 search-api production 7.1.1 by kim-gh Failed — —',
    ]);
    expect(deploys).toContain('<tr data-state="success" data-frozen="true" data-rollback="rb-inc-51-second">');
  });

  it('should link only to http(s) URLs, never passing the referrer or the window on', () => {
    const html = renderHtml(changedIncident());
    const external = [...html.matchAll(/<a href="([^"#][^"]*)"([^>]*)>/g)];

    expect(external.map((m) => m[1])).toEqual([
      'https://github.com/acme/payments-api/deployments/88123',
      'https://deploys.example.com/rollbacks/req-5521',
    ]);
    for (const m of external) expect(m[2]).toBe(' rel="noopener noreferrer"');
  });

  it('should show hostile deploy fields as text, and link no javascript: or data: URL', () => {
    const html = renderHtml(hostileDeployIncident());
    const change = section(html);

    expect(html).not.toMatch(/<(script|img|svg onload|b>|i>)/i);
    expect(html).not.toMatch(/href="(?!#|https:\/\/ok\.example\.com\/)/);
    expect(visibleText(change)).toContain(
      `${HOSTILE_DEPLOY.service} ${HOSTILE_DEPLOY.version} (<svg on) by eve | admin`,
    );
    expect(visibleText(change)).toContain('the deploy: javascript:alert(1)');
    expect(visibleText(change)).toContain('[run](http://evil): javascript:alert(4)');
    expect(change).toContain('<a href="https://ok.example.com/x?a=`b`%3Ec|d\\e&amp;lt;" rel="noopener noreferrer">');
  });
});

describe('what customers were told, in the HTML postmortem', () => {
  const section = (html: string) => element(html, 'section', 'id', 'customers');
  const items = (html: string) =>
    section(html)
      .split('<li ')
      .slice(1)
      .map((li) => `<li ${li}`);

  it('should say "Nothing was published to customers." when nothing was', () => {
    expect(visibleText(section(renderHtml(resolvedIncident())))).toBe(
      'What customers were told Nothing was published to customers.',
    );
  });

  it('should list the customer notice and each publish in order, and no internal update', () => {
    const html = renderHtml(commsIncident());
    expect(items(html).map((li) => li.match(/^<li data-via="([^"]+)"(?: data-outcome="([^"]+)")?/)?.slice(1))).toEqual([
      ['slack', undefined],
      ['status-page', 'published'],
      ['status-page', 'refused'],
      ['status-page', 'published'],
    ]);
    expect(visibleText(items(html)[0] ?? '')).toBe(
      'Tue 1 Dec 09:11 GMT-5 (T+00:06) · Posted in Slack by Lee, from the customer-notice draft Some card payments in the EU fail at checkout. We are working on it and will update you by 09:40.',
    );
    expect(section(html)).not.toContain('Rolling back payments-api');
    expect(section(html)).not.toContain('What we are doing');
  });

  it('should show each publish: status, components by service or id with their impact, notify, link, text', () => {
    const first = visibleText(items(renderHtml(commsIncident()))[1] ?? '');
    expect(first).toBe(
      'Tue 1 Dec 09:13 GMT-5 (T+00:08) · Status page : published Status Investigating Components payments-api: major outage; w4n8b2c6d0ty: degraded performance Notify subscribers yes Link the status page Asked for Tue 1 Dec 09:13 GMT-5 by Lee, naming the incident Card payments failing in the EU on the page We are investigating failed card payments for customers in the EU.',
    );
  });

  it("should say a refused publish was not seen by customers, with Statuspage's message", () => {
    const refused = visibleText(items(renderHtml(commsIncident()))[2] ?? '');
    expect(refused).toContain('Status page : refused by Statuspage (customers did not see it)');
    expect(refused).toContain('Statuspage said Statuspage answered 422: components is invalid Status Monitoring');
    expect(refused).not.toContain('Link');
  });

  it('should show the first external communication with where it came from, and the internal one as it was', () => {
    const html = renderHtml(commsIncident());
    expect(metricCell(html, 'first-external-communication')).toBe('8 min (status page)');
    expect(metricCell(html, 'first-communication')).toBe('3 min');
    expect(visibleText(element(html, 'tr', 'data-metric', 'first-communication'))).toContain(
      'Time to first internal communication',
    );
    const unpublished = COMMS_INCIDENT.filter((e) => e.type !== 'StatusPagePublished');
    const fromSlack = buildTimeline(unpublished, COMMS_TEMPLATES, {
      timeZone: COMMS_TIME_ZONE,
      now: COMMS_NOW,
      people: PEOPLE,
    });
    expect(metricCell(renderHtml(fromSlack), 'first-external-communication')).toBe(
      '6 min (posted in Slack; no status page)',
    );
    expect(metricCell(renderHtml(resolvedIncident()), 'first-external-communication')).toBe('—');
  });

  it('should link the status page only to http(s), never passing the referrer or the window on', () => {
    const external = [...renderHtml(commsIncident()).matchAll(/<a href="([^"#][^"]*)"([^>]*)>/g)];
    expect(external.map((m) => [m[1], m[2]])).toEqual([
      ['https://status.example.com/incidents/p31zjtct2jer', ' rel="noopener noreferrer"'],
      ['https://status.example.com/incidents/p31zjtct2jer', ' rel="noopener noreferrer"'],
    ]);
  });

  it('should show hostile publish texts, links and errors as text, and link no javascript: URL', () => {
    const html = renderHtml(hostilePublishIncident());
    const told = visibleText(section(html));
    expect(html).not.toMatch(/<(script|img|b>|i>)/i);
    expect(html).not.toMatch(/href="(?!#)/);
    expect(told).toContain('Link the status page: javascript:alert(1)');
    expect(told).toContain(`Components ${HOSTILE_PUBLISH.component}: major outage`);
    expect(told).toContain(`naming the incident ${HOSTILE_PUBLISH.name} on the page`);
    expect(told).toContain('Statuspage said <script>alert(2)</script> | # refused');
    expect(told).toContain(`from the ${HOSTILE_PUBLISH.draft} draft ${HOSTILE_PUBLISH.update}`);
    expect(section(html)).toContain(
      '<p class="prose">![x](http://evil/x.png) &lt;img src=x onerror=alert(1)&gt;\n# owned',
    );
  });
});

describe('renderChart', () => {
  const phaseGroup = (svg: string, id: string) => element(svg, 'g', 'data-phase', id);

  it('should draw a bar for every phase that started, and say "not started" for the others', () => {
    const svg = renderChart(earlyIncident());

    expect(phaseGroup(svg, 'identify')).toContain('data-state="open"');
    expect(phaseGroup(svg, 'identify')).toContain('<rect class="bar"');
    expect(phaseGroup(svg, 'rollback')).toContain('data-state="not-started"');
    expect(phaseGroup(svg, 'rollback')).not.toContain('<rect');
    expect(visibleText(phaseGroup(svg, 'rollback'))).toContain('Roll back not started');
    expect(phaseGroup(svg, 'communicate')).toContain('<rect class="bar"');
  });

  it('should run an open phase to the end of the span, and a finished one to its end', () => {
    const open = renderChart(openIncident());
    const axis = attrsOf(open.match(/<line class="axis"[^>]*>/)?.[0] ?? '');
    const bar = (svg: string, id: string) => attrsOf(phaseGroup(svg, id).match(/<rect class="bar"[^>]*>/)?.[0] ?? '');
    const right = (attrs: Record<string, string>) => Number(attrs.x) + Number(attrs.width);

    expect(right(bar(open, 'rollback'))).toBeCloseTo(Number(axis.x2), 0);
    expect(phaseGroup(open, 'identify')).toContain('data-state="done"');
    expect(right(bar(open, 'identify'))).toBeLessThan(Number(axis.x2) - 100);
  });

  it('should mark the milestones, the status changes and the accepted handoff', () => {
    const svg = renderChart(resolvedIncident());
    const milestones = [...svg.matchAll(/data-milestone="([a-z]+)"/g)].map((m) => m[1]);

    expect(milestones.sort()).toEqual(['declared', 'identified', 'impact', 'mitigating', 'monitoring', 'resolved']);
    const handoffs = [...svg.matchAll(/<g data-mark="handoff"[^>]*>/g)].map((m) => attrsOf(m[0]));
    expect(handoffs).toEqual([
      expect.objectContaining({ 'data-role': 'commander', 'data-at': '2026-11-28T23:06:00.000Z' }),
    ]);
    expect(visibleText(element(svg, 'g', 'data-mark', 'handoff'))).toContain('Commander → Lee 00:06');
  });

  it('should mark the suspect deploy going live, each rollback requested, and the rollback deployed', () => {
    const svg = renderChart(changedIncident());
    const marks = [...svg.matchAll(/<g data-mark="change"[^>]*>/g)]
      .map((m) => attrsOf(m[0]))
      .sort((a, b) => (a['data-at'] ?? '').localeCompare(b['data-at'] ?? ''));

    expect(marks.map((m) => [m['data-change'], m['data-at'], m['data-rollback']])).toEqual([
      ['suspect', '2026-11-28T21:58:00.000Z', undefined],
      ['rollback-requested', '2026-11-28T22:20:00.000Z', 'rb-inc-51-first'],
      ['rollback-requested', '2026-11-28T22:24:00.000Z', 'rb-inc-51-second'],
      ['rollback-deployed', '2026-11-28T22:29:40.000Z', 'rb-inc-51-second'],
    ]);
    const suspect = svg.slice(svg.indexOf('data-change="suspect"'));
    expect(visibleText(suspect.slice(0, suspect.indexOf('</g>')))).toContain('Suspect 2026.11.28-3 live 22:58');
    expect(renderChart(resolvedIncident())).not.toContain('data-mark="change"');
  });

  it('should start the chart where the suspect went live, before the impact began', () => {
    const timeline = changedIncident();
    const svg = renderChart(timeline);
    const axis = attrsOf(svg.match(/<line class="axis"[^>]*>/)?.[0] ?? '');
    const suspect = svg.slice(svg.indexOf('data-change="suspect"'));
    const line = attrsOf(suspect.match(/<line [^>]*>/)?.[0] ?? '');

    expect(Number(line.x1)).toBeCloseTo(Number(axis.x1), 0);
    expect(chartSpan(timeline).start).toBe(timeline.incident.impactStartedAt);
  });

  it('should leave off the chart a suspect that went live days before, rather than squash the incident', () => {
    const timeline = changedIncident();
    const [first, last] = timeline.change?.suspects ?? [];
    if (!timeline.change || !first || !last) throw new Error('INC-51 has two suspects');
    const old = { ...last, deploy: { ...last.deploy, at: utc('21:58') - 3 * 24 * 3_600_000 } };
    const weekOld = { ...timeline, change: { ...timeline.change, suspects: [first, old] } };

    expect(renderChart(weekOld)).not.toContain('data-change="suspect"');
    expect(drawnSpan(weekOld)).toEqual(chartSpan(weekOld));
    expect(visibleText(element(renderHtml(weekOld), 'section', 'id', 'change'))).toContain('Went live 2026-11-25');
  });

  it('should mark a reopen, and the status it went back to', () => {
    const reopened = resolvedIncident();
    reopened.entries.push({
      seq: 99,
      at: utc('23:36'),
      recordedAt: utc('23:36'),
      actor: LEE,
      kind: 'reopened',
      type: 'IncidentReopened',
      text: 'Reopened: errors again',
      audience: null,
    });
    reopened.statusChanges.push({ at: utc('23:36'), status: 'investigating' });
    reopened.incident = { ...reopened.incident, status: 'investigating', resolvedAt: null, durationMs: null };
    const svg = renderChart(reopened);

    expect(svg).toContain(
      '<g data-mark="milestone" data-at="2026-11-28T23:36:00.000Z" data-milestone="reopened" data-status="investigating">',
    );
    expect(svg.match(/data-at="2026-11-28T23:36:00.000Z"/g)).toHaveLength(1);
  });

  it('should mark a status change that is no milestone, such as back to Investigating', () => {
    // In the hostile timeline the suspect is dropped at 23:16:20 and named again at 23:16:40.
    const svg = renderChart(hostileIncident());

    expect(svg).toMatch(/<g data-mark="status" data-at="2026-11-28T22:16:20.000Z" data-status="investigating">/);
    expect(svg).toMatch(/<g data-mark="milestone" data-at="2026-11-28T22:16:40.000Z" data-milestone="identified"/);
  });

  it('should put its time ticks on round times of the display time zone', () => {
    // India is 5 h 30 min ahead of UTC: a round local hour is half past in UTC.
    const long = { ...openIncident(), timeZone: 'Asia/Kolkata', generatedAt: utc('22:07') + 7 * 3_600_000 };
    const ticks = [...renderChart(long).matchAll(/data-tick="([^"]*)"/g)].map((m) => m[1]);

    expect(ticks).toEqual(['04:00', '05:00', '06:00', '07:00', '08:00', '09:00', '10:00']);
    const madrid = [...renderChart(resolvedIncident()).matchAll(/data-tick="([^"]*)"/g)].map((m) => m[1]);
    expect(madrid).toEqual(['23:15', '23:30', '23:45', '00:00', '00:15', '00:30']);
  });

  it('should tell the two 02:30s apart on the night the clocks go back', () => {
    // In Madrid, 25 October 2026 runs 02:00–03:00 twice: first at GMT+2, then at GMT+1.
    const night = resolvedIncident();
    night.incident = {
      ...night.incident,
      impactStartedAt: null,
      declaredAt: Date.UTC(2026, 9, 24, 23, 50),
      resolvedAt: Date.UTC(2026, 9, 25, 1, 30),
    };
    night.statusChanges = [
      { at: Date.UTC(2026, 9, 24, 23, 50), status: 'investigating' },
      { at: Date.UTC(2026, 9, 25, 0, 30), status: 'monitoring' },
      { at: Date.UTC(2026, 9, 25, 1, 30), status: 'resolved' },
    ];
    night.phases = [];
    night.handoffs = [];
    const labels = [...renderChart(night).matchAll(/<text [^>]*class="mark-label"[^>]*>([^<]*)</g)].map((m) => m[1]);

    expect(labels).toEqual(
      expect.arrayContaining(['Declared 01:50 GMT+2', 'Monitoring 02:30 GMT+2', 'Resolved 02:30 GMT+1']),
    );
    expect(renderChart(night)).toMatch(/class="tick-date"[^>]*>GMT\+1</);
    expect(renderChart(resolvedIncident())).not.toContain('GMT+1');
  });

  it('should describe itself for screen readers', () => {
    const svg = renderChart(resolvedIncident());

    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 960 \d+(\.\d)?" width="100%"/);
    expect(svg).toContain('role="img" aria-labelledby="chart-title chart-desc"');
    expect(svg).toContain('<title id="chart-title">Timeline chart of INC-42: Checkout payments failing</title>');
    expect(svg).toContain('Identify — what changed?: 23:12–23:17 (4 min).');
  });

  it.each(FIXTURES)('should keep every label of the %s chart inside the viewBox', (_, fixture) => {
    const svg = renderChart(fixture());
    const width = Number(svg.match(/viewBox="0 0 (\d+)/)?.[1]);
    const texts = [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)];

    expect(texts.length).toBeGreaterThan(10);
    for (const [, attrs, body = ''] of texts) {
      const a = attrsOf(attrs ?? '');
      const w = textWidth(visibleText(body), Number(a['font-size'] ?? 12), a['font-weight'] !== undefined);
      const x = Number(a.x);
      const left = a['text-anchor'] === 'end' ? x - w : a['text-anchor'] === 'middle' ? x - w / 2 : x;
      expect(left, body).toBeGreaterThanOrEqual(0);
      expect(left + w, body).toBeLessThanOrEqual(width);
    }
  });

  it('should keep a crowded chart a few lanes tall: every mark drawn, the labels that fit in the lanes shown', () => {
    const timeline = crowdedIncident();
    const svg = renderChart(timeline);
    const height = Number(svg.match(/viewBox="0 0 \d+ (\d+(\.\d)?)"/)?.[1]);
    const marks = [...svg.matchAll(/<g data-mark="(status|milestone)" data-at="([^"]+)"/g)];
    const labels = [...svg.matchAll(/<text [^>]*class="mark-label"[^>]*>/g)].map((m) => attrsOf(m[0]));
    const lanes = new Set(labels.map((a) => a.y));

    // The plain chart's height, and at most eight lanes of labels more.
    expect(height).toBeLessThanOrEqual(
      Number(renderChart(resolvedIncident()).match(/viewBox="0 0 \d+ (\d+)/)?.[1]) + 8 * 17,
    );
    expect(lanes.size).toBe(8);
    // Every status change is a mark, with its title; only some have room for their label.
    const changes = new Set(timeline.statusChanges.filter((c) => c.at > timeline.incident.declaredAt).map((c) => c.at));
    expect(marks.filter(([, , at]) => changes.has(Date.parse(at as string))).length).toBe(changes.size);
    expect(labels.length).toBeGreaterThan(30);
    expect(labels.length).toBeLessThan(marks.length);
    expect(svg.match(/<title>/g)?.length).toBeGreaterThanOrEqual(marks.length);
    expect(svg).toMatch(/And \d+ more marks: the timeline lists every event\./);
  });

  it('should span from the impact start to the resolve, or to the export while open', () => {
    expect(chartSpan(resolvedIncident())).toEqual({ start: utc('22:07'), end: utc('23:35') });
    expect(chartSpan(openIncident())).toEqual({ start: utc('22:07'), end: utc('22:40') });
  });
});

/** A PNG as RGB(A) pixels; enough of the format for Chromium's screenshots (8-bit, not interlaced). */
function decodePng(png: Buffer): { width: number; height: number; channels: number; pixels: Uint8Array } {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const chunk = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = chunk.readUInt32BE(0);
      height = chunk.readUInt32BE(4);
      const [depth, colour, , , interlace] = chunk.subarray(8);
      channels = colour === 6 ? 4 : colour === 2 ? 3 : 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) throw new Error(`unsupported PNG (${depth}, ${colour})`);
    }
    if (type === 'IDAT') data.push(chunk);
    offset += length + 12;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const value = raw[y * (stride + 1) + 1 + i] ?? 0;
      const left = i >= channels ? (pixels[y * stride + i - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + i] ?? 0) : 0;
      const upLeft = y > 0 && i >= channels ? (pixels[(y - 1) * stride + i - channels] ?? 0) : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = Math.floor((left + up) / 2);
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      pixels[y * stride + i] = (value + predicted) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

type Box = { x: number; y: number; width: number; height: number };

/** The share of pixels in `box` (relative to the image) that are clearly not the white or grey background. */
function inkIn(image: ReturnType<typeof decodePng>, box: Box): number {
  const x0 = Math.max(0, Math.ceil(box.x + 1));
  const y0 = Math.max(0, Math.ceil(box.y + 1));
  const x1 = Math.min(image.width, Math.floor(box.x + box.width - 1));
  const y1 = Math.min(image.height, Math.floor(box.y + box.height - 1));
  let ink = 0;
  let all = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const at = (y * image.width + x) * image.channels;
      const darkest = Math.min(image.pixels[at] ?? 255, image.pixels[at + 1] ?? 255, image.pixels[at + 2] ?? 255);
      all++;
      if (darkest < 215) ink++;
    }
  }
  return all === 0 ? 0 : ink / all;
}

describe.runIf(RUN_BROWSER_CHECKS)('the HTML in Chromium', () => {
  let context: BrowserContext;
  let profile: string;
  const fetched: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install chromium), or set CHROMIUM_PATH.`);
    }
    profile = mkdtempSync(join(tmpdir(), 'warroom-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 1,
    });
    // The file must need nothing from the network: any attempt is recorded and fails.
    await context.route(/^(https?|wss?|ftp):/, async (route) => {
      fetched.push(route.request().url());
      await route.abort();
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Opens the HTML in a fresh page; `problems` collects console errors, page errors and failed requests. */
  async function open(
    html: string,
    options: { width?: number; media?: 'screen' | 'print' } = {},
  ): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    await page.setViewportSize({ width: options.width ?? 1280, height: 900 });
    await page.emulateMedia({ media: options.media ?? 'screen' });
    await page.setContent(html, { waitUntil: 'load' });
    return { page, problems };
  }

  /**
   * Everything wrong with the chart as drawn: a started phase whose bar is missing, empty or outside the SVG, a label
   * outside the SVG, mark labels on top of each other, a chart squashed or wider than the page.
   */
  async function chartProblems(page: Page, timeline: Timeline, name: string): Promise<string[]> {
    const problems: string[] = [];
    const svg = page.locator('svg.chart');
    // Taking the screenshot scrolls the chart into view: measure everything after it, in the same viewport.
    await svg.scrollIntoViewIfNeeded();
    const png = await svg.screenshot({ animations: 'disabled' });
    const box = await svg.boundingBox();
    if (box === null || box.width < 100) return ['the chart is not displayed'];
    const inside = (b: Box) =>
      b.x >= box.x - 0.5 &&
      b.y >= box.y - 0.5 &&
      b.x + b.width <= box.x + box.width + 0.5 &&
      b.y + b.height <= box.y + box.height + 0.5;

    const page_ = await page.evaluate(() => ({
      clientWidth: document.documentElement.clientWidth,
      scrollWidth: document.documentElement.scrollWidth,
    }));
    if (box.x < 0 || box.x + box.width > page_.clientWidth + 0.5) problems.push('the chart is wider than the page');
    if (page_.scrollWidth > page_.clientWidth) problems.push(`the page scrolls sideways (${page_.scrollWidth} px)`);
    const viewBox = ((await svg.getAttribute('viewBox')) ?? '').split(' ').map(Number);
    const [, , vbWidth = 1, vbHeight = 1] = viewBox;
    if (Math.abs(box.height / box.width - vbHeight / vbWidth) > 0.01) problems.push('the chart is squashed or cut');

    if (process.env.WARROOM_SAVE_SCREENSHOTS === '1') {
      const dir = join(import.meta.dirname, '__screenshots__');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.png`), png);
    }
    const image = decodePng(png);
    const scale = image.width / box.width;
    if (inkIn(image, { x: 0, y: 0, width: image.width, height: image.height }) < 0.05)
      problems.push('the chart is blank');

    for (const phase of timeline.phases.filter((p) => p.startedAt !== null)) {
      const bar = await page.locator(`svg.chart [data-phase="${phase.id}"] rect.bar`).boundingBox();
      if (bar === null || bar.width <= 0 || bar.height <= 0) {
        problems.push(`${phase.id}: no visible bar`);
        continue;
      }
      if (!inside(bar)) problems.push(`${phase.id}: bar outside the chart`);
      const local = {
        x: (bar.x - box.x) * scale,
        y: (bar.y - box.y) * scale,
        width: bar.width * scale,
        height: bar.height * scale,
      };
      const ink = inkIn(image, local);
      if (ink < 0.6) problems.push(`${phase.id}: bar painted on ${Math.round(ink * 100)}% of its box`);
    }

    const labels = await page.$$eval('svg.chart text', (texts: DomElement[]) =>
      texts.map((t) => {
        const r = t.getBoundingClientRect();
        return {
          text: t.textContent ?? '',
          mark: t.classList.contains('mark-label'),
          box: { x: r.x, y: r.y, width: r.width, height: r.height },
        };
      }),
    );
    if (labels.length === 0) problems.push('no labels');
    for (const label of labels) {
      if (label.box.width <= 0) problems.push(`label "${label.text}" is not displayed`);
      else if (!inside(label.box)) problems.push(`label "${label.text}" is clipped`);
    }
    const marks = labels.filter((l) => l.mark);
    for (const [i, a] of marks.entries()) {
      for (const b of marks.slice(i + 1)) {
        const overlap =
          a.box.x < b.box.x + b.box.width - 1 &&
          b.box.x < a.box.x + a.box.width - 1 &&
          a.box.y < b.box.y + b.box.height - 1 &&
          b.box.y < a.box.y + a.box.height - 1;
        if (overlap) problems.push(`labels "${a.text}" and "${b.text}" overlap`);
      }
    }
    return problems;
  }

  it.each(FIXTURES)('should open the %s report with no error and no request', async (_, fixture) => {
    fetched.length = 0;
    const { page, problems } = await open(renderHtml(fixture()));

    const scripts = await page.evaluate(() => document.querySelectorAll('script, img, iframe, link').length);
    expect(scripts).toBe(0);
    expect(await page.evaluate(() => document.title)).toMatch(/^INC-\d+: /);
    expect(problems).toEqual([]);
    expect(fetched).toEqual([]);
    await page.close();
  });

  it('should notice a request for anything outside the file', async () => {
    fetched.length = 0;
    // The report's own policy forbids it; without the policy, the route aborts it: both ways it fails loudly.
    const { page, problems } = await open(
      '<!doctype html><html><head><title>x</title></head><body><img src="https://example.com/x.png"></body></html>',
    );

    expect(fetched).toEqual(['https://example.com/x.png']);
    expect(problems.some((p) => p.includes('request failed: https://example.com/x.png'))).toBe(true);
    await page.close();
  });

  it.each([
    ['wide screen', 1280, 'screen'],
    ['narrow screen', 600, 'screen'],
    ['print', 720, 'print'],
  ] as const)('should draw the chart with painted bars and unclipped labels on a %s', async (name, width, media) => {
    for (const [fixtureName, fixture] of FIXTURES) {
      const timeline = fixture();
      const { page, problems } = await open(renderHtml(timeline), { width, media });

      expect(await chartProblems(page, timeline, `${fixtureName}-${name}`.replace(/\W+/g, '-'))).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('should start the chart, the timeline and the postmortem on new pages when printed', async () => {
    const html = renderHtml(resolvedIncident());
    const layout = (page: Page) =>
      page.evaluate(() =>
        ['#chart', '#timeline', '#contributing-factors', '#metrics', 'nav.toc'].map((selector) => {
          const style = getComputedStyle(document.querySelector(selector) as DomElement);
          return `${selector} ${style.breakBefore} ${style.display}`;
        }),
      );
    const printed = await open(html, { width: 720, media: 'print' });
    const screen = await open(html, { width: 720, media: 'screen' });

    expect(await layout(printed.page)).toEqual([
      '#chart page block',
      '#timeline page block',
      '#contributing-factors page block',
      '#metrics auto block',
      'nav.toc auto none',
    ]);
    expect(await layout(screen.page)).toEqual([
      '#chart auto block',
      '#timeline auto block',
      '#contributing-factors auto block',
      '#metrics auto block',
      'nav.toc auto flex',
    ]);
    await printed.page.close();
    await screen.page.close();
  });

  it("should keep the timeline's times on one line, let the text wrap anywhere, and mute the clock column", async () => {
    const { page, problems } = await open(renderHtml(resolvedIncident()), { width: 720 });
    const cells = await page.evaluate(() =>
      [1, 2, 3, 4, 5].map((n) => {
        const cell = document.querySelector(
          `table.timeline tbody tr[data-seq]:not(.kind-system) td:nth-child(${n})`,
        ) as DomElement;
        const style = getComputedStyle(cell);
        return { whiteSpace: style.whiteSpace, overflowWrap: style.overflowWrap, color: style.color };
      }),
    );

    expect(cells.map((c) => c.whiteSpace)).toEqual(['nowrap', 'nowrap', 'nowrap', 'normal', 'normal']);
    expect(cells.map((c) => c.overflowWrap)).toEqual([
      'break-word',
      'break-word',
      'break-word',
      'break-word',
      'anywhere',
    ]);
    expect(cells[0]?.color).not.toBe(cells[1]?.color);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('should draw what the projection builds from a real log (reopened, over the night the clocks go back)', async () => {
    const timeline = buildTimeline(SEEDED_INCIDENT, templates, { timeZone: TIME_ZONE, now: NOW, people: PEOPLE });
    const { page, problems } = await open(renderHtml(timeline));

    expect(await chartProblems(page, timeline, 'seeded')).toEqual([]);
    expect(await page.locator('svg.chart [data-milestone="reopened"]').count()).toBe(1);
    expect(await page.locator('svg.chart [data-mark="handoff"]').count()).toBe(
      timeline.handoffs.filter((h) => h.outcome === 'accepted').length,
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('should show "not started" where a phase has no bar', async () => {
    const { page } = await open(renderHtml(earlyIncident()));
    const rollback = page.locator('svg.chart [data-phase="rollback"]');

    expect(await rollback.locator('rect').count()).toBe(0);
    expect(await rollback.locator('text.not-started').isVisible()).toBe(true);
    expect(await rollback.locator('text.not-started').textContent()).toBe('not started');
    await page.close();
  });

  it('should notice a chart whose bars are blank or whose labels are cut off', async () => {
    const timeline = resolvedIncident();
    const { page } = await open(renderHtml(timeline));
    await page.addStyleTag({ content: 'svg.chart rect.bar { fill: none !important; stroke: none !important; }' });

    const blank = await chartProblems(page, timeline, 'blank');
    expect(blank).toEqual(
      expect.arrayContaining([expect.stringMatching(/^identify: bar painted on \d+% of its box$/)]),
    );

    await page.evaluate(() => {
      const svg = document.querySelector('svg.chart');
      const [, , , height] = (svg?.getAttribute('viewBox') ?? '').split(' ');
      svg?.setAttribute('viewBox', `0 0 700 ${height}`);
    });
    const cut = await chartProblems(page, timeline, 'cut');
    expect(cut).toEqual(expect.arrayContaining([expect.stringMatching(/^label ".*" is clipped$/)]));
    await page.close();
  });

  it('should not let the hostile text run as script', async () => {
    const { page } = await open(renderHtml(hostileIncident()));

    expect(await page.locator('h1').textContent()).toContain(HOSTILE);
    expect(await page.evaluate(() => document.querySelectorAll('script, img').length)).toBe(0);
    await page.close();
  });
});
