/**
 * @module config
 * The environment, parsed once with zod. Every problem is reported together, naming the variable and
 * what a good value looks like; secret values are never echoed.
 */

import { type Env, envSchema, type Role, SECRET_VARIABLES } from './config-env.js';
import { TEMPLATES_DIR } from './paths.js';
import { type RedisDurability, type RedisTarget, redisTargetFrom } from './redis/target.js';

export { isTimeZone, type Role } from './config-env.js';

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
  github: {
    apiUrl: string;
    token: string | undefined;
    webhookSecret: string | undefined;
    /** Follow-ups go to the service's repo, else this one. */
    followUpRepo: string | undefined;
  };
  /** Argo CD: its API server and token (rollbacks), the shared secret its notifications carry. */
  argocd: { url: string | undefined; token: string | undefined; webhookSecret: string | undefined };
  /** Statuspage: set when both the key and the page are; publishing then goes there. */
  statuspage: { apiUrl: string; apiKey: string; pageId: string } | undefined;
  /** Prometheus, where the catalog's key metrics are read; unset: no metric on the board. */
  prometheus: { url: string; authorization: string | undefined; pollMs: number } | undefined;
  /**
   * PagerDuty: pages go to the Events API (each service's routing key in the catalog); the token reads
   * who is on call; the secret checks webhooks at /hooks/pagerduty (unset: that route answers 404).
   */
  pagerduty: {
    apiUrl: string;
    eventsUrl: string;
    token: string | undefined;
    webhookSecrets: string[] | undefined;
    /** How often an open incident's on-call is read again, to see a shift change. */
    onCallCheckMs: number;
  };
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
    github: {
      apiUrl: e.GITHUB_API_URL,
      token: e.GITHUB_TOKEN,
      webhookSecret: e.GITHUB_WEBHOOK_SECRET,
      followUpRepo: e.WARROOM_FOLLOWUP_REPO,
    },
    argocd: { url: e.ARGOCD_URL, token: e.ARGOCD_TOKEN, webhookSecret: e.ARGOCD_WEBHOOK_SECRET },
    deploys: { webhookSecret: e.DEPLOY_WEBHOOK_SECRET, retentionMs: e.DEPLOY_RETENTION },
    statuspage:
      e.STATUSPAGE_API_KEY && e.STATUSPAGE_PAGE_ID
        ? { apiUrl: e.STATUSPAGE_API_URL, apiKey: e.STATUSPAGE_API_KEY, pageId: e.STATUSPAGE_PAGE_ID }
        : undefined,
    prometheus: e.PROMETHEUS_URL
      ? { url: e.PROMETHEUS_URL, authorization: e.PROMETHEUS_AUTHORIZATION, pollMs: e.METRIC_POLL_INTERVAL }
      : undefined,
    pagerduty: {
      apiUrl: e.PAGERDUTY_API_URL,
      eventsUrl: e.PAGERDUTY_EVENTS_URL,
      token: e.PAGERDUTY_TOKEN,
      webhookSecrets: e.PAGERDUTY_WEBHOOK_SECRET,
      onCallCheckMs: e.PAGERDUTY_ONCALL_CHECK,
    },
    logLevel: e.LOG_LEVEL,
  };
}
