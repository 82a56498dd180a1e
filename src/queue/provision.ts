/**
 * @module queue/provision
 * Setting up a declared incident in Slack, one step per recorded event so each is ordered and done
 * once: IncidentDeclared → the channel; ChannelCreated → the board (pinned at once), the changes card,
 * welcome and checklists, and beside them invite, purpose, topic, announcement, the declarer told where to go;
 * BoardPosted → pin it, if a crash came between the post and its pin.
 */
import { channelName, slugify } from '../incident/channel-name.js';
import { type RecordedEvent, SYSTEM_ACTOR } from '../incident/events.js';
import type { IncidentState } from '../incident/state.js';
import { renderAnnouncement, renderBoard } from '../slack/blocks/board.js';
import { welcomePost } from '../slack/blocks/posts.js';
import { atPriority } from '../slack/pacing/priority.js';
import { channelLink, truncate } from '../slack/text.js';
import { compactDate } from '../slack/time.js';
import { addExportBookmark } from './bookmark.js';
import { changesFor, postChangesCard } from './changes-card.js';
import { type EffectContext, FAILED, once, recordSystem } from './context.js';
import { DECLARED_SEQ, syncDeployFreeze } from './freeze-effects.js';
import { findMarked, postMarked, postOnce } from './post.js';
import { postPhases, scheduleProtocolTimers } from './protocol-effects.js';
import { followUpRefresh, refreshProjections } from './refresh.js';
import { noteRendered } from './rendered.js';
import { classifySlackError } from './slack-errors.js';

const MAX_NAME_ATTEMPTS = 50;

/** Creates the incident channel, adding -2, -3 … while the name is taken. */
export async function createChannel(ctx: EffectContext, state: IncidentState): Promise<void> {
  const created = await once(ctx, state.id, 'channel', async () => {
    const values = {
      date: compactDate(state.declaredAt, ctx.config.timeZone),
      slug: slugify(state.title),
      id: state.id,
    };
    for (let suffix = 1; suffix <= MAX_NAME_ATTEMPTS; suffix += 1) {
      const name = channelName(ctx.config.channelTemplate, values, suffix);
      try {
        const result = await ctx.slack.conversations.create({ name, is_private: state.private });
        return { channelId: result.channel?.id as string, name: result.channel?.name ?? name };
      } catch (error) {
        if (classifySlackError(error).error !== 'name_taken') throw error;
      }
    }
    throw new Error(`no free channel name for ${state.id} after ${MAX_NAME_ATTEMPTS} tries`);
  });
  if (created === FAILED) return;
  await recordSystem(ctx, state.id, { type: 'recordChannel', ...created }, 'sys:channel');
}

/**
 * Everything that needs the channel, side by side: what needs only its id goes at once (people, purpose,
 * topic, announcement, the declarer's confirmation, bookmark), while the channel's own messages go in
 * the order people read them, the board first and pinned as soon as Slack answers with its ts. What a
 * responder waits for after a declare is then three calls deep (create → board → pin), not a dozen.
 */
export async function setUpChannel(ctx: EffectContext, state: IncidentState): Promise<void> {
  const channel = state.channel;
  if (!channel) return;
  await allOrFirstError([
    postChannelMessages(ctx, state, channel),
    inviteDeclarer(ctx, state, channel.id),
    once(ctx, state.id, 'purpose', async () => {
      await ctx.slack.conversations.setPurpose({
        channel: channel.id,
        purpose: truncate(state.summary ?? state.title, 250),
      });
    }),
    refreshProjections(ctx, state, ['topic']).then((outcome) => followUpRefresh(ctx, state.id, outcome)),
    announce(ctx, state, channel.id),
    confirmDeclare(ctx, state, channel.id),
    addExportBookmark(ctx, state),
  ]);
  await scheduleProtocolTimers(ctx, state);
  // The hold started with the declare (changeFreeze in the declare's effects); this tells the channel.
  await syncDeployFreeze(ctx, state, DECLARED_SEQ);
}

/**
 * Waits for every piece of work, then throws the first failure: a job that failed while another piece
 * was still talking to Slack would let its retry run beside it.
 */
async function allOrFirstError(work: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The board (pinned and recorded as soon as it is posted), then the changes card, the welcome and the checklists. */
async function postChannelMessages(
  ctx: EffectContext,
  state: IncidentState,
  channel: { id: string; name: string },
): Promise<void> {
  const view = renderBoard(state, Date.now(), ctx.config.timeZone, ctx.templates);
  const board = await postOnce(atPriority(ctx, 'high'), state.id, 'board', {
    channel: channel.id,
    text: view.text,
    blocks: view.blocks,
  });
  const after: Promise<unknown>[] = [];
  if (board !== FAILED) {
    after.push(
      pinMessage(atPriority(ctx, 'high'), state.id, channel.id, board),
      noteRendered(ctx, state.id, 'board', view).then(() =>
        recordSystem(ctx, state.id, { type: 'recordBoard', ts: board }, 'sys:board'),
      ),
    );
  }
  after.push(
    (async () => {
      // The changes card right under the board: naming the suspect is the commander's first step, and
      // at one post a second per channel it would wait seconds behind the welcome and the checklists.
      await listChanges(ctx, state);
      const welcome = welcomePost(state);
      await postOnce(ctx, state.id, 'welcome', { channel: channel.id, text: welcome.text, blocks: welcome.blocks });
      await postPhases(ctx, state, 'phase');
    })(),
  );
  await allOrFirstError(after);
}

async function inviteDeclarer(ctx: EffectContext, state: IncidentState, channelId: string): Promise<void> {
  await once(ctx, state.id, 'invite', async () => {
    // Declared by warroom from an alert: the assignee is invited by their own PersonInvited.
    if (state.declaredBy === SYSTEM_ACTOR) return;
    try {
      await ctx.slack.conversations.invite({ channel: channelId, users: state.declaredBy });
    } catch (error) {
      if (classifySlackError(error).error !== 'already_in_channel') throw error;
    }
  });
}

/** The line in the feed channel (public incidents, when one is configured), recorded with its ts. */
async function announce(ctx: EffectContext, state: IncidentState, channelId: string): Promise<void> {
  const feed = ctx.config.announceChannel;
  if (!feed || state.private) return;
  const line = renderAnnouncement(state, channelId);
  const args = { channel: feed, text: line.text, blocks: line.blocks };
  const announced = await once(
    ctx,
    state.id,
    'announce',
    async () => {
      try {
        return await postMarked(ctx, state.id, 'announce', args);
      } catch (error) {
        if (classifySlackError(error).error !== 'not_in_channel') throw error;
        await ctx.slack.conversations.join({ channel: feed });
        return await postMarked(ctx, state.id, 'announce', args);
      }
    },
    (attemptedAt) => findMarked(ctx, state.id, 'announce', args, attemptedAt),
  );
  if (announced === FAILED) return;
  await noteRendered(ctx, state.id, 'announcement', line);
  await recordSystem(ctx, state.id, { type: 'recordAnnouncement', channelId: feed, ts: announced }, 'sys:announcement');
}

/** Replaces the declarer's "Declaring…" answer with a link to the channel. */
async function confirmDeclare(ctx: EffectContext, state: IncidentState, channelId: string): Promise<void> {
  await once(ctx, state.id, 'confirm', async () => {
    const url = await ctx.redis.get(ctx.store.keys.declareResponseUrl(state.id));
    if (!url) return;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        response_type: 'ephemeral',
        replace_original: true,
        text: `Declared ${state.id} → ${channelLink(channelId)}`,
      }),
    });
    // A response_url that expired is not worth retrying; the channel invite already told them.
    if (response.status >= 500) throw new Error(`response_url answered ${response.status}`);
  });
}

/**
 * Lists the deploys before the impact and posts their card at once, right under the board. The card is
 * also the `ChangesListed` event's effect, under the same key, so it is posted once: here, or by the
 * drain after a crash between the two.
 */
async function listChanges(ctx: EffectContext, state: IncidentState): Promise<void> {
  const windowMs = ctx.templates.changesWindowMs;
  const shown = await changesFor(ctx.deploys, ctx.templates, state, windowMs);
  const recorded = await recordSystem(
    ctx,
    state.id,
    { type: 'listChanges', window: windowMs, count: shown.length },
    'sys:changes',
  );
  const listed = recorded.find((e): e is RecordedEvent & { type: 'ChangesListed' } => e.type === 'ChangesListed');
  if (listed) await postChangesCard(ctx, state, listed);
}

/** Pins the board once it is posted (setUpChannel pins it at once; this covers a crash in between). */
export async function pinBoard(ctx: EffectContext, state: IncidentState): Promise<void> {
  const channel = state.channel;
  const ts = state.boardTs;
  if (!channel || !ts) return;
  await pinMessage(atPriority(ctx, 'high'), state.id, channel.id, ts);
}

async function pinMessage(ctx: EffectContext, incidentId: string, channelId: string, ts: string): Promise<void> {
  await once(ctx, incidentId, 'pin-board', async () => {
    try {
      await ctx.slack.pins.add({ channel: channelId, timestamp: ts });
    } catch (error) {
      if (classifySlackError(error).error !== 'already_pinned') throw error;
    }
  });
}
