/**
 * @module queue/bookmark
 * The incident channel's bookmark to its live postmortem timeline (when WARROOM_PUBLIC_URL is set):
 * added once with the channel, and pointed at a fresh link when the links are revoked (the old one
 * stops working) and when the incident is resolved (the link then lasts its full time from the
 * resolve, when people come to write the postmortem).
 */
import { exportLink } from '../http/export-links.js';
import type { IncidentState } from '../incident/state.js';
import { slackAt } from '../slack/pacing/priority.js';
import { type EffectContext, effectResult, once } from './context.js';

const TITLE = 'Postmortem timeline';

/** Adds the bookmark, once, and keeps its id. */
export async function addExportBookmark(ctx: EffectContext, state: IncidentState): Promise<void> {
  const channel = state.channel;
  const link = exportLink(ctx, state, Date.now());
  if (!channel || !link) return;
  await once(ctx, state.id, 'bookmark', async () => {
    const slack = slackAt(ctx.slack, 'low');
    const added = await slack.bookmarks.add({
      channel_id: channel.id,
      title: TITLE,
      type: 'link',
      link,
      emoji: ':clipboard:',
    });
    return added.bookmark?.id ?? null;
  });
}

/** Points the bookmark at a link made now (after event `seq`), once per event. */
export async function renewExportBookmark(ctx: EffectContext, state: IncidentState, seq: number): Promise<void> {
  const channel = state.channel;
  const link = exportLink(ctx, state, Date.now());
  if (!channel || !link) return;
  const id = await effectResult<string>(ctx, state.id, 'bookmark');
  if (typeof id !== 'string') return;
  await once(ctx, state.id, `bookmark.${seq}`, async () => {
    const slack = slackAt(ctx.slack, 'low');
    await slack.bookmarks.edit({ channel_id: channel.id, bookmark_id: id, link });
  });
}
