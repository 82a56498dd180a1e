/**
 * @module slack/listeners/views/declare
 * Submission of the declare modal.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { parseSeverity } from '../../../incident/severity.js';
import type { Services } from '../../../services.js';
import { TITLE_MAX } from '../../blocks/modals.js';
import { Inputs } from '../../ids.js';
import { NOT_RECORDED } from '../../record.js';
import { declareIncident } from '../../subcommands/declare.js';
import { truncate } from '../../text.js';
import { checkedValues, declareMetadataSchema, metadata, selectedValue, textValue } from './state.js';

export function declareView(services: Services) {
  return async ({ ack, view, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const values = view.state.values;
    const title = textValue(values, Inputs.title);
    const severity = parseSeverity(selectedValue(values, Inputs.severity) ?? '');
    const errors: Record<string, string> = {};
    if (!title) errors[Inputs.title] = 'Give the incident a title.';
    else if ([...title].length > TITLE_MAX) errors[Inputs.title] = `Keep the title to ${TITLE_MAX} characters.`;
    if (!severity) errors[Inputs.severity] = 'Pick a severity.';
    if (Object.keys(errors).length > 0 || !severity) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    const meta = metadata(view, declareMetadataSchema);
    const summary = textValue(values, Inputs.summary);
    const service = textValue(values, Inputs.service);
    const result = await declareIncident(
      services,
      {
        type: 'declare',
        title,
        severity,
        private: checkedValues(values, Inputs.private).includes('private'),
        ...(summary ? { summary } : {}),
        ...(service ? { service } : {}),
        ...(meta ? { declaredIn: meta.declaredIn } : {}),
        protocol: selectedValue(values, Inputs.protocol) ?? services.templates.defaultProtocol,
      },
      { actor: body.user.id, at: Date.now(), key: `view:${view.id}`, responseUrl: meta?.responseUrl },
    );
    if (result.text === NOT_RECORDED) {
      // Keep the modal open with everything typed: nothing is lost, they can submit again.
      await ack({ response_action: 'errors', errors: { [Inputs.title]: truncate(NOT_RECORDED, 150) } });
      return;
    }
    await ack();
    await result.after();
  };
}
