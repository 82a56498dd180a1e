/**
 * @module slack/listeners/views/incident-text
 * Submissions of the one-field incident modals: update, resolve, reopen.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Command } from '../../../incident/decide.js';
import type { Services } from '../../../services.js';
import { Inputs } from '../../ids.js';
import { dispatchAfterAck, NOT_RECORDED, record } from '../../record.js';
import { truncate } from '../../text.js';
import { incidentMetadataSchema, metadata, textValue } from './state.js';

type Field = (typeof Inputs)['update' | 'resolution' | 'reason'];

function textView(services: Services, field: Field, toCommand: (text: string) => Command) {
  return async ({ ack, view, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const meta = metadata(view, incidentMetadataSchema);
    const text = textValue(view.state.values, field);
    if (!meta) {
      await ack({
        response_action: 'errors',
        errors: { [field]: 'This form is out of date; close it and start again.' },
      });
      return;
    }
    if (!text) {
      await ack({ response_action: 'errors', errors: { [field]: 'This cannot be empty.' } });
      return;
    }
    const outcome = await record(
      services,
      meta.incidentId,
      toCommand(text),
      { actor: body.user.id, at: Date.now() },
      `view:${view.id}`,
    );
    if (!outcome.ok) {
      const message = 'unavailable' in outcome ? NOT_RECORDED : outcome.error.message;
      await ack({ response_action: 'errors', errors: { [field]: truncate(message, 150) } });
      return;
    }
    await ack();
    await dispatchAfterAck(services, outcome);
  };
}

export const updateView = (services: Services) =>
  textView(services, Inputs.update, (text) => ({ type: 'postUpdate', text }));
export const resolveView = (services: Services) =>
  textView(services, Inputs.resolution, (summary) => ({ type: 'resolve', summary }));
export const reopenView = (services: Services) =>
  textView(services, Inputs.reason, (reason) => ({ type: 'reopen', reason }));
