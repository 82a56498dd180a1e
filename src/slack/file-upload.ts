/**
 * @module slack/file-upload
 * Sharing a file that is on disk in a channel, with Slack's upload flow and without holding the file in
 * memory: files.getUploadURLExternal with its length, its bytes streamed to the upload URL as the raw body
 * (Slack takes raw bytes or a multipart form), then files.completeUploadExternal to share it.
 * (@slack/web-api's filesUploadV2 reads the whole file into one buffer first, and its form copies it again.)
 */
import { open } from 'node:fs/promises';
import { type ClientRequest, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { WebClient } from '@slack/web-api';
import { ErrorCode, WarroomError } from '../errors.js';

/** The upload URL did not take the bytes: a network failure or an answer other than 200. Worth retrying. */
export class FileUploadError extends WarroomError {
  constructor(
    message: string,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(ErrorCode.SlackUnavailable, message, options);
    this.name = 'FileUploadError';
  }
}

export interface FileToShare {
  /** Where the file is; `bytes` is its size. */
  path: string;
  bytes: number;
  filename: string;
  title: string;
  channel: string;
  comment?: string;
  /** Slack's syntax type for a text snippet (`markdown`). */
  snippetType?: string;
}

/** How long the upload URL may stay silent before the upload is given up (ms). */
const UPLOAD_IDLE_MS = 60_000;

/** Bytes read from the file and written to the upload at a time. */
const UPLOAD_CHUNK = 256 * 1024;

/** Writes `chunk` to the request; resolves once the request is done with it (its bytes are on their way). */
function written(req: ClientRequest, chunk: Buffer): Promise<void> {
  return new Promise<void>((done, fail) => {
    const closed = () => fail(new FileUploadError('the upload connection closed'));
    req.once('close', closed);
    req.write(chunk, (error) => {
      req.off('close', closed);
      if (error) fail(error);
      else done();
    });
  });
}

/**
 * Sends the file's first `bytes` bytes as the request's body, through one buffer refilled once each write is done:
 * a long file costs the upload one buffer, not a new one per chunk left for the garbage collector.
 */
async function sendFile(req: ClientRequest, path: string, bytes: number): Promise<void> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(UPLOAD_CHUNK, bytes));
    for (let sent = 0; sent < bytes; ) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, bytes - sent), sent);
      if (bytesRead === 0) throw new FileUploadError(`the file ended after ${sent} of its ${bytes} bytes`);
      await written(req, buffer.subarray(0, bytesRead));
      sent += bytesRead;
    }
  } finally {
    await file.close();
  }
  req.end();
}

/** Sends the file at `path` (`bytes` long) to Slack's upload URL as the raw body. */
export function postFile(url: string, path: string, bytes: number): Promise<void> {
  const target = new URL(url);
  const send = target.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise<void>((resolve, reject) => {
    const req = send(target, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes) },
      timeout: UPLOAD_IDLE_MS,
    });
    const failed = (cause: unknown) =>
      reject(cause instanceof FileUploadError ? cause : new FileUploadError('the upload failed', undefined, { cause }));
    req.on('timeout', () => req.destroy(new FileUploadError(`the upload URL was silent for ${UPLOAD_IDLE_MS} ms`)));
    req.on('error', failed);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) resolve();
        else reject(new FileUploadError(`the upload URL answered HTTP ${res.statusCode}`, res.statusCode));
      });
      res.on('error', (cause) =>
        reject(new FileUploadError('the upload URL broke off its answer', undefined, { cause })),
      );
    });
    sendFile(req, path, bytes).catch((cause: unknown) => {
      req.destroy();
      failed(cause);
    });
  });
}

/**
 * Uploads the file and shares it in the channel, with the comment as its message; returns Slack's file id.
 * @throws FileUploadError when the upload URL does not take the bytes; Slack's own errors from the two calls.
 */
export async function shareFile(client: WebClient, file: FileToShare): Promise<string> {
  const target = await client.files.getUploadURLExternal({
    filename: file.filename,
    length: file.bytes,
    ...(file.snippetType ? { snippet_type: file.snippetType } : {}),
  });
  if (!target.upload_url || !target.file_id) throw new FileUploadError('Slack gave no upload URL');
  await postFile(target.upload_url, file.path, file.bytes);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: file.title }],
    channel_id: file.channel,
    ...(file.comment ? { initial_comment: file.comment } : {}),
  });
  return target.file_id;
}
