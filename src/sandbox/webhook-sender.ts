/**
 * @module sandbox/webhook-sender
 * One HTTP request from an emulated system to the app, with exactly the headers given (node:http adds
 * only Host and Content-Length, as a real sender's HTTP stack does), and what came back:
 * the app's answer, or the connection error a real sender would log.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface OutgoingWebhook {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  /** Give up on an answer after this long (GitHub waits 10 s). */
  timeoutMs: number;
}

export type WebhookOutcome =
  | { kind: 'answered'; status: number; headers: Record<string, string>; body: string; durationMs: number }
  | { kind: 'failed'; error: string; durationMs: number };

/**
 * Sends one request and resolves with the outcome; it never rejects.
 * @example
 * const outcome = await sendWebhook({ url, method: 'POST', headers, body, timeoutMs: 10_000 });
 * if (outcome.kind === 'answered' && outcome.status < 300) ...
 */
export function sendWebhook(hook: OutgoingWebhook): Promise<WebhookOutcome> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: WebhookOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const url = new URL(hook.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: hook.method,
      headers: { ...hook.headers, 'content-length': String(Buffer.byteLength(hook.body)) },
    });
    // Node adds `Connection` unless told not to; Go's client and Hookshot send none.
    req.removeHeader('connection');
    req.setTimeout(hook.timeoutMs, () => {
      req.destroy(new Error(`timeout after ${hook.timeoutMs} ms`));
    });
    req.on('error', (error) => settle({ kind: 'failed', error: error.message, durationMs: elapsed() }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => settle({ kind: 'failed', error: error.message, durationMs: elapsed() }));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        settle({
          kind: 'answered',
          status: res.statusCode ?? 0,
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
          durationMs: elapsed(),
        });
      });
    });
    req.end(hook.body);
  });
}
