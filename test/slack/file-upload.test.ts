/**
 * @module test/slack/file-upload — a file on disk sent to Slack's upload URL as the raw body (slack/file-upload.ts):
 * every byte as it is on disk, however many times the one buffer is refilled, and a typed, retryable error when the
 * bytes cannot all be sent.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifySlackError } from '../../src/queue/slack-errors.js';
import { FileUploadError, postFile } from '../../src/slack/file-upload.js';

describe('sending a file to the upload URL', () => {
  let dir: string;
  let server: Server;
  let url: string;
  const bodies: { contentLength?: string; body: Buffer }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-upload-test-'));
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push({ contentLength: req.headers['content-length'], body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload/F1`;
  });
  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('should send every byte of a file many buffers long, in order, with its length', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 12_345);
    const path = join(dir, 'big.bin');
    await writeFile(path, bytes);
    await postFile(url, path, bytes.length);
    const sent = bodies.at(-1);
    expect(sent?.contentLength).toBe(String(bytes.length));
    expect(sent?.body.equals(bytes)).toBe(true);
  });

  it('should fail, worth retrying, when the file is shorter than the length Slack was given', async () => {
    const path = join(dir, 'short.txt');
    await writeFile(path, 'only eleven');
    const upload = postFile(url, path, 5000);
    await expect(upload).rejects.toThrow(FileUploadError);
    await expect(upload).rejects.toThrow('the file ended after 11 of its 5000 bytes');
    await upload.catch((error: unknown) => expect(classifySlackError(error).retry).toBe(true));
  });

  it('should fail, worth retrying, when nothing answers at the upload URL', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const path = join(dir, 'small.txt');
    await writeFile(path, 'timeline');
    const upload = postFile(`http://127.0.0.1:${port}/upload/F2`, path, 8);
    await expect(upload).rejects.toBeInstanceOf(FileUploadError);
    await upload.catch((error: unknown) => expect(classifySlackError(error).retry).toBe(true));
  });
});
