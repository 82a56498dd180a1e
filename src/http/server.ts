/**
 * @module http/server
 * The one HTTP server of a warroom process, on PORT: Slack's `POST /slack/events` (handed to Bolt's
 * HTTP receiver in HTTP mode), health, readiness, export links and inbound webhooks. Every request
 * gets an answer and none can take the process down: a malformed path is 400, an unknown one 404, a
 * wrong method 405 (with Allow), a body over the limit 413, a handler that throws 500.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest } from '@slack/bolt';
import { StoreUnavailableError } from '../errors.js';
import type { Logger } from '../log.js';
import { findRoute, type Route, type RouteRequest, replyError } from './routes.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack's own limit is far below this; Bolt uses 4 MB too. */
const SLACK_BODY_LIMIT = 4 * 1024 * 1024;
/** Webhook payloads warroom reads are small (GitHub caps deliveries at 25 MB; warroom needs far less). */
const ROUTE_BODY_LIMIT = 5 * 1024 * 1024;
/** A client that takes longer than this to send its request is cut off. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface SlackHttp {
  /** Bolt's HTTP receiver's request listener (signature checks and listeners). */
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  signingSecret: string;
}

export interface HttpServerOptions {
  port: number;
  routes: readonly Route[];
  /** In HTTP mode, where `POST /slack/events` goes; absent in Socket Mode and worker processes. */
  slack?: SlackHttp | undefined;
  logger: Logger;
  /**
   * Settles when the data may be written: Redis answered and any old key layout was moved. Requests
   * other than the health checks and `/metrics` wait for it, at most {@link READY_WAIT_MS} (Redis away:
   * they go on, and are told nothing was recorded).
   */
  ready?: Promise<unknown> | undefined;
}

/** How long a request waits for the process to be ready before it is handled anyway. */
export const READY_WAIT_MS = 1500;
const UNGATED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The `ready` promises already settled. */
const settled = new WeakSet<Promise<unknown>>();

/** Waits for `ready`, at most `READY_WAIT_MS`; never throws. */
export async function whenReady(ready: Promise<unknown> | undefined): Promise<void> {
  // Once it has settled, every request goes straight on (no timer on the ack path).
  if (!ready || settled.has(ready)) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, READY_WAIT_MS);
  });
  await Promise.race([
    ready.then(
      () => void settled.add(ready),
      () => void settled.add(ready),
    ),
    late,
  ]);
  clearTimeout(timer);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Why Bolt could not handle a Slack body, if it could not: Bolt parses the body (a form's `payload`, or
 * JSON) and then reads fields of it, so a signed `null` or `[]` would stall the request with no answer.
 */
function slackBodyProblem(raw: Buffer, contentType: string | undefined): string | undefined {
  let parsed: unknown;
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      // A slash command's form has no `payload` field: no need to parse it here (Bolt does, once).
      if (!raw.includes('payload=')) return undefined;
      const payload = new URLSearchParams(raw.toString('utf8')).get('payload');
      if (payload === null) return undefined;
      parsed = JSON.parse(payload);
    } else {
      parsed = JSON.parse(raw.toString('utf8'));
    }
  } catch {
    // Bolt answers a body it cannot parse with 400 itself.
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return 'the body must be a JSON object (an Events API callback or an interactive payload)';
  }
  return undefined;
}

function signedBySlack(req: IncomingMessage, raw: Buffer, signingSecret: string): boolean {
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' || !Number.isFinite(timestamp)) return false;
  return isValidSlackRequest({
    signingSecret,
    body: raw.toString('utf8'),
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
  });
}

async function handleSlack(slack: SlackHttp, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req, SLACK_BODY_LIMIT);
  const problem = slackBodyProblem(raw, req.headers['content-type']);
  if (problem) {
    if (!signedBySlack(req, raw, slack.signingSecret)) replyError(res, 401, 'invalid signature');
    else replyError(res, 400, problem);
    return;
  }
  // Bolt reads a body that was already read from `rawBody`.
  Object.assign(req, { rawBody: raw });
  slack.listener(req, res);
}

async function handle(options: HttpServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    req.resume();
    replyError(res, 400, 'malformed request target');
    return;
  }
  if (!UNGATED_PATHS.has(url.pathname)) await whenReady(options.ready);
  if (options.slack && url.pathname === SLACK_EVENTS_PATH) {
    if (method !== 'POST') {
      req.resume();
      res.setHeader('allow', 'POST');
      replyError(res, 405, 'Slack sends its requests here with POST');
      return;
    }
    await handleSlack(options.slack, req, res);
    return;
  }
  const found = findRoute(options.routes, method, url.pathname);
  // A request answered without its body being read must still have it drained, so that the next
  // request on a kept-alive connection starts where it should.
  if (found.kind !== 'found') req.resume();
  if (found.kind === 'bad-path') {
    replyError(res, 400, 'malformed path: a percent escape is not valid UTF-8');
    return;
  }
  if (found.kind === 'wrong-method') {
    res.setHeader('allow', found.allowed.join(', '));
    replyError(res, 405, `use ${found.allowed.join(' or ')}`);
    return;
  }
  if (found.kind === 'none') {
    replyError(res, 404, 'not found');
    return;
  }
  const rawBody = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, ROUTE_BODY_LIMIT);
  const request = Object.assign(req, { params: found.params, rawBody, query: url.searchParams }) as RouteRequest;
  await found.route.handler(request, res);
}

/** Starts the process's HTTP server on `port` (0: any free port). */
export async function startHttpServer(options: HttpServerOptions): Promise<Server> {
  const log = options.logger.child({ component: 'http' });
  const server = createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        replyError(res, 413, 'request body too large');
        return;
      }
      if (error instanceof StoreUnavailableError) {
        replyError(res, 503, 'warroom cannot reach its database (Redis) right now; nothing was recorded, try again');
        return;
      }
      log.error({ err: error, method: req.method, path: (req.url ?? '').split('?')[0] }, 'request failed');
      replyError(res, 500, 'internal error; nothing was recorded for this request');
    });
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: error }, 'HTTP server error'));
  return server;
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
