/**
 * @module config
 * The environment, parsed once with zod. Every problem is reported together, naming the variable and
 * what a good value looks like; secret values are never echoed.
 */
import { z } from 'zod';
import { TEMPLATES_DIR } from './paths.js';
import { type RedisDurability, type RedisTarget, redisTargetFrom } from './redis/target.js';
import { durationSchema } from './templates/duration.js';

/** Process roles: `all` runs the Slack receiver and the workers; `web` and `worker` run them apart. */
export type Role = 'all' | 'web' | 'worker';

const SECRET_VARIABLES = new Set([
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'REDIS_URL',
  'REDIS_PASSWORD',
  'REDIS_SENTINEL_PASSWORD',
  'WARROOM_LINK_SECRET',
  'WARROOM_API_TOKEN',
  'WARROOM_METRICS_TOKEN',
  'GITHUB_TOKEN',
  'GITHUB_WEBHOOK_SECRET',
  'ARGOCD_TOKEN',
  'ARGOCD_WEBHOOK_SECRET',
  'DEPLOY_WEBHOOK_SECRET',
  'STATUSPAGE_API_KEY',
  'PROMETHEUS_AUTHORIZATION',
]);

const secret = (what: string) =>
  z.preprocess(
    emptyAsUndefined,
    z.string().min(16, `must be at least 16 characters: ${what}`).regex(/^\S+$/, 'must not contain spaces').optional(),
  );

/** Whether `value` is an IANA time zone this Node.js knows. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is missing; set it to the Bot User OAuth Token of your Slack app (xoxb-…)' })
    .regex(/^xoxb-[A-Za-z0-9-]+$/, 'must be a bot token that starts with xoxb-'),
  SLACK_SIGNING_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9]{16,}$/, "must be the app's Signing Secret (letters and digits)")
      .optional(),
  ),
  SLACK_APP_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^xapp-[A-Za-z0-9-]+$/, 'must be an app-level token that starts with xapp-')
      .optional(),
  ),
  SLACK_API_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' })
      .default('https://slack.com/api/')
      .transform((url) => (url.endsWith('/') ? url : `${url}/`)),
  ),
  WARROOM_DRILL_RATE_SCALE: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a number from 1 to 100 (drills against the Slack emulator only; 1 for Slack)' })
      .min(1, 'must be a number from 1 to 100 (drills against the Slack emulator only; 1 for Slack)')
      .max(100, 'must be a number from 1 to 100 (drills against the Slack emulator only; 1 for Slack)')
      .default(1),
  ),
  PORT: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a whole number from 0 to 65535' })
      .int('must be a whole number from 0 to 65535')
      .min(0, 'must be a whole number from 0 to 65535')
      .max(65535, 'must be a whole number from 0 to 65535')
      .default(3000),
  ),
  DEPLOY_CHANNEL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[CG][A-Z0-9]{6,}$/, 'must be a channel id such as C0123456789 (not a #name)')
      .optional(),
  ),
  INCIDENT_ANNOUNCE_CHANNEL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[CG][A-Z0-9]{6,}$/, 'must be a channel id such as C0123456789 (not a #name: names change)')
      .optional(),
  ),
  WARROOM_TIMEZONE: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as UTC, Europe/Madrid or America/New_York')
      .default('UTC'),
  ),
  WARROOM_CHANNEL_TEMPLATE: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .max(60, 'must be at most 60 characters')
      .regex(/\{(slug|id)\}/, 'must contain {slug} or {id}, e.g. inc-{date}-{slug}')
      .default('inc-{date}-{slug}'),
  ),
  WARROOM_TEMPLATES_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  WARROOM_PUBLIC_URL: z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: /^https?$/, error: 'must be the https:// address where warroom is reachable' }).optional(),
  ),
  WARROOM_LINK_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(32, 'must be at least 32 characters of random text, e.g. the output of `openssl rand -hex 32`')
      .optional(),
  ),
  WARROOM_LINK_TTL: z.preprocess(emptyAsUndefined, durationSchema.default(30 * 86_400_000)),
  WARROOM_API_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\S{24,}$/, 'must be at least 24 characters with no spaces, e.g. the output of `openssl rand -hex 24`')
      .optional(),
  ),
  WARROOM_METRICS_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\S{24,}$/, 'must be at least 24 characters with no spaces, e.g. the output of `openssl rand -hex 24`')
      .optional(),
  ),
  GITHUB_API_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({
        protocol: /^https?$/,
        error: 'must be an http(s) URL such as https://api.github.com or https://github.example.com/api/v3',
      })
      .default('https://api.github.com')
      .transform((url) => url.replace(/\/+$/, '')),
  ),
  GITHUB_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\S{20,}$/, 'must be a GitHub token (ghp_…, github_pat_…, or an app installation token)')
      .optional(),
  ),
  GITHUB_WEBHOOK_SECRET: secret('the secret of the GitHub webhook that sends deployment_status to /hooks/github'),
  ARGOCD_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({
        protocol: /^https?$/,
        error: 'must be the http(s) address of the Argo CD API server, e.g. https://argocd.example.com',
      })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  ),
  ARGOCD_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\S{10,}$/, 'must be an Argo CD API token')
      .optional(),
  ),
  ARGOCD_WEBHOOK_SECRET: secret('the X-Warroom-Token value set in argocd-notifications-secret'),
  DEPLOY_WEBHOOK_SECRET: secret('the HMAC key CI signs /hooks/deploys with (and warroom signs rollback webhooks with)'),
  STATUSPAGE_API_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\S{10,}$/, 'must be a Statuspage API key (your profile → API info)')
      .optional(),
  ),
  STATUSPAGE_PAGE_ID: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[a-z0-9]{6,40}$/, 'must be the page id from the Statuspage API info page (lowercase letters and digits)')
      .optional(),
  ),
  STATUSPAGE_API_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.statuspage.io/v1/' })
      .default('https://api.statuspage.io/v1/')
      .transform((url) => (url.endsWith('/') ? url : `${url}/`)),
  ),
  PROMETHEUS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be the http(s) URL of Prometheus such as http://prometheus:9090' })
      .optional(),
  ),
  PROMETHEUS_AUTHORIZATION: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\S+( \S+)?$/, 'must be an Authorization header value such as "Bearer <token>" or "Basic <base64>"')
      .optional(),
  ),
  METRIC_POLL_INTERVAL: z.preprocess(
    emptyAsUndefined,
    durationSchema
      .default(30_000)
      .refine((ms) => ms >= 1000 && ms <= 600_000, 'must be between 1s and 10m, such as 30s'),
  ),
  DEPLOY_RETENTION: z.preprocess(emptyAsUndefined, durationSchema.default(30 * 86_400_000)),
  WARROOM_KEY_PREFIX: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 letters, digits, dots, dashes or underscores')
      .default('warroom'),
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
});

export type Env = z.infer<typeof envSchema>;

/** The parsed configuration the rest of warroom reads. */
export interface Config {
  slack: {
    botToken: string;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string;
    /** Socket Mode when an app-level token is configured, HTTP otherwise. */
    mode: 'http' | 'socket';
    /**
     * Drills only: how much faster than Slack's the rate budget's minute runs (the emulator's
     * `rateTierTimeScale` set the same), so a drill of hundreds of incidents takes minutes, not an hour.
     */
    drillRateScale: number;
  };
  /** Which Redis: one server, a Sentinel-watched primary, or a Cluster (see redis/target.ts). */
  redis: RedisTarget;
  /** How many replicas must confirm an append before it is acknowledged, and for how long to wait. */
  durability: RedisDurability;
  port: number;
  announceChannel: string | undefined;
  /** Channel id where SEV1/SEV2 incidents announce a deploy freeze (and its end). */
  deployChannel: string | undefined;
  timeZone: string;
  /** Incident channel names: `{date}` (yyyymmdd in the display time zone), `{slug}` (the title), `{id}`. */
  channelTemplate: string;
  /** Folder with roles.yaml, protocols/, messages/, postmortem.md (default: the project's templates/). */
  templatesDir: string;
  keyPrefix: string;
  /** Where people reach warroom over HTTP (for signed export links); unset: no links, no bookmark. */
  publicUrl: string | undefined;
  /** How export links are signed and how long they last; set exactly when `publicUrl` is. */
  links: { secret: string; ttlMs: number } | undefined;
  /** The bearer token of warroom's HTTP API (`GET /api/freeze`); unset: the API is off. */
  apiToken: string | undefined;
  /** The bearer token `GET /metrics` asks for; unset: /metrics is open. */
  metricsToken: string | undefined;
  /** GitHub: where its REST API is, the token rollbacks dispatch with, the secret webhooks are signed with. */
  github: { apiUrl: string; token: string | undefined; webhookSecret: string | undefined };
  /** Argo CD: its API server and token (rollbacks), the shared secret its notifications carry. */
  argocd: { url: string | undefined; token: string | undefined; webhookSecret: string | undefined };
  /** Statuspage: set when both the key and the page are; publishing then goes there. */
  statuspage: { apiUrl: string; apiKey: string; pageId: string } | undefined;
  /** Prometheus, where the catalog's key metrics are read; unset: no metric on the board. */
  prometheus: { url: string; authorization: string | undefined; pollMs: number } | undefined;
  /** Deploys from any CI (`POST /hooks/deploys`, signed) and how long deploys are kept. */
  deploys: { webhookSecret: string | undefined; retentionMs: number };
  logLevel: Env['LOG_LEVEL'];
}

/** One configuration problem: the variable and what is wrong with it. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Thrown by {@link loadConfig}; `message` lists every problem, ready to print. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(readonly problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
  }
}

function formatProblems(problems: ConfigProblem[]): string {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  const lines = problems.map((p) => `  - ${p.variable} ${p.message}`);
  return [
    `warroom cannot start: ${problems.length} configuration ${noun}`,
    ...lines,
    'See .env.example for every variable.',
  ].join('\n');
}

function describeValue(variable: string, raw: string | undefined): string {
  if (raw === undefined) return '';
  if (SECRET_VARIABLES.has(variable)) return ' (value hidden)';
  return ` (got "${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}")`;
}

/**
 * Parses the environment for a process of the given role.
 * @example
 * const config = loadConfig(process.env, 'all');
 */
export function loadConfig(env: NodeJS.ProcessEnv, role: Role = 'all'): Config {
  const result = envSchema.safeParse(env);
  const problems: ConfigProblem[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      const variable = String(issue.path[0] ?? 'environment');
      const raw = env[variable];
      const message = raw === undefined && !issue.message.startsWith('is missing') ? 'is missing' : issue.message;
      problems.push({ variable, message: `${message}${describeValue(variable, raw)}` });
    }
  }
  const target = redisTargetFrom(env);
  if (!target.ok) {
    // A Redis URL may carry a password: never echoed, like every secret.
    const hidden = (p: ConfigProblem) =>
      SECRET_VARIABLES.has(p.variable) && env[p.variable] !== undefined ? ' (value hidden)' : '';
    problems.push(...target.problems.map((p) => ({ ...p, message: `${p.message}${hidden(p)}` })));
  }
  const needsReceiver = role !== 'worker';
  if (needsReceiver && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
    problems.push({
      variable: 'SLACK_SIGNING_SECRET',
      message:
        "is missing; set it to your Slack app's Signing Secret (HTTP mode), or set SLACK_APP_TOKEN (xapp-…) for Socket Mode",
    });
  }
  if (env.WARROOM_PUBLIC_URL && !env.WARROOM_LINK_SECRET) {
    problems.push({
      variable: 'WARROOM_LINK_SECRET',
      message:
        'is missing; with WARROOM_PUBLIC_URL set, export links are signed with it: set it to at least 32 random characters (`openssl rand -hex 32`)',
    });
  }
  if (env.PROMETHEUS_AUTHORIZATION && !env.PROMETHEUS_URL) {
    problems.push({
      variable: 'PROMETHEUS_URL',
      message: 'is missing; PROMETHEUS_AUTHORIZATION is set, so say where Prometheus is (http://prometheus:9090)',
    });
  }
  if (Boolean(env.STATUSPAGE_API_KEY) !== Boolean(env.STATUSPAGE_PAGE_ID)) {
    const missing = env.STATUSPAGE_API_KEY ? 'STATUSPAGE_PAGE_ID' : 'STATUSPAGE_API_KEY';
    problems.push({
      variable: missing,
      message: 'is missing; Statuspage needs both STATUSPAGE_API_KEY and STATUSPAGE_PAGE_ID',
    });
  }
  if (problems.length > 0 || !result.success || !target.ok) throw new ConfigError(problems);
  const e = result.data;
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
      drillRateScale: e.WARROOM_DRILL_RATE_SCALE,
    },
    redis: target.target,
    durability: target.durability,
    port: e.PORT,
    announceChannel: e.INCIDENT_ANNOUNCE_CHANNEL,
    deployChannel: e.DEPLOY_CHANNEL,
    timeZone: e.WARROOM_TIMEZONE,
    channelTemplate: e.WARROOM_CHANNEL_TEMPLATE,
    templatesDir: e.WARROOM_TEMPLATES_DIR ?? TEMPLATES_DIR,
    keyPrefix: e.WARROOM_KEY_PREFIX,
    publicUrl: e.WARROOM_PUBLIC_URL,
    links:
      e.WARROOM_PUBLIC_URL && e.WARROOM_LINK_SECRET
        ? { secret: e.WARROOM_LINK_SECRET, ttlMs: e.WARROOM_LINK_TTL }
        : undefined,
    apiToken: e.WARROOM_API_TOKEN,
    metricsToken: e.WARROOM_METRICS_TOKEN,
    github: { apiUrl: e.GITHUB_API_URL, token: e.GITHUB_TOKEN, webhookSecret: e.GITHUB_WEBHOOK_SECRET },
    argocd: { url: e.ARGOCD_URL, token: e.ARGOCD_TOKEN, webhookSecret: e.ARGOCD_WEBHOOK_SECRET },
    deploys: { webhookSecret: e.DEPLOY_WEBHOOK_SECRET, retentionMs: e.DEPLOY_RETENTION },
    statuspage:
      e.STATUSPAGE_API_KEY && e.STATUSPAGE_PAGE_ID
        ? { apiUrl: e.STATUSPAGE_API_URL, apiKey: e.STATUSPAGE_API_KEY, pageId: e.STATUSPAGE_PAGE_ID }
        : undefined,
    prometheus: e.PROMETHEUS_URL
      ? { url: e.PROMETHEUS_URL, authorization: e.PROMETHEUS_AUTHORIZATION, pollMs: e.METRIC_POLL_INTERVAL }
      : undefined,
    logLevel: e.LOG_LEVEL,
  };
}
