/**
 * @module slack/socket-mode-ack
 * In Socket Mode, Bolt acknowledges an Events API envelope before its listener runs, so an event that
 * could not be recorded (Redis away) would be acknowledged and lost. This takes over the receiver's
 * envelope handling: commands and interactions are acknowledged by their listeners as before, while an
 * event's envelope is acknowledged only once its listener is done. A listener that fails leaves the
 * envelope unacknowledged, and Slack delivers it again (with `retry_attempt`), as over HTTP.
 */
import type { App, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../log.js';

interface Envelope {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  type: string;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

/** An ack that sends at most once, as Bolt's own does. */
function ackOnce(send: Envelope['ack']): Envelope['ack'] {
  let sent = false;
  return async (response) => {
    if (sent) return;
    sent = true;
    await send(response);
  };
}

export function acknowledgeEventsAfterRecording(receiver: SocketModeReceiver, app: App, logger: Logger): void {
  const log = logger.child({ component: 'slack', transport: 'socket' });
  receiver.client.removeAllListeners('slack_event');
  receiver.client.on('slack_event', async (envelope: Envelope) => {
    const send = ackOnce(envelope.ack);
    const isEvent = envelope.type === 'events_api';
    try {
      await app.processEvent({
        body: envelope.body,
        // Bolt acks an event itself before its listeners run: keep that ack until they are done.
        ack: isEvent ? async () => undefined : send,
        retryNum: envelope.retry_num,
        retryReason: envelope.retry_reason,
        customProperties: {},
      });
      if (isEvent) await send();
    } catch (error) {
      log.warn(
        { err: error, type: envelope.type, retryNum: envelope.retry_num },
        isEvent ? 'event not recorded; left unacknowledged so Slack delivers it again' : 'request failed',
      );
    }
  });
}
