/**
 * @module runtime
 * Starts and stops a warroom process: the Slack receiver (`web`), the BullMQ workers (`worker`), or
 * both (`all`). Stopping stops taking requests, lets in-flight jobs finish, then closes Redis.
 */
import type { Server } from 'node:http';
import type { Redis } from 'ioredis';
import type { Config, Role } from './config.js';
import { ErrorCode, WarroomError } from './errors.js';
import { argocdHookRoutes } from './hooks/argocd.js';
import { deployHookRoutes } from './hooks/deploys.js';
import { githubHookRoutes } from './hooks/github.js';
import { pagerdutyHookRoutes } from './hooks/pagerduty.js';
import { exportRoutes } from './http/export-links.js';
import { freezeRoutes } from './http/freeze-api.js';
import { healthRoutes } from './http/health.js';
import type { Route } from './http/routes.js';
import { portOf, startHttpServer, whenReady } from './http/server.js';
import { type Logger, scrub } from './log.js';
import { metricsRoutes } from './ops/metrics-route.js';
import { attachWorkerMetrics, processMetrics } from './ops/process-metrics.js';
import { EffectsProducer } from './queue/producer.js';
import { jobSlackClient, startWorkers, type Workers } from './queue/workers.js';
import { closeRedis, createRedis, isCluster, waitForRedis } from './redis/connection.js';
import { describeTarget } from './redis/target.js';
import type { Services } from './services.js';
import { createSlackApp, type SlackApp } from './slack/app.js';
import { DeployStore } from './store/deploy-store.js';
import { IncidentStore } from './store/incident-store.js';
import { migrateLayout } from './store/migrate-layout.js';
import { loadTemplates } from './templates/index.js';

export interface Running {
  role: Role;
  /** The port HTTP is served on (Slack requests and/or health). */
  port: number;
  services: Services;
  stop(): Promise<void>;
}

const SLACK_RETRY_MS = 2000;

/** Slack errors that retrying cannot fix: the token or configuration is wrong. */
const FATAL_AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

async function initSlack(slack: SlackApp, logger: Logger, signal: AbortSignal): Promise<void> {
  for (let attempt = 1; !signal.aborted; attempt += 1) {
    try {
      await slack.app.init();
      return;
    } catch (error) {
      const code = (error as { data?: { error?: string }; code?: string }).data?.error;
      if (code && FATAL_AUTH_ERRORS.has(code)) {
        throw new WarroomError(
          ErrorCode.ConfigInvalid,
          `Slack refused SLACK_BOT_TOKEN (${code}); copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page`,
        );
      }
      if (attempt === 1 || attempt % 10 === 0) {
        logger.warn({ attempt }, `Slack's Web API is not answering (${(error as Error).message}); retrying`);
      }
      await new Promise((resolve) => setTimeout(resolve, SLACK_RETRY_MS));
    }
  }
}

export async function startWarroom(config: Config, role: Role, logger: Logger): Promise<Running> {
  const templates = loadTemplates(config.templatesDir);
  const redis = createRedis(config.redis, 'command', logger, 'commands', { autoPipeline: true });
  const queueRedis = createRedis(config.redis, 'command', logger, 'queue');
  const store = new IncidentStore(redis, config.keyPrefix, config.durability);
  const effects = new EffectsProducer(queueRedis, config.keyPrefix, logger);
  const deploys = new DeployStore(redis, config.keyPrefix, config.deploys.retentionMs);
  const services: Services = { config, logger, redis, store, deploys, effects, templates };
  const metrics = processMetrics(role, services, queueRedis);
  const routes: Route[] = [
    ...healthRoutes(redis),
    ...metricsRoutes(metrics, config.metricsToken),
    ...exportRoutes(services),
    ...freezeRoutes(services),
    ...githubHookRoutes(services),
    ...pagerdutyHookRoutes(services),
    ...argocdHookRoutes(services),
    ...deployHookRoutes(services),
  ];
  const aborted = new AbortController();
  let slack: SlackApp | undefined;

  if (role !== 'worker') {
    slack = createSlackApp(services);
    await initSlack(slack, logger, aborted.signal);
  }
  if (redis.status !== 'ready') {
    logger.info(`waiting for Redis at ${describeTarget(config.redis, scrub)}`);
  }
  // Ready once Redis answers and a Redis written by a warroom from before the Cluster key layout has
  // been moved to it (a Cluster never held the old layout): nothing is written in the old layout's
  // place while it moves.
  const ready = waitForRedis(redis).then(async () => {
    if (!isCluster(redis)) await migrateLayout(redis, config.keyPrefix, logger);
  });
  ready.catch(() => undefined);
  // One server per process, on PORT: Slack's requests (HTTP mode), health, links and webhooks.
  const server: Server = await startHttpServer({ port: config.port, routes, slack: slack?.http, logger, ready });
  if (slack && config.slack.mode === 'socket') {
    await whenReady(ready);
    await slack.app.start();
  }
  const port = portOf(server);
  await ready;
  let workers: Workers | undefined;
  let workerRedis: Redis | undefined;
  if (role !== 'web') {
    workerRedis = createRedis(config.redis, 'worker', logger, 'workers');
    const ctx = {
      config,
      logger,
      store: new IncidentStore(workerRedis, config.keyPrefix, config.durability),
      deploys: new DeployStore(workerRedis, config.keyPrefix, config.deploys.retentionMs),
      redis: workerRedis,
      effects,
      templates,
    };
    const jobs = { ...ctx, slack: jobSlackClient(ctx, metrics.slackObserver) };
    attachWorkerMetrics(metrics, workerRedis, ctx, jobs);
    workers = startWorkers(jobs, workerRedis);
  }
  logger.info({ role, port, transport: role === 'worker' ? 'none' : config.slack.mode }, 'warroom is up');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      aborted.abort();
      if (slack && config.slack.mode === 'socket') {
        await slack.app.stop().catch((error: Error) => logger.warn({ err: error }, 'receiver stop failed'));
      }
      if (server.listening) {
        server.closeIdleConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await workers?.close();
      await effects.close();
      await Promise.all([redis, queueRedis, workerRedis].map((r) => (r ? closeRedis(r) : undefined)));
      logger.info({ role }, 'warroom stopped');
    })();
    return stopping;
  };
  return { role, port, services, stop };
}
