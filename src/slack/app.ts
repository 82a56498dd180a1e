/**
 * @module slack/app
 * Builds the Bolt app on the transport the configuration asks for: the HTTP receiver (`POST
 * /slack/events`, signatures verified), served by warroom's own HTTP server (http/server.ts) so that
 * a process has one server on PORT, or Socket Mode, which opens no server of its own.
 */
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config.js';
import { SLACK_EVENTS_PATH, type SlackHttp } from '../http/server.js';
import type { Services } from '../services.js';
import { registerListeners } from './listeners/index.js';
import { slackLogger } from './logger.js';
import { acknowledgeEventsAfterRecording } from './socket-mode-ack.js';

export const EVENTS_PATH = SLACK_EVENTS_PATH;

export interface SlackApp {
  app: App;
  receiver: HTTPReceiver | SocketModeReceiver;
  /** In HTTP mode, what warroom's HTTP server hands `POST /slack/events` to. */
  http: SlackHttp | undefined;
}

/**
 * Listeners answer Slack within 3 seconds, so their Web API calls may not wait long: one quick retry,
 * then the listener reports the failure (work that can wait is done by jobs, which retry for longer).
 */
function clientOptions(config: Config) {
  return {
    slackApiUrl: config.slack.apiUrl,
    timeout: 2000,
    retryConfig: { retries: 1, factor: 1, minTimeout: 100, maxTimeout: 300 },
    rejectRateLimitedCalls: true,
  };
}

export function createSlackApp(services: Services): SlackApp {
  const { config } = services;
  const logger = slackLogger(services.logger);
  const receiver =
    config.slack.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.slack.appToken as string,
          logger,
          logLevel: LogLevel.INFO,
          installerOptions: { clientOptions: { slackApiUrl: config.slack.apiUrl } },
        })
      : new HTTPReceiver({
          signingSecret: config.slack.signingSecret as string,
          endpoints: EVENTS_PATH,
          logger,
          logLevel: LogLevel.INFO,
          signatureVerification: true,
          // Answer Slack only when the listener is done: an event whose recording failed gets a 500 and
          // Slack delivers it again, instead of a 200 that would drop it.
          processBeforeResponse: true,
        });
  const app = new App({
    token: config.slack.botToken,
    receiver,
    logger,
    logLevel: LogLevel.INFO,
    clientOptions: clientOptions(config),
    deferInitialization: true,
    ignoreSelf: true,
    // warroom keeps its state in its own log; Bolt's conversation store would look every request's
    // channel up in memory and build a "Conversation not found" error for each (≈ 6 % of the ack path's CPU).
    convoStore: false,
  });
  registerListeners(app, services);
  app.error(async (error) => {
    services.logger.error({ err: error, code: (error as { code?: string }).code }, 'listener failed');
    throw error;
  });
  if (receiver instanceof SocketModeReceiver) acknowledgeEventsAfterRecording(receiver, app, services.logger);
  const http =
    receiver instanceof HTTPReceiver
      ? { listener: receiver.requestListener, signingSecret: config.slack.signingSecret as string }
      : undefined;
  return { app, receiver, http };
}
