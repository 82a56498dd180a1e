/** @module bench/bare-app The baseline: a Bolt app on the same HTTP receiver settings as warroom that only acks. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createLogger } from '../src/log.js';
import { slackLogger } from '../src/slack/logger.js';

export interface BareApp {
  url: string;
  stop(): Promise<void>;
}

/** The same receiver options as src/slack/app.ts (signatures verified, processBeforeResponse), no work. */
export async function startBareApp(options: { signingSecret: string; botToken: string; apiUrl: string }) {
  const logger = slackLogger(createLogger('silent'));
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    logger,
    logLevel: LogLevel.INFO,
    signatureVerification: true,
    processBeforeResponse: true,
  });
  const app = new App({
    token: options.botToken,
    receiver,
    logger,
    logLevel: LogLevel.INFO,
    clientOptions: { slackApiUrl: options.apiUrl },
    deferInitialization: true,
    ignoreSelf: true,
  });
  app.command('/incident', async ({ ack }) => ack('ok'));
  await app.init();
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    stop: async () => {
      await app.stop();
    },
  } satisfies BareApp;
}
