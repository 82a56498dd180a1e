/**
 * @module slack/blocks/step-modals
 * Modals for protocol steps: the inputs a step asks for when done, the reason for skipping or being
 * blocked, and a message draft to edit before it is posted as an update.
 */
import type { ModalView } from '@slack/types';
import type { NumberedStep } from '../../protocol/definition.js';
import { Inputs, stepInput, Views } from '../ids.js';
import { truncate } from '../text.js';

export interface StepMetadata {
  incidentId: string;
  step: string;
  kind?: 'skip' | 'block';
}

export function stepDoneModal(incidentId: string, numbered: NumberedStep): ModalView {
  const { step, number } = numbered;
  return {
    type: 'modal',
    callback_id: Views.stepDone,
    title: { type: 'plain_text', text: truncate(`Step ${number} done`, 24) },
    submit: { type: 'plain_text', text: 'Done' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ incidentId, step: step.id } satisfies StepMetadata),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${truncate(step.title, 200)}*` } },
      ...step.inputs.map((input) => ({
        type: 'input' as const,
        block_id: stepInput(input.id),
        optional: !input.required,
        label: { type: 'plain_text' as const, text: input.label },
        element: {
          type: 'plain_text_input' as const,
          action_id: stepInput(input.id),
          max_length: 2000,
          ...(input.placeholder
            ? { placeholder: { type: 'plain_text' as const, text: truncate(input.placeholder, 150) } }
            : {}),
        },
      })),
    ],
  };
}

export function stepReasonModal(incidentId: string, numbered: NumberedStep, kind: 'skip' | 'block'): ModalView {
  const verb = kind === 'skip' ? 'Skip' : 'Blocked';
  return {
    type: 'modal',
    callback_id: Views.stepReason,
    title: { type: 'plain_text', text: truncate(`${verb}: step ${numbered.number}`, 24) },
    submit: { type: 'plain_text', text: verb },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ incidentId, step: numbered.step.id, kind } satisfies StepMetadata),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${truncate(numbered.step.title, 200)}*` } },
      {
        type: 'input',
        block_id: Inputs.reason,
        label: { type: 'plain_text', text: kind === 'skip' ? 'Why skip it' : 'What blocks it' },
        element: { type: 'plain_text_input', action_id: Inputs.reason, multiline: true, max_length: 1000 },
      },
    ],
  };
}

export interface DraftMetadata {
  incidentId: string;
  /** The step the draft belongs to; posting completes it. */
  step?: string;
  /** The message template it is filled from (templates/messages/<draft>.md). */
  draft?: string;
}

export function draftModal(incidentId: string, label: string, text: string, step?: string, draft?: string): ModalView {
  return {
    type: 'modal',
    callback_id: Views.draft,
    title: { type: 'plain_text', text: truncate(label, 24) },
    submit: { type: 'plain_text', text: 'Post update' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({
      incidentId,
      ...(step ? { step } : {}),
      ...(draft ? { draft } : {}),
    } satisfies DraftMetadata),
    blocks: [
      {
        type: 'input',
        block_id: Inputs.update,
        label: { type: 'plain_text', text: 'Edit, then post' },
        hint: { type: 'plain_text', text: 'Posted as an update in the channel and the announcement thread.' },
        element: {
          type: 'plain_text_input',
          action_id: Inputs.update,
          multiline: true,
          max_length: 3000,
          initial_value: truncate(text, 3000),
        },
      },
    ],
  };
}
