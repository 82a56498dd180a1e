/**
 * @module queue/statuspage-publish
 * The `statuspage-publish` job: publishes one status-page update comms asked for, exactly once.
 * Payload: { incidentId, publishId }. The first publish of an incident creates the Statuspage
 * incident (with a marker in its metadata naming the warroom incident); later ones add an update to
 * the same incident (PATCH). Outcome: `StatusPagePublished` (with Statuspage's incident id and link)
 * or `StatusPagePublishFailed` (what Statuspage said) on the timeline. Safe to run twice or to die
 * half-way: the result is kept; the attempt is marked before the call, and a run that finds an
 * attempt it cannot account for looks on Statuspage first — for the incident carrying the marker, or
 * for an update with this text since the attempt — before publishing again.
 */
import type { Job } from 'bullmq';
import { isConnectorError } from '../connectors/errors.js';
import { StatuspageClient } from '../connectors/statuspage/client.js';
import type { StatuspageIncident } from '../connectors/statuspage/incident.js';
import type { EventOf } from '../incident/events.js';
import { ownEntry } from '../incident/state.js';
import { type EffectContext, recordSystem } from './context.js';
import { STATUSPAGE_ATTEMPTS, type StatusPagePublishJob } from './names.js';

type Data = EventOf<'StatusPagePublished'>['data'];

/** What marks a Statuspage incident as this warroom incident's. */
export function statusPageMarker(incidentId: string, install: string) {
  return { warroom: { incident: incidentId, install } };
}

const CLOCK_SLACK_MS = 60_000;

export async function processStatusPagePublish(ctx: EffectContext, job: Job<StatusPagePublishJob>): Promise<string> {
  const { incidentId, publishId } = job.data;
  const { state } = await ctx.store.load(incidentId);
  const publish = state ? ownEntry(state.statusPage.publishes, publishId) : undefined;
  if (!state || !publish) return 'no such publish';
  if (publish.publishedAt !== undefined || publish.error !== undefined) return 'already settled';
  const fail = async (error: string) => {
    await recordSystem(
      ctx,
      incidentId,
      { type: 'recordStatusPagePublishFailed', publishId, error },
      `sys:sp-failed:${publishId}`,
    );
    return `failed: ${error}`;
  };
  const page = ctx.config.statuspage;
  if (!page) return fail('Statuspage is not configured on warroom (STATUSPAGE_API_KEY and STATUSPAGE_PAGE_ID)');
  const client = new StatuspageClient({ apiUrl: page.apiUrl, apiKey: page.apiKey, pageId: page.pageId });
  const marker = statusPageMarker(incidentId, ctx.config.keyPrefix);
  const results = ctx.store.keys.effectResults(incidentId);
  const field = `statuspage.${publishId}`;
  const attemptedField = `attempted.${field}`;
  const status = publish.status as Data['status'];
  const components = publish.components as Data['components'];
  const published = async (incident: Pick<StatuspageIncident, 'id' | 'url'>) => {
    await ctx.redis.hset(results, field, JSON.stringify({ id: incident.id, url: incident.url }));
    await recordSystem(
      ctx,
      incidentId,
      {
        type: 'recordStatusPagePublished',
        publishId,
        statuspageIncidentId: incident.id,
        url: incident.url,
        status,
        components,
        body: publish.body,
      },
      `sys:sp-published:${publishId}`,
    );
    return `published on ${incident.id}`;
  };
  try {
    const [done, attempted] = await ctx.redis.hmget(results, field, attemptedField);
    if (done) return published(JSON.parse(done) as { id: string; url: string | undefined });
    const existing = state.statusPage.incidentId;
    if (attempted) {
      const since = Number(attempted) - CLOCK_SLACK_MS;
      const found = existing
        ? await client
            .getIncident(existing)
            .then((incident) =>
              incident.updates.some((u) => u.body === publish.body && u.createdAt >= since) ? incident : undefined,
            )
        : await client.findByMarker(marker);
      if (found) {
        ctx.logger.info({ incidentId, publishId }, 'the status page had it before a crash; not published again');
        return published(found);
      }
    }
    // A private incident's title never leaves its channel: the page gets only the name a person wrote.
    const name = publish.name?.trim() || (state.private ? undefined : state.title);
    if (!existing && !name) return fail('the status page needs a title for the incident; give one in the form');
    await ctx.redis.hset(results, attemptedField, String(Date.now()));
    const input = { status, body: publish.body, components, deliverNotifications: publish.notify };
    const incident = existing
      ? await client.updateIncident(existing, input)
      : await client.createIncident({ ...input, name: name as string, metadata: marker });
    return published(incident);
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    // A refusal or a rate limit published nothing; a lost answer may have, and keeps the mark.
    // (A 2xx warroom could not read did publish: the mark stays, and a later look finds it.)
    const published2xx = error.status !== undefined && error.status < 300;
    if (!published2xx && (!error.retryable || error.status === 429 || error.status === 420)) {
      await ctx.redis.hdel(results, attemptedField);
    }
    if (!error.retryable) return fail(error.detail);
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? STATUSPAGE_ATTEMPTS)) {
      return fail(`${error.detail} (gave up after ${job.attemptsMade + 1} tries)`);
    }
    throw error;
  }
}
