/**
 * @module slack/listeners/views/incident-text
 * Submissions of the incident text modals: the update form (three parts and the next update time),
 * resolve, reopen.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewOutput, ViewSubmitAction } from '@slack/bolt';
import type { Command } from '../../../incident/decide.js';
import type { Services } from '../../../services.js';
import { placeholderIn, placeholderLeft } from '../../../templates/messages.js';
import { NEXT_UPDATE_MINUTES, UPDATE_PART_MAX } from '../../blocks/modals.js';
import { composeUpdate, type UpdateParts } from '../../drafts.js';
import { Inputs } from '../../ids.js';
import { dispatchAfterAck, NOT_RECORDED, record } from '../../record.js';
import { truncate } from '../../text.js';
import { incidentMetadataSchema, metadata, selectedValue, textValue } from './state.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Field = (typeof Inputs)['resolution' | 'reason'];

function textView(
  services: Services,
  field: Field,
  toCommand: (text: string, values: ViewOutput['state']['values']) => Command,
) {
  return async ({ ack, view, body }: ViewArgs) => {
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
      toCommand(text, view.state.values),
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

const PART_FIELDS = {
  impact: Inputs.updateImpact,
  known: Inputs.updateKnown,
  doing: Inputs.updateDoing,
} as const satisfies Record<keyof UpdateParts, string>;

type FormReading = { ok: true; parts: UpdateParts; minutes: number } | { ok: false; field: string; message: string };

/** The update form's parts and next-update time, or the first field a responder must fix. */
function readUpdateForm(values: ViewOutput['state']['values']): FormReading {
  const parts: UpdateParts = { impact: '', known: '', doing: '' };
  for (const [part, field] of Object.entries(PART_FIELDS) as [keyof UpdateParts, string][]) {
    const text = textValue(values, field);
    const max = UPDATE_PART_MAX[part];
    if (!text) return { ok: false, field, message: 'This cannot be empty.' };
    if ([...text].length > max) return { ok: false, field, message: `Keep this under ${max} characters.` };
    const placeholder = placeholderIn(text);
    if (placeholder) return { ok: false, field, message: placeholderLeft(placeholder) };
    parts[part] = text;
  }
  const minutes = NEXT_UPDATE_MINUTES.find((m) => String(m) === selectedValue(values, Inputs.updateNext));
  if (minutes === undefined)
    return { ok: false, field: Inputs.updateNext, message: 'Pick when the next update comes.' };
  return { ok: true, parts, minutes };
}

/** Whether the submitted form has the input (a form opened before an upgrade may not). */
function hasInput(view: ViewOutput, id: string): boolean {
  return inputsOf(view).includes(id);
}

function inputsOf(view: ViewOutput): string[] {
  const blocks: unknown = view.blocks;
  if (!Array.isArray(blocks)) return [];
  return blocks.flatMap((b: { type?: unknown; block_id?: unknown }) =>
    b?.type === 'input' && typeof b.block_id === 'string' ? [b.block_id] : [],
  );
}

/** The update form: posted as three labelled parts ending with the promised time, which the cadence counts to. */
export function updateView(services: Services) {
  return async ({ ack, view, body }: ViewArgs) => {
    const meta = metadata(view, incidentMetadataSchema);
    if (!meta || !hasInput(view, Inputs.updateImpact)) {
      // Field errors must name an input of the form Slack shows, or Slack refuses the answer.
      const field = inputsOf(view)[0] ?? Inputs.updateImpact;
      await ack({
        response_action: 'errors',
        errors: { [field]: 'This form is out of date; close it and start again.' },
      });
      return;
    }
    const form = readUpdateForm(view.state.values);
    if (!form.ok) {
      await ack({ response_action: 'errors', errors: { [form.field]: form.message } });
      return;
    }
    const at = Date.now();
    const nextUpdateBy = at + form.minutes * 60_000;
    const outcome = await record(
      services,
      meta.incidentId,
      {
        type: 'postUpdate',
        text: composeUpdate(form.parts, nextUpdateBy, services.config.timeZone),
        audience: 'internal',
        nextUpdateBy,
      },
      { actor: body.user.id, at },
      `view:${view.id}`,
    );
    if (!outcome.ok) {
      const message = 'unavailable' in outcome ? NOT_RECORDED : outcome.error.message;
      await ack({ response_action: 'errors', errors: { [Inputs.updateImpact]: truncate(message, 150) } });
      return;
    }
    await ack();
    await dispatchAfterAck(services, outcome);
  };
}

export const resolveView = (services: Services) =>
  textView(services, Inputs.resolution, (summary, values) => {
    const owner: unknown = values[Inputs.postmortemOwner]?.[Inputs.postmortemOwner]?.selected_user;
    const day: unknown = values[Inputs.reviewDate]?.[Inputs.reviewDate]?.selected_date;
    return {
      type: 'resolve',
      summary,
      ...(typeof owner === 'string' && owner ? { postmortemOwner: owner } : {}),
      ...(typeof day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day) ? { reviewDate: day } : {}),
    };
  });
export const reopenView = (services: Services) =>
  textView(services, Inputs.reason, (reason) => ({ type: 'reopen', reason }));
