/**
 * @module queue/home
 * The `home` job: publishes one person's App Home tab (views.publish) when they open it. Payload:
 * { user }. Requests coalesce per person. A private incident shows only to people who are part of it
 * (its declarer, a role holder, someone offered a role or invited).
 */
import type { Job } from 'bullmq';
import type { FollowUp } from '../incident/followups.js';
import type { IncidentState } from '../incident/state.js';
import { homeView } from '../slack/blocks/home.js';
import type { EffectContext } from './context.js';
import type { HomeJob } from './names.js';

const DAY_MS = 24 * 3_600_000;
/** How many of the latest incidents are looked through for follow-ups. */
const LOOKED_AT = 300;

/** Whether `user` is part of the incident: may see it on their Home tab even when it is private. */
export function partOf(state: IncidentState, user: string): boolean {
  return (
    state.declaredBy === user ||
    Object.values(state.roles).includes(user) ||
    Object.values(state.offers).some((o) => o.to === user) ||
    state.paging.invited.includes(user)
  );
}

const visibleTo = (state: IncidentState, user: string) => !state.private || partOf(state, user);

export async function processHome(ctx: EffectContext, job: Job<HomeJob>): Promise<string> {
  const { user } = job.data;
  const load = async (ids: string[]) =>
    (await Promise.all(ids.map(async (id) => (await ctx.store.load(id)).state))).filter(
      (s): s is IncidentState => s !== undefined,
    );
  const open = (await load(await ctx.store.openIncidentIds(200))).filter((s) => visibleTo(s, user));
  const latest = (await ctx.store.allIncidentIds()).slice(-LOOKED_AT);
  const states = await load(latest);
  const followUps: { incidentId: string; followUp: FollowUp }[] = [];
  for (const state of [...states].reverse()) {
    if (!visibleTo(state, user) && !state.followUps.some((f) => f.owner === user)) continue;
    for (const f of state.followUps) {
      if (f.owner === user && f.doneAt === undefined) followUps.push({ incidentId: state.id, followUp: f });
    }
  }
  const since = Date.now() - 30 * DAY_MS;
  const recent = states.filter((s) => s.declaredAt >= since && visibleTo(s, user));
  await ctx.slack.views.publish({ user_id: user, view: homeView({ user, open, followUps, recent }) });
  return `published for ${user}: ${open.length} open, ${followUps.length} follow-ups`;
}
