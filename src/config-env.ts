/**
 * @module config-env
 * The environment warroom reads, as one zod schema: each variable's type, default and the message that
 * says what a good value looks like. Which variables are secret (their values never echoed). The
 * Redis variables are read apart (redis/target.ts), as the CLI reads them too.
 */
import { z } from 'zod';
import { durationSchema } from './templates/duration.js';

/** Process roles: `all` runs the Slack receiver and the workers; `web` and `worker` run them apart. */
export type Role = 'all' | 'web' | 'worker';

export const SECRET_VARIABLES = new Set([
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
  'PAGERDUTY_TOKEN',
  'PAGERDUTY_WEBHOOK_SECRET',
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

export const envSchema = z.object({
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
  /** Where follow-ups of incidents whose service names no GitHub repo are filed. */
  WARROOM_FOLLOWUP_REPO: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name, e.g. acme/incident-follow-ups')
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
  PAGERDUTY_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\S{16,}$/, 'must be a PagerDuty REST API key (Integrations → API Access Keys; read-only is enough)')
      .optional(),
  ),
  PAGERDUTY_API_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.pagerduty.com' })
      .default('https://api.pagerduty.com')
      .transform((url) => url.replace(/\/+$/, '')),
  ),
  PAGERDUTY_EVENTS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://events.pagerduty.com' })
      .default('https://events.pagerduty.com')
      .transform((url) => url.replace(/\/+$/, '')),
  ),
  /** The webhook subscription's signing secret; during a rotation, both, comma-separated. */
  PAGERDUTY_WEBHOOK_SECRET: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(
        /^[^\s,]{16,}(,[^\s,]{16,})?$/,
        "must be the webhook subscription's secret (or two, comma-separated, while rotating)",
      )
      .transform((value) => value.split(','))
      .optional(),
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
  PAGERDUTY_ONCALL_CHECK: z.preprocess(
    emptyAsUndefined,
    durationSchema
      .default(300_000)
      .refine((ms) => ms >= 1000 && ms <= 3_600_000, 'must be between 1s and 1h, such as 5m'),
  ),
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
