/**
 * @module queue/role-effects
 * What Slack shows when roles change hands: lines in the channel, the new holder invited and told their
 * duties, the handoff offer with its brief and buttons (edited once answered), and the timers around
 * them. Each post is guarded by `once`, keyed by the event.
 */
import { buildBrief } from '../incident/brief.js';
import type { RecordedEvent } from '../incident/events.js';
import { SYSTEM_ACTOR } from '../incident/events.js';
import { COMMANDER, findRole, roleLabel } from '../incident/roles.js';
import type { IncidentState } from '../incident/state.js';
import { answeredOfferMessage, handoffOfferMessage, type Message } from '../slack/blocks/brief.js';
import {
  dutiesMessage,
  handoffAcceptedLine,
  handoffDeclinedLine,
  handoffExpiredLine,
  roleAssignedLine,
  roleUnassignedLine,
} from '../slack/blocks/roles.js';
import { mention } from '../slack/text.js';
import { clock } from '../slack/time.js';
import { MetricStore } from '../store/metric-store.js';
import { type EffectContext, FAILED, once } from './context.js';
import { findMarked, postMarked, postOnce } from './post.js';
import { classifySlackError } from './slack-errors.js';
import { cancelTimer, NO_COMMANDER_NUDGE_MS, scheduleTimer } from './timers.js';

interface PostedOffer {
  channel: string;
  ts: string;
  message: Message;
}

async function post(ctx: EffectContext, state: IncidentState, key: string, text: string): Promise<void> {
  const channel = state.channel?.id;
  if (!channel) return;
  await postOnce(ctx, state.id, key, { channel, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
}

/** Brings `user` into the incident channel, once per `key` (someone already there is fine). */
export async function invite(ctx: EffectContext, state: IncidentState, key: string, user: string): Promise<void> {
  const channel = state.channel?.id;
  if (!channel) return;
  await once(ctx, state.id, key, async () => {
    try {
      await ctx.slack.conversations.invite({ channel, users: user });
    } catch (error) {
      if (classifySlackError(error).error !== 'already_in_channel') throw error;
    }
  });
}

async function tellDuties(ctx: EffectContext, state: IncidentState, key: string, role: string, user: string) {
  const definition = findRole(ctx.templates.roles, role);
  const channel = state.channel?.id;
  if (!definition || !channel) return;
  await once(ctx, state.id, key, async () => {
    const message = dutiesMessage(definition, state.id);
    await ctx.slack.chat.postEphemeral({
      channel,
      user,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
    });
  });
}

async function answerOffer(ctx: EffectContext, state: IncidentState, offerId: string, outcome: string): Promise<void> {
  const stored = await ctx.redis.hget(ctx.store.keys.effectResults(state.id), `offer.${offerId}`);
  const posted = stored ? (JSON.parse(stored) as { value?: PostedOffer }).value : undefined;
  if (!posted) return;
  const answered = answeredOfferMessage(posted.message, outcome);
  await ctx.slack.chat.update({ channel: posted.channel, ts: posted.ts, text: answered.text, blocks: answered.blocks });
}

/** Effects of role and handoff events; false when the event is not one of them. */
export async function applyRoleEffects(
  ctx: EffectContext,
  event: RecordedEvent,
  state: IncidentState,
): Promise<boolean> {
  const policy = ctx.templates.roles;
  const tz = ctx.config.timeZone;
  const seq = event.seq;
  switch (event.type) {
    case 'RoleAssigned': {
      const { role, user } = event.data;
      await invite(ctx, state, `invite.${seq}`, user);
      await post(ctx, state, `post.${seq}`, roleAssignedLine(roleLabel(policy, role), user, event.actor));
      await tellDuties(ctx, state, `duties.${seq}`, role, user);
      return true;
    }
    case 'RoleUnassigned':
      await post(
        ctx,
        state,
        `post.${seq}`,
        roleUnassignedLine(roleLabel(policy, event.data.role), event.data.previous, event.actor),
      );
      return true;
    case 'HandoffOffered': {
      const offer = { ...event.data, offeredAt: event.at, from: event.data.from };
      await invite(ctx, state, `invite.${seq}`, offer.to);
      const channel = state.channel?.id;
      if (channel) {
        const events = await ctx.store.readEvents(state.id, 1, seq);
        const metric = await new MetricStore(ctx.redis, ctx.config.keyPrefix).snapshot(state.id);
        const brief = buildBrief(state, events, ctx.templates, event.at, metric);
        const message = handoffOfferMessage(brief, offer, roleLabel(policy, offer.role), tz);
        const key = `offer.${offer.offerId}`;
        const args = { channel, text: message.text, blocks: message.blocks };
        const posted = await once(
          ctx,
          state.id,
          key,
          async () => ({ channel, ts: await postMarked(ctx, state.id, key, args), message }) satisfies PostedOffer,
          async (attemptedAt) => {
            const ts = await findMarked(ctx, state.id, key, args, attemptedAt);
            return ts ? { channel, ts, message } : undefined;
          },
        );
        if (posted === FAILED) return true;
      }
      await scheduleTimer(ctx, { incidentId: state.id, kind: 'offer-expiry', offerId: offer.offerId }, offer.expiresAt);
      return true;
    }
    case 'HandoffAccepted': {
      const { role, to, from, offerId } = event.data;
      const label = roleLabel(policy, role);
      await cancelTimer(ctx, { incidentId: state.id, kind: 'offer-expiry', offerId });
      await post(ctx, state, `post.${seq}`, handoffAcceptedLine(label, to, from));
      await once(ctx, state.id, `answer.${seq}`, () =>
        answerOffer(ctx, state, offerId, `✅ Accepted by ${mention(to)} at ${clock(event.at, tz)}`),
      );
      await tellDuties(ctx, state, `duties.${seq}`, role, to);
      if (role === COMMANDER) {
        await scheduleTimer(
          ctx,
          { incidentId: state.id, kind: 'commander-shift', user: to, since: event.at },
          event.at + policy.commanderShiftMs,
        );
      }
      return true;
    }
    case 'HandoffDeclined': {
      const { role, to, offerId, reason } = event.data;
      const label = roleLabel(policy, role);
      await cancelTimer(ctx, { incidentId: state.id, kind: 'offer-expiry', offerId });
      await post(ctx, state, `post.${seq}`, handoffDeclinedLine(label, to, state.roles[role], reason));
      await once(ctx, state.id, `answer.${seq}`, () =>
        answerOffer(ctx, state, offerId, `Declined by ${mention(to)} at ${clock(event.at, tz)}`),
      );
      return true;
    }
    case 'HandoffExpired': {
      const { role, to, offerId } = event.data;
      const label = roleLabel(policy, role);
      const minutes = Math.round(policy.offerExpiresAfterMs / 60_000);
      await post(ctx, state, `post.${seq}`, handoffExpiredLine(label, to, state.roles[role], minutes));
      await once(ctx, state.id, `answer.${seq}`, () =>
        answerOffer(ctx, state, offerId, `Lapsed at ${clock(event.at, tz)}`),
      );
      return true;
    }
    case 'HandoffWithdrawn': {
      const { offerId } = event.data;
      await cancelTimer(ctx, { incidentId: state.id, kind: 'offer-expiry', offerId });
      await once(ctx, state.id, `answer.${seq}`, () =>
        answerOffer(ctx, state, offerId, `Withdrawn at ${clock(event.at, tz)} by ${mention(event.actor)}`),
      );
      return true;
    }
    default:
      return false;
  }
}

/** The timers a newly declared incident starts: the commander's shift, and roles nobody takes. */
export async function scheduleDeclareTimers(ctx: EffectContext, state: IncidentState): Promise<void> {
  const policy = ctx.templates.roles;
  if (state.declaredBy === SYSTEM_ACTOR) {
    // Nobody has command yet: the channel is nudged until someone accepts it.
    await scheduleTimer(
      ctx,
      { incidentId: state.id, kind: 'no-commander', due: state.declaredAt + NO_COMMANDER_NUDGE_MS },
      state.declaredAt + NO_COMMANDER_NUDGE_MS,
    );
  } else {
    await scheduleTimer(
      ctx,
      { incidentId: state.id, kind: 'commander-shift', user: state.declaredBy, since: state.declaredAt },
      state.declaredAt + policy.commanderShiftMs,
    );
  }
  for (const role of policy.roles) {
    if (role.nudgeIfUnassignedAfterMs === undefined || state.roles[role.name]) continue;
    await scheduleTimer(
      ctx,
      { incidentId: state.id, kind: 'role-unassigned', role: role.name },
      state.declaredAt + role.nudgeIfUnassignedAfterMs,
    );
  }
}
