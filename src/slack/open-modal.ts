/**
 * @module slack/open-modal
 * Opening a modal without holding up the answer to Slack. Over HTTP, Bolt sends the acknowledgement
 * only when the listener returns (warroom records before it answers), so a listener that awaited
 * `views.open` could miss Slack's 3 seconds, and a failed open would turn into an HTTP 500 the
 * responder never hears about. The open runs beside the answer; if Slack refuses it, the responder
 * is told, privately, what went wrong and what to do.
 */
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log.js';

export interface ModalRequest {
  client: WebClient;
  triggerId: string;
  view: View;
  /** Tells the person who asked, privately (a response_url or an ephemeral message). */
  tell: (text: string) => Promise<unknown>;
  logger: Logger;
}

/** Why a modal did not open, in words for the responder. */
export function modalFailureText(error: unknown): string {
  const code = (error as { data?: { error?: string } }).data?.error ?? (error as { code?: string }).code;
  if (code === 'expired_trigger_id' || code === 'invalid_trigger_id') {
    return '⚠️ The form could not open: Slack took too long to let warroom open it. Nothing was recorded; click or run the command again.';
  }
  const said = code ? ` (Slack answered \`${code}\`)` : '';
  return `⚠️ The form could not open${said}. Nothing was recorded; try again in a moment, or use the command form (\`/incident help\`).`;
}

/** Starts opening the modal and returns at once; a failure is told to the responder, never thrown. */
export function openModal(request: ModalRequest): void {
  request.client.views.open({ trigger_id: request.triggerId, view: request.view }).catch((error: unknown) => {
    request.logger.warn({ err: error }, 'a modal did not open; the responder is told');
    request.tell(modalFailureText(error)).catch((failure: unknown) => {
      request.logger.warn({ err: failure }, 'could not tell the responder that the modal did not open');
    });
  });
}

/** A `tell` for a listener's `respond`: an ephemeral message that leaves the original alone. */
export function tellPrivately(
  respond: (message: { response_type: 'ephemeral'; replace_original: false; text: string }) => Promise<unknown>,
) {
  return (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
}
