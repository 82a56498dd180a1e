/**
 * @module slack/blocks/modals
 * The modals: declare an incident, post an update (impact, what we know, what we are doing, next update
 * time), resolve, reopen. Pure builders; what a modal needs to know on submission travels in
 * `private_metadata` as JSON.
 */
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { DEFAULT_DEFINITIONS, type Definitions } from '../../incident/definitions.js';
import type { Severity } from '../../incident/severity.js';
import { Inputs, Views } from '../ids.js';
import { truncate } from '../text.js';
import { severityOption, severityOptions } from './severity-options.js';

export const TITLE_MAX = 150;
export const TEXT_MAX = 3000;

function textInput(
  id: string,
  label: string,
  options: {
    multiline?: boolean;
    optional?: boolean;
    max?: number;
    initial?: string;
    hint?: string;
    placeholder?: string;
  },
) {
  return {
    type: 'input' as const,
    block_id: id,
    optional: options.optional ?? false,
    label: { type: 'plain_text' as const, text: label },
    ...(options.hint ? { hint: { type: 'plain_text' as const, text: options.hint } } : {}),
    element: {
      type: 'plain_text_input' as const,
      action_id: id,
      multiline: options.multiline ?? false,
      max_length: options.max ?? TEXT_MAX,
      ...(options.initial ? { initial_value: options.initial } : {}),
      ...(options.placeholder ? { placeholder: { type: 'plain_text' as const, text: options.placeholder } } : {}),
    },
  };
}

export interface ProtocolChoice {
  name: string;
  title: string;
}

export interface DeclareMetadata {
  /** The channel /incident declare was typed in. */
  declaredIn: string;
  responseUrl?: string;
}

/**
 * The declare form: title, severity (each with what it means), protocol when there is a choice, summary,
 * service, private.
 * @example
 * declareModal({ declaredIn: 'C0GENERAL' }, {}, protocols, 'deploy-rollback', templates.definitions)
 */
export function declareModal(
  metadata: DeclareMetadata,
  initial: { title?: string; severity?: Severity } = {},
  protocols: ProtocolChoice[] = [],
  defaultProtocol?: string,
  definitions: Definitions = DEFAULT_DEFINITIONS,
): ModalView {
  const protocolOption = (p: ProtocolChoice) => ({
    text: { type: 'plain_text' as const, text: truncate(p.name, 75) },
    description: { type: 'plain_text' as const, text: truncate(p.title, 75) },
    value: p.name,
  });
  const fallback = protocols.find((p) => p.name === defaultProtocol);
  return {
    type: 'modal',
    callback_id: Views.declare,
    title: { type: 'plain_text', text: 'Declare an incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify(metadata),
    blocks: [
      textInput(Inputs.title, 'Title', {
        max: TITLE_MAX,
        ...(initial.title ? { initial: truncate(initial.title, TITLE_MAX) } : {}),
        placeholder: 'Checkout payments failing',
      }),
      {
        type: 'input',
        block_id: Inputs.severity,
        label: { type: 'plain_text', text: 'Severity' },
        hint: { type: 'plain_text', text: 'If unsure, pick the higher one.' },
        element: {
          type: 'static_select',
          action_id: Inputs.severity,
          options: severityOptions(definitions, { emoji: true }),
          ...(initial.severity
            ? { initial_option: severityOption(initial.severity, definitions, { emoji: true }) }
            : {}),
        },
      },
      ...(protocols.length > 1
        ? [
            {
              type: 'input' as const,
              block_id: Inputs.protocol,
              label: { type: 'plain_text' as const, text: 'Protocol' },
              element: {
                type: 'static_select' as const,
                action_id: Inputs.protocol,
                options: protocols.map(protocolOption),
                ...(fallback ? { initial_option: protocolOption(fallback) } : {}),
              },
            },
          ]
        : []),
      textInput(Inputs.summary, 'What is happening', {
        multiline: true,
        optional: true,
        hint: 'Impact as customers see it.',
      }),
      textInput(Inputs.service, 'Affected service', { optional: true, max: 150, placeholder: 'payments-api' }),
      {
        type: 'input',
        block_id: Inputs.private,
        optional: true,
        label: { type: 'plain_text', text: 'Visibility' },
        element: {
          type: 'checkboxes',
          action_id: Inputs.private,
          options: [
            {
              text: { type: 'plain_text', text: 'Private incident' },
              description: { type: 'plain_text', text: 'Private channel; not announced in the incident feed' },
              value: 'private',
            },
          ],
        },
      },
    ],
  };
}

export interface IncidentMetadata {
  incidentId: string;
}

function incidentModal(
  callbackId: string,
  title: string,
  submit: string,
  incidentId: string,
  input: ReturnType<typeof textInput>,
): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: title },
    submit: { type: 'plain_text', text: submit },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ incidentId } satisfies IncidentMetadata),
    blocks: [input],
  };
}

/** How long the three parts of an update may be: together, with their labels, well within one message. */
export const UPDATE_PART_MAX = { impact: 600, known: 1000, doing: 1000 } as const;

/** The next-update times the form offers, in minutes from posting. */
export const NEXT_UPDATE_MINUTES = [15, 20, 30, 45, 60] as const;

export interface UpdateFormStart {
  /** The customer-facing impact as last told (or the summary, or the title). */
  impact?: string;
  /** The protocol's cadence now (ms): the nearest next-update time is preselected. */
  cadence?: number | undefined;
}

function nextUpdateOption(minutes: number): PlainTextOption {
  return { text: { type: 'plain_text', text: `in ${minutes} min` }, value: String(minutes) };
}

/** The offered time nearest the cadence (the slowest without one). */
function preselected(cadence: number | undefined): number {
  if (cadence === undefined) return NEXT_UPDATE_MINUTES.at(-1) as number;
  const minutes = cadence / 60_000;
  return NEXT_UPDATE_MINUTES.reduce((best, m) => (Math.abs(m - minutes) < Math.abs(best - minutes) ? m : best));
}

/**
 * The update form: the customer-facing impact, what we know, what we are doing, and when the next
 * update comes.
 * @example
 * updateModal('INC-42', { impact: 'Checkout payments failing', cadence: 20 * 60_000 })
 */
export function updateModal(incidentId: string, start: UpdateFormStart = {}): ModalView {
  return {
    type: 'modal',
    callback_id: Views.update,
    title: { type: 'plain_text', text: 'Post an update' },
    submit: { type: 'plain_text', text: 'Post' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ incidentId } satisfies IncidentMetadata),
    blocks: [
      textInput(Inputs.updateImpact, 'Customer-facing impact', {
        multiline: true,
        max: UPDATE_PART_MAX.impact,
        ...(start.impact ? { initial: truncate(start.impact, UPDATE_PART_MAX.impact) } : {}),
        hint: 'What customers see, as they would say it.',
      }),
      textInput(Inputs.updateKnown, 'What we know', {
        multiline: true,
        max: UPDATE_PART_MAX.known,
        placeholder: 'Errors started with the 03:05 deploy of payments-api',
      }),
      textInput(Inputs.updateDoing, 'What we are doing', {
        multiline: true,
        max: UPDATE_PART_MAX.doing,
        placeholder: 'Rolling back to 2026.11.28-2',
      }),
      {
        type: 'input',
        block_id: Inputs.updateNext,
        label: { type: 'plain_text', text: 'Next update' },
        hint: {
          type: 'plain_text',
          text: `Posted in the channel and the announcement thread of ${incidentId}; the reminder comes at this time.`,
        },
        element: {
          type: 'static_select',
          action_id: Inputs.updateNext,
          options: NEXT_UPDATE_MINUTES.map(nextUpdateOption),
          initial_option: nextUpdateOption(preselected(start.cadence)),
        },
      },
    ],
  };
}

/**
 * The resolve form: the resolution, the postmortem's owner (the commander preselected) and, when the
 * incident asks for a review (templates/postmortem.yaml; any incident that needed a rollback), its day.
 */
export function resolveModal(incidentId: string, postmortem?: { owner?: string; reviewDate?: string }): ModalView {
  const modal = incidentModal(
    Views.resolve,
    `Resolve ${incidentId}`.slice(0, 24),
    'Resolve',
    incidentId,
    textInput(Inputs.resolution, 'Resolution', {
      multiline: true,
      hint: 'One line: what ended the impact (e.g. rolled back payments-api to 2026.11.28-2).',
    }),
  );
  const owner: KnownBlock = {
    type: 'input',
    block_id: Inputs.postmortemOwner,
    optional: true,
    label: { type: 'plain_text', text: 'Postmortem owner' },
    hint: { type: 'plain_text', text: 'Writes it up and is reminded of the review; the commander when left empty.' },
    element: {
      type: 'users_select',
      action_id: Inputs.postmortemOwner,
      ...(postmortem?.owner ? { initial_user: postmortem.owner } : {}),
    },
  };
  const review: KnownBlock[] = postmortem?.reviewDate
    ? [
        {
          type: 'input',
          block_id: Inputs.reviewDate,
          optional: true,
          label: { type: 'plain_text', text: 'Postmortem review on' },
          element: { type: 'datepicker', action_id: Inputs.reviewDate, initial_date: postmortem.reviewDate },
        },
      ]
    : [];
  return { ...modal, blocks: [...(modal.blocks ?? []), owner, ...review] };
}

export function reopenModal(incidentId: string): ModalView {
  return incidentModal(
    Views.reopen,
    `Reopen ${incidentId}`.slice(0, 24),
    'Reopen',
    incidentId,
    textInput(Inputs.reason, 'Why reopen', { multiline: true }),
  );
}
