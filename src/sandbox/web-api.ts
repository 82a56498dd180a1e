/**
 * @module sandbox/web-api
 * The emulated Web API: parses a call as Slack does (form or JSON body, token in the Authorization
 * header or the `token` field), checks the token type and the granted scopes, applies injected
 * faults and (when on) Slack's rate tiers, runs the method and records the call with its answer.
 */
import { FaultInjector } from './faults.js';
import { chatMethods } from './methods/chat.js';
import { conversationsMethods } from './methods/conversations.js';
import { filesMethods } from './methods/files.js';
import { itemMethods } from './methods/items.js';
import { type Args, MethodError, type MethodHost, type MethodSpec } from './methods/types.js';
import { viewsMethods } from './methods/views.js';
import { workspaceInfoMethods } from './methods/workspace-info.js';
import { RateTiers } from './rate-tiers.js';
import type { Workspace } from './workspace.js';

export const METHODS: Record<string, MethodSpec> = {
  ...workspaceInfoMethods,
  ...conversationsMethods,
  ...chatMethods,
  ...viewsMethods,
  ...itemMethods,
  ...filesMethods,
};

/** One Web API call as the emulator saw it. */
export interface RecordedCall {
  seq: number;
  method: string;
  args: Args;
  /** The HTTP status sent back (429 and 5xx for injected faults; 429 also over a rate tier). */
  status: number;
  ok: boolean;
  error?: string;
  response: Record<string, unknown> | undefined;
  /** Milliseconds since the epoch, when the call arrived (and took effect). */
  at: number;
  /** Milliseconds since the epoch, when the answer left (later than `at` by the emulator's latency). */
  answeredAt?: number;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The call as recorded. */
  call?: RecordedCall;
}

export interface WebApiOptions {
  botToken: string;
  appToken: string | undefined;
  /** Bot scopes the installed app was granted (in practice, manifest.yml's). */
  scopes: readonly string[];
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** Parses a request body the way Slack does for Web API calls. */
export function parseArgs(contentType: string | undefined, raw: string): Args | undefined {
  if (contentType?.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw || '{}');
      return parsed !== null && typeof parsed === 'object' ? (parsed as Args) : undefined;
    } catch {
      return undefined;
    }
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

export class WebApi {
  readonly calls: RecordedCall[] = [];
  readonly faults = new FaultInjector();
  readonly rateTiers = new RateTiers();
  private readonly listeners = new Set<(call: RecordedCall) => void>();

  constructor(
    private readonly ws: Workspace,
    private readonly host: MethodHost,
    private readonly options: WebApiOptions,
  ) {}

  onCall(listener: (call: RecordedCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Answers one HTTP call to `/api/<method>`. */
  handle(method: string, headers: Record<string, string | undefined>, raw: string): HttpAnswer {
    const at = Date.now();
    const args = parseArgs(headers['content-type'], raw);
    const answer = (status: number, body: Record<string, unknown> | undefined, extraHeaders = {}, text?: string) => {
      const call: RecordedCall = {
        seq: this.calls.length + 1,
        method,
        args: args ?? {},
        status,
        ok: body?.ok === true,
        ...(typeof body?.error === 'string' ? { error: body.error } : {}),
        response: body,
        at,
      };
      this.calls.push(call);
      for (const listener of this.listeners) listener(call);
      return {
        status,
        headers: { ...JSON_HEADERS, ...extraHeaders },
        body: text ?? JSON.stringify(body),
        call,
      };
    };

    const fault = this.faults.decide(method, args ?? {});
    if (fault) {
      let body: Record<string, unknown> | undefined;
      try {
        body = JSON.parse(fault.body) as Record<string, unknown>;
      } catch {
        body = { ok: false, error: `http_${fault.status}` };
      }
      return answer(fault.status, body, fault.headers, fault.body);
    }
    if (!args) return answer(200, { ok: false, error: 'invalid_json' });

    const spec = METHODS[method];
    if (!spec) return answer(200, { ok: false, error: 'unknown_method' });

    const bearer = headers.authorization?.match(/^Bearer\s+(\S+)$/)?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    if (!token) return answer(200, { ok: false, error: 'not_authed' });
    const tokenType = this.tokenType(token);
    if (!tokenType) return answer(200, { ok: false, error: 'invalid_auth' });
    if (tokenType !== spec.token) return answer(200, { ok: false, error: 'not_allowed_token_type' });

    const needed = spec.scopes(args, this.ws);
    if (needed.length > 0 && !needed.some((scope) => this.options.scopes.includes(scope))) {
      return answer(200, {
        ok: false,
        error: 'missing_scope',
        needed: needed.join(','),
        provided: this.options.scopes.join(','),
      });
    }

    const limited = this.rateTiers.admit(method, args);
    if (limited) return answer(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limited.retryAfter) });

    try {
      const result = spec.handle({ args, ws: this.ws, host: this.host });
      return answer(200, { ok: true, ...result });
    } catch (error) {
      if (error instanceof MethodError) return answer(200, { ok: false, error: error.error, ...error.extra });
      throw error;
    }
  }

  private tokenType(token: string): 'bot' | 'app' | undefined {
    if (token === this.options.botToken) return 'bot';
    if (this.options.appToken && token === this.options.appToken) return 'app';
    return undefined;
  }
}
