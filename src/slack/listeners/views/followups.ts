/**
 * @module slack/listeners/views/followups
 * The follow-up form submitted: recorded like `/incident followup`, once per submission.
 */
import { TZDate } from '@date-fns/tz';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { followUpIdFor } from '../../../incident/events.js';
import type { Priority } from '../../../incident/followups.js';
import type { Services } from '../../../services.js';
import { Inputs } from '../../ids.js';
import { dispatchAfterAck, NOT_RECORDED, record } from '../../record.js';
import { MAX_TEXT } from '../../subcommands/limits.js';
import { truncate } from '../../text.js';
import { incidentMetadataSchema, metadata, selectedValue, textValue } from './state.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function followUpView(services: Services) {
  return async ({ ack, view, body }: ViewArgs) => {
    const meta = metadata(view, incidentMetadataSchema);
    const values = view.state.values;
    const text = textValue(values, Inputs.followUpText);
    const fail = (field: string, message: string) =>
      ack({ response_action: 'errors', errors: { [field]: truncate(message, 150) } });
    if (!meta) return fail(Inputs.followUpText, 'This form is out of date; close it and start again.');
    if (!text) return fail(Inputs.followUpText, 'Say what should be done.');
    if ([...text].length > MAX_TEXT) return fail(Inputs.followUpText, `Keep it under ${MAX_TEXT} characters.`);
    const owner: unknown = values[Inputs.followUpOwner]?.[Inputs.followUpOwner]?.selected_user;
    const day: unknown = values[Inputs.followUpDue]?.[Inputs.followUpDue]?.selected_date;
    const match = typeof day === 'string' ? day.match(/^(\d{4})-(\d{2})-(\d{2})$/) : null;
    const due = match
      ? new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), services.config.timeZone).getTime()
      : undefined;
    const priority = selectedValue(values, Inputs.followUpPriority);
    const outcome = await record(
      services,
      meta.incidentId,
      {
        type: 'addFollowUp',
        text,
        followUpId: followUpIdFor(meta.incidentId, `view:${view.id}`),
        ...(typeof owner === 'string' && owner ? { owner } : {}),
        ...(due !== undefined ? { due } : {}),
        ...(priority && /^p[123]$/.test(priority) ? { priority: priority as Priority } : {}),
      },
      { actor: body.user.id, at: Date.now() },
      `view:${view.id}`,
    );
    if (!outcome.ok) return fail(Inputs.followUpText, 'unavailable' in outcome ? NOT_RECORDED : outcome.error.message);
    await ack();
    await dispatchAfterAck(services, outcome);
  };
}
