/**
 * @module hooks/deploy-payloads
 * The deploy report any CI can send: the JSON body of `POST /hooks/deploys` (signed with
 * X-Warroom-Signature), and the flags of `npx warroom deploy`, which build the same body. Pure and
 * free of HTTP: the route (or the CLI) passes the idempotency key and the clock; what comes back is a
 * report, or a problem worded for the engineer who wrote the pipeline step.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { serviceNamed } from '../catalog/lookup.js';
import type { Catalog } from '../catalog/schema.js';
import { DEPLOY_STATES, type DeployReport } from '../changes/deploys.js';
import { SERVICE_NAME, SERVICE_NAME_RULE } from './names.js';
import { describeValue, problemText } from './problems.js';

/** How far ahead of warroom's clock `at` may be: clocks drift, deploys do not come from the future. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** The fields of the body, in the order a pipeline step would write them. */
export const DEPLOY_BODY_FIELDS = [
  'service',
  'version',
  'commit',
  'environment',
  'url',
  'author',
  'description',
  'at',
  'state',
] as const;

export type DeployBodyResult = { ok: true; report: DeployReport } | { ok: false; problem: string };

export interface DeployBodyOptions {
  /** Now (epoch ms; default the clock): the report's time when the body has no `at`, and the bound `at` is held to. */
  now?: number;
  /** Who sent it: the webhook (default) or the CLI. Only the report's id and source say so. */
  source?: 'webhook' | 'cli';
}

/** Said after a type problem, so the sender knows what the field should hold. */
const HINTS: Record<string, string> = {
  'the body': `warroom reads ${DEPLOY_BODY_FIELDS.join(', ')}, of which service and version are required`,
  service: 'the catalog name or an alias of the service, e.g. "payments-api"',
  version: 'what people call the release, e.g. "2026.11.28-3" or "v1.4.2"',
  commit: 'the git sha, 7–40 hex digits',
  environment: 'e.g. "production", the default when left out',
  url: 'an http(s) link to the pipeline run or the release',
  author: 'who deployed, e.g. a login',
  description: 'one line about the deploy',
};

const AT_RULE = 'an ISO 8601 time with a zone, e.g. "2026-11-28T14:03:00Z", or epoch milliseconds';
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
/** Epoch milliseconds below this (March 1973) are far likelier to be epoch seconds. */
const EARLIEST_MS = 100_000_000_000;

/**
 * A one-line text field: trimmed, 1–`max` characters, no control characters; null means left out.
 */
function line(max: number, whenLeftOut: string) {
  return z
    .string()
    .transform((value, ctx) => {
      const text = value.trim();
      if (!text) ctx.addIssue({ code: 'custom', message: `is empty: leave the field out (or null) ${whenLeftOut}` });
      else if (text.length > max)
        ctx.addIssue({ code: 'custom', message: `is ${text.length} characters long, and at most ${max} fit` });
      else if (/\p{Cc}/u.test(text))
        ctx.addIssue({ code: 'custom', message: 'contains a control character (a newline?): send one line' });
      else return text;
      return z.NEVER;
    })
    .nullish();
}

function httpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function calendarDateExists(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function minutes(ms: number): string {
  const n = Math.ceil(ms / 60_000);
  return `${n} minute${n === 1 ? '' : 's'}`;
}

/** `at` (epoch ms or ISO 8601) as epoch ms, or what is wrong with it. */
function epochMs(value: number | string, now: number): number | string {
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0)
      return `expected whole epoch milliseconds, got ${describeValue(value)}`;
    if (value < EARLIEST_MS)
      return `${value} looks like epoch seconds: send milliseconds (${value * 1000}) or an ISO 8601 time, e.g. "2026-11-28T14:03:00Z"`;
    ms = value;
  } else {
    const parts = ISO_8601.exec(value.trim());
    ms = parts ? Date.parse(value.trim()) : Number.NaN;
    if (!parts || !Number.isFinite(ms) || !calendarDateExists(Number(parts[1]), Number(parts[2]), Number(parts[3])))
      return `expected ${AT_RULE}, got ${describeValue(value)}`;
  }
  if (ms > now + MAX_CLOCK_SKEW_MS)
    return `${new Date(ms).toISOString()} is ${minutes(ms - now)} ahead of warroom's clock: send when the deploy reached its state (at most 5 minutes ahead)`;
  return ms;
}

function bodySchema(catalog: Catalog, now: number) {
  const known = Object.keys(catalog.services);
  const service = z.string().transform((given, ctx) => {
    const text = given.trim();
    const named = serviceNamed(catalog, text);
    if (named) return named.name;
    if (SERVICE_NAME.test(text)) return text;
    const shown = describeValue(given);
    const problem =
      known.length > 0
        ? `${shown} is neither in the catalog (${known.slice(0, 5).join(', ')}${known.length > 5 ? ', …' : ''}, or an alias) nor a service name of ${SERVICE_NAME_RULE}`
        : `${shown} is not a service name: use ${SERVICE_NAME_RULE}`;
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });

  const at = z
    .union([z.number(), z.string()], { error: (issue) => `expected ${AT_RULE}, got ${describeValue(issue.input)}` })
    .transform((value, ctx) => {
      const ms = epochMs(value, now);
      if (typeof ms === 'number') return ms;
      ctx.addIssue({ code: 'custom', message: ms });
      return z.NEVER;
    })
    .nullish();

  return z.strictObject({
    service,
    version: z.string().transform((value, ctx) => {
      const text = value.trim();
      if (text.length >= 1 && text.length <= 100 && !/\p{Cc}/u.test(text)) return text;
      ctx.addIssue({
        code: 'custom',
        message: text
          ? `must be 1–100 characters on one line (got ${text.length}${/\p{Cc}/u.test(text) ? ', with a control character' : ''}), e.g. "2026.11.28-3"`
          : 'is empty: send what people call the release, e.g. "2026.11.28-3" or "v1.4.2"',
      });
      return z.NEVER;
    }),
    commit: z
      .string()
      .regex(/^[0-9a-fA-F]{7,40}$/, {
        error: (issue) => `expected 7–40 hex digits of a git sha, got ${describeValue(issue.input)}`,
      })
      .transform((sha) => sha.toLowerCase())
      .nullish(),
    environment: line(255, 'for production'),
    url: z
      .string()
      .max(2000, { error: 'is longer than 2000 characters: send a shorter link' })
      .refine(httpUrl, { error: (issue) => `expected an http(s) URL, got ${describeValue(issue.input)}` })
      .nullish(),
    author: line(100, 'when there is none'),
    description: line(1000, 'when there is none'),
    at,
    state: z.enum(DEPLOY_STATES).nullish(),
  });
}

/**
 * The report a deploy body makes, or what is wrong with it (at most three problems, each naming its
 * field). Never throws. Names resolve through the catalog (name or alias → the catalog's name); a
 * service the catalog lacks is kept as sent when it is a valid service name.
 * @example
 * parseDeployBody({ service: 'checkout', version: 'v1.4.2' }, catalog, 'ci-run-8812', { now })
 * // { ok: true, report: { id: 'webhook:ci-run-8812', deployId: 'webhook:payments-api:production:v1.4.2', … } }
 */
export function parseDeployBody(
  body: unknown,
  catalog: Catalog,
  idempotencyKey: string,
  options: DeployBodyOptions = {},
): DeployBodyResult {
  const now = options.now ?? Date.now();
  const source = options.source ?? 'webhook';
  const parsed = bodySchema(catalog, now).safeParse(body, { reportInput: true });
  if (!parsed.success) return { ok: false, problem: problemText(parsed.error.issues, HINTS) };
  const data = parsed.data;
  const environment = data.environment ?? 'production';
  const report: DeployReport = {
    id: `${source}:${idempotencyKey}`,
    // Not the source: a pipeline that reports progress by webhook and success by CLI made one deploy.
    deployId: `webhook:${data.service}:${environment}:${data.version}`,
    service: data.service,
    environment,
    version: data.version,
    commit: data.commit ?? undefined,
    url: data.url ?? undefined,
    author: data.author ?? undefined,
    description: data.description ?? undefined,
    state: data.state ?? 'success',
    at: data.at ?? now,
    source,
  };
  return { ok: true, report };
}

/**
 * The idempotency key of a body sent without an Idempotency-Key header: its SHA-256, in hex. The same
 * bytes sent twice are one report.
 */
export function bodyHashKey(rawBody: Buffer): string {
  return createHash('sha256').update(rawBody).digest('hex');
}

/**
 * What is wrong with an Idempotency-Key header, or undefined when it is fine or absent (then the route
 * uses {@link bodyHashKey}).
 * @example
 * idempotencyKeyProblem('ci-run-8812') // undefined
 */
export function idempotencyKeyProblem(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (/^[\x20-\x7e]{1,200}$/.test(header)) return undefined;
  const got =
    typeof header !== 'string'
      ? describeValue(header)
      : header.length === 0
        ? 'an empty value'
        : header.length > 200
          ? `${header.length} characters`
          : 'a character outside printable ASCII';
  return `Idempotency-Key: expected 1–200 printable ASCII characters (e.g. the pipeline run's id), got ${got}, or leave it out and the body's hash is the key`;
}
