/**
 * @module queue/exports
 * The `export` job: renders an incident's timeline and uploads it to a channel (Slack's current upload
 * flow: getUploadURLExternal, upload, completeUploadExternal). Payload: ExportJob. People are shown by
 * name: ids are looked up once with users.info and remembered in Redis. Safe to run twice: it
 * uploads again (an export is a snapshot, not a log entry). The log is read a chunk at a time, and the export
 * is handed to Slack as the UTF-8 bytes it is rendered into: no step holds the whole log or the export as text.
 */
import type { Job } from 'bullmq';
import { MEDIA_TYPES, streamExport } from '../export/run.js';
import type { RecordedEvent } from '../incident/events.js';
import { readEventChunks } from '../store/event-stream.js';
import type { EffectContext } from './context.js';
import type { ExportJob } from './names.js';
import { classifySlackError } from './slack-errors.js';

/** The Slack user ids in `events`: their actors, and any user id in what they hold. */
function userIdsIn(events: readonly RecordedEvent[], ids: Set<string>): void {
  const collect = (value: unknown) => {
    if (typeof value === 'string' && /^[UW][A-Z0-9]{2,}$/.test(value)) ids.add(value);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) collect(v);
  };
  for (const event of events) {
    collect(event.actor);
    collect(event.data);
  }
}

/** Display names of everyone in the incident's log (read a chunk at a time), from Redis or, once, from users.info. */
export async function peopleOf(ctx: EffectContext, incidentId: string): Promise<Record<string, string>> {
  const ids = new Set<string>();
  for await (const events of readEventChunks(ctx.store, incidentId)) userIdsIn(events, ids);
  const known = await ctx.redis.hgetall(ctx.store.keys.people);
  for (const id of ids) {
    if (known[id]) continue;
    try {
      const info = await ctx.slack.users.info({ user: id });
      const name = info.user?.profile?.display_name || info.user?.real_name || info.user?.name;
      if (name) {
        known[id] = name;
        await ctx.redis.hset(ctx.store.keys.people, id, name);
      }
    } catch (error) {
      if (classifySlackError(error).retry) throw error;
    }
  }
  return known;
}

/**
 * Text chunks as one buffer of their UTF-8 bytes: each chunk is encoded as it comes, and only the bytes are kept
 * (a long export's text can take two bytes a character in memory, its UTF-8 about one).
 */
export function utf8Of(chunks: Iterable<string>): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  for (const chunk of chunks) {
    const bytes = Buffer.from(chunk, 'utf8');
    parts.push(bytes);
    length += bytes.length;
  }
  return Buffer.concat(parts, length);
}

/** Renders and uploads; returns the uploaded file's name. */
export async function uploadExport(ctx: EffectContext, request: ExportJob): Promise<string> {
  const people = await peopleOf(ctx, request.incidentId);
  const result = await streamExport(ctx.store, ctx.templates, request.incidentId, request.format, {
    timeZone: ctx.config.timeZone,
    now: Date.now(),
    people,
  });
  if (!result) return 'no such incident';
  await ctx.slack.filesUploadV2({
    channel_id: request.channel,
    filename: result.filename,
    title: `${request.incidentId} postmortem timeline (${request.format.toUpperCase()})`,
    file: utf8Of(result.chunks),
    initial_comment: request.comment,
    snippet_type: request.format === 'md' ? 'markdown' : undefined,
  });
  ctx.logger.info(
    { incidentId: request.incidentId, format: request.format, media: MEDIA_TYPES[request.format] },
    'export uploaded',
  );
  return result.filename;
}

export async function processExport(ctx: EffectContext, job: Job<ExportJob>): Promise<string> {
  try {
    return await uploadExport(ctx, job.data);
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure.retry) throw error;
    await ctx.slack.chat
      .postEphemeral({
        channel: job.data.channel,
        user: job.data.user,
        text: `The ${job.data.format.toUpperCase()} export of ${job.data.incidentId} could not be uploaded (${failure.error}).`,
      })
      .catch(() => undefined);
    return `failed: ${failure.error}`;
  }
}
