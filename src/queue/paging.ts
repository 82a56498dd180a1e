/**
 * @module queue/paging
 * PagerDuty from the worker: the `page` job sends one page a responder asked for (Events API trigger,
 * its dedup key made from the incident and the service, so a retry, a crash or a second job joins the
 * same PagerDuty alert and pages nobody twice); `page-resolve` resolves an incident's pages when it is
 * resolved; `oncall` reads who is on call for the incident's service and matches them to Slack people by
 * e-mail, for the board's [Invite] and [Seat as Ops]. Outcomes go on the timeline.
 */
import type { Job } from 'bullmq';
import { isConnectorError } from '../connectors/errors.js';
import { PagerDutyEvents } from '../connectors/pagerduty/events.js';
import { PagerDutyRest } from '../connectors/pagerduty/rest.js';
import { severityLabel } from '../incident/severity.js';
import type { IncidentState } from '../incident/state.js';
import { type EffectContext, recordSystem } from './context.js';
import { type OnCallJob, PAGE_ATTEMPTS, type PageJob, type PageResolveJob } from './names.js';
import { classifySlackError } from './slack-errors.js';
import { scheduleTimer } from './timers.js';

const PD_SEVERITY = { sev1: 'critical', sev2: 'error', sev3: 'warning', sev4: 'info' } as const;

/** What the page says in PagerDuty. A private incident's title never leaves its channel. */
export function pageSummary(state: IncidentState, reason: string | undefined): string {
  const what = state.private
    ? `a private ${severityLabel(state.severity)} incident`
    : `${severityLabel(state.severity)}: ${state.title}`;
  return `${state.id} ${what}${reason ? ` (${reason})` : ''}`.slice(0, 1024);
}

function channelLink(state: IncidentState): { href: string; text: string }[] {
  return state.channel
    ? [{ href: `https://slack.com/app_redirect?channel=${state.channel.id}`, text: `Slack: #${state.channel.name}` }]
    : [];
}

export async function processPage(ctx: EffectContext, job: Job<PageJob>): Promise<string> {
  const { incidentId, pageId } = job.data;
  const { state } = await ctx.store.load(incidentId);
  const page = state && Object.hasOwn(state.paging.pages, pageId) ? state.paging.pages[pageId] : undefined;
  if (!state || !page) return 'no such page';
  if (page.sentAt !== undefined || page.error !== undefined) return 'already settled';
  const fail = async (error: string) => {
    await recordSystem(ctx, incidentId, { type: 'recordPageFailed', pageId, error }, `sys:page-failed:${pageId}`);
    return `failed: ${error}`;
  };
  const service = ctx.templates.catalog.services[page.service]?.pagerduty;
  if (!service) return fail(`${page.service} has no pagerduty routing_key in the service catalog`);
  try {
    await new PagerDutyEvents({ eventsUrl: ctx.config.pagerduty.eventsUrl }).trigger({
      routingKey: service.routingKey,
      dedupKey: page.dedupKey,
      summary: pageSummary(state, page.reason),
      source: page.service,
      severity: PD_SEVERITY[state.severity],
      client: 'warroom',
      links: channelLink(state),
      customDetails: { incident: state.id, severity: severityLabel(state.severity), paged_for: page.service },
    });
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    if (!error.retryable) return fail(error.detail);
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? PAGE_ATTEMPTS))
      return fail(`${error.detail} (gave up after ${job.attemptsMade + 1} tries)`);
    throw error;
  }
  await recordSystem(ctx, incidentId, { type: 'recordPageSent', pageId }, `sys:page-sent:${pageId}`);
  return `paged ${page.service}`;
}

/** Resolves the incident's pages still open in PagerDuty (the warroom incident was resolved). */
export async function processPageResolve(ctx: EffectContext, job: Job<PageResolveJob>): Promise<string> {
  const { incidentId } = job.data;
  const { state } = await ctx.store.load(incidentId);
  if (state?.status !== 'resolved') return 'not resolved';
  const events = new PagerDutyEvents({ eventsUrl: ctx.config.pagerduty.eventsUrl });
  let resolved = 0;
  for (const id of state.paging.order) {
    const page = state.paging.pages[id];
    const service = page ? ctx.templates.catalog.services[page.service]?.pagerduty : undefined;
    if (!page || !service || page.sentAt === undefined || page.resolvedAt !== undefined) continue;
    // Resolving an alert already resolved is a no-op at PagerDuty: a retry is safe.
    await events.resolve({ routingKey: service.routingKey, dedupKey: page.dedupKey });
    await recordSystem(
      ctx,
      incidentId,
      { type: 'recordPageResolved', pageId: page.pageId, by: { name: `warroom, as ${state.id} was resolved` } },
      `sys:page-resolved:${page.pageId}:${state.resolvedAt ?? 0}`,
    );
    resolved += 1;
  }
  return `resolved ${resolved} pages`;
}

/** The Slack user with this e-mail, if there is one (users.lookupByEmail). */
async function slackUserByEmail(ctx: EffectContext, email: string | undefined): Promise<string | undefined> {
  if (!email) return undefined;
  try {
    const found = await ctx.slack.users.lookupByEmail({ email });
    return found.user?.id;
  } catch (error) {
    if (classifySlackError(error).error === 'users_not_found') return undefined;
    throw error;
  }
}

/**
 * The alert's assignee, in an incident warroom declared from PagerDuty: brought into the channel and
 * offered command, which is theirs only once they accept.
 */
async function offerCommand(ctx: EffectContext, incidentId: string, user: string): Promise<void> {
  const reason = 'assigned the alert in PagerDuty';
  await recordSystem(ctx, incidentId, { type: 'invitePerson', user, reason }, `sys:pd-invite:${user}`);
  await recordSystem(ctx, incidentId, { type: 'offerHandoff', role: 'commander', to: user }, `sys:pd-offer:${user}`);
}

/** Reads who is on call for the incident's service now, and puts them on its board. */
export async function processOnCall(ctx: EffectContext, job: Job<OnCallJob>): Promise<string> {
  const { incidentId, service: name } = job.data;
  const service = ctx.templates.catalog.services[name]?.pagerduty;
  const token = ctx.config.pagerduty.token;
  if (!service || !token) return 'no PagerDuty for this service';
  const record = (people: { name: string; user?: string | undefined; level: number }[], error?: string) =>
    recordSystem(
      ctx,
      incidentId,
      { type: 'recordOnCall', service: name, people, ...(error ? { error } : {}) },
      `sys:oncall:${name}:${job.data.at}`,
    );
  try {
    const onCalls = await new PagerDutyRest({ apiUrl: ctx.config.pagerduty.apiUrl, token }).onCalls(
      service.escalationPolicy,
    );
    const people = [];
    let assignee: string | undefined;
    for (const person of onCalls.slice(0, 10)) {
      const user = await slackUserByEmail(ctx, person.email);
      if (user && person.userId === job.data.offerCommandTo) assignee = user;
      people.push({ name: person.name, user, level: person.escalationLevel });
    }
    await record(people);
    if (assignee) await offerCommand(ctx, incidentId, assignee);
    await checkAgainLater(ctx, incidentId, name);
    return `${people.length} on call`;
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    if (error.retryable && job.attemptsMade + 1 < (job.opts.attempts ?? PAGE_ATTEMPTS)) throw error;
    await record([], error.detail);
    await checkAgainLater(ctx, incidentId, name);
    return `failed: ${error.detail}`;
  }
}

/**
 * Reads the on-call again at the next tick of PAGERDUTY_ONCALL_CHECK while the incident is open, to see a
 * shift change. The ticks are on a grid, so lookups asked for from several places (the declare, a
 * service change) meet on one timer instead of running side by side.
 */
async function checkAgainLater(ctx: EffectContext, incidentId: string, service: string): Promise<void> {
  const { state } = await ctx.store.load(incidentId);
  if (!state || state.status === 'resolved') return;
  const every = ctx.config.pagerduty.onCallCheckMs;
  const due = (Math.floor(Date.now() / every) + 1) * every;
  await scheduleTimer(ctx, { incidentId, kind: 'oncall-check', service, due }, due);
}
