/**
 * @module queue/exports
 * The `export` job: renders an incident's timeline and uploads it to a channel (Slack's current upload
 * flow: getUploadURLExternal, upload, completeUploadExternal). Payload: ExportJob. People are shown by
 * name: ids are looked up once with users.info and remembered in Redis. Safe to run twice: it
 * uploads again (an export is a snapshot, not a log entry). The log is read a chunk at a time, and the export
 * is written to a temporary file as it is rendered, then streamed to Slack from there: no step holds the whole
 * log or the whole export in memory.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Job } from 'bullmq';
import { MEDIA_TYPES, streamExport } from '../export/run.js';
import { shareFile } from '../slack/file-upload.js';
import { userIdsInLog } from '../store/event-stream.js';
import type { EffectContext } from './context.js';
import type { ExportJob } from './names.js';
import { classifySlackError, rateLimitWaitMs } from './slack-errors.js';

/** Display names of everyone in the incident's log (their ids found by Redis), from Redis or, once, from users.info. */
export async function peopleOf(ctx: EffectContext, incidentId: string): Promise<Record<string, string>> {
  const ids = await userIdsInLog(ctx.store, incidentId);
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
 * Writes the text chunks, as they come, into a file of their UTF-8 bytes; returns its size. Only a chunk at a
 * time is in memory, never the whole export.
 */
async function spool(chunks: Iterable<string>, path: string): Promise<number> {
  await pipeline(Readable.from(chunks), createWriteStream(path, { flags: 'wx' }));
  return (await stat(path)).size;
}

/** The export written into `dir`: its file's name, path and size in bytes. */
interface ExportFile {
  filename: string;
  path: string;
  bytes: number;
}

/**
 * Renders the export into a file in `dir`; undefined when the incident does not exist. Only the file's name and
 * size come back: the timeline it was rendered from can be let go before the upload.
 */
async function renderToFile(
  ctx: EffectContext,
  request: ExportJob,
  people: Record<string, string>,
  dir: string,
): Promise<ExportFile | undefined> {
  const result = await streamExport(ctx.store, ctx.templates, request.incidentId, request.format, {
    timeZone: ctx.config.timeZone,
    now: Date.now(),
    people,
  });
  if (!result) return undefined;
  const path = join(dir, result.filename);
  return { filename: result.filename, path, bytes: await spool(result.chunks, path) };
}

/**
 * Renders and uploads; returns the uploaded file's name. The export is written to a file of its own under the
 * system's temporary directory (TMPDIR), streamed from there to Slack, and removed whatever happens.
 */
export async function uploadExport(ctx: EffectContext, request: ExportJob): Promise<string> {
  const people = await peopleOf(ctx, request.incidentId);
  const dir = await mkdtemp(join(tmpdir(), 'warroom-export-'));
  try {
    const file = await renderToFile(ctx, request, people, dir);
    if (!file) return 'no such incident';
    await shareFile(ctx.slack, {
      path: file.path,
      bytes: file.bytes,
      filename: file.filename,
      title: `${request.incidentId} postmortem timeline (${request.format.toUpperCase()})`,
      channel: request.channel,
      comment: request.comment,
      snippetType: request.format === 'md' ? 'markdown' : undefined,
    });
    ctx.logger.info(
      { incidentId: request.incidentId, format: request.format, media: MEDIA_TYPES[request.format], bytes: file.bytes },
      'export uploaded',
    );
    return file.filename;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the export job. A failure worth retrying goes back to the queue while attempts are left (a rate limit
 * spends none: the worker puts the job off); one that is not, or the last attempt's, is told to the responder
 * who asked, privately, with how to try again.
 */
export async function processExport(ctx: EffectContext, job: Job<ExportJob>): Promise<string> {
  try {
    return await uploadExport(ctx, job.data);
  } catch (error) {
    const failure = classifySlackError(error);
    const tries = job.attemptsMade + 1;
    const lastTry = tries >= (job.opts.attempts ?? 1);
    if (failure.retry && (!lastTry || rateLimitWaitMs(error) !== undefined)) throw error;
    const { format, incidentId } = job.data;
    const after = failure.retry ? ` after ${tries} tries` : '';
    await ctx.slack.chat
      .postEphemeral({
        channel: job.data.channel,
        user: job.data.user,
        text: `The ${format.toUpperCase()} export of ${incidentId} could not be uploaded${after} (${failure.error}). \`/incident export ${format}\` in this channel tries again.`,
      })
      .catch(() => undefined);
    return `failed: ${failure.error}`;
  }
}
