/**
 * @module slack/blocks/role-modals
 * Modals about roles: seat every role at once, hand a role to someone, decline an offer.
 */
import type { ModalView } from '@slack/types';
import type { RolePolicy } from '../../incident/roles.js';
import type { IncidentState } from '../../incident/state.js';
import { Inputs, roleInput, Views } from '../ids.js';
import { truncate } from '../text.js';

export function rolesModal(state: IncidentState, policy: RolePolicy): ModalView {
  return {
    type: 'modal',
    callback_id: Views.roles,
    title: { type: 'plain_text', text: 'Roles' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ incidentId: state.id }),
    blocks: [
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Command changes hands by handoff (the new commander accepts); other roles change here.',
          },
        ],
      },
      ...policy.roles
        .filter((role) => role.name !== 'commander')
        .map((role) => {
          const holder = state.roles[role.name];
          return {
            type: 'input' as const,
            block_id: roleInput(role.name),
            optional: true,
            label: { type: 'plain_text' as const, text: role.label },
            hint: { type: 'plain_text' as const, text: truncate(role.description, 150) },
            element: {
              type: 'users_select' as const,
              action_id: roleInput(role.name),
              ...(holder ? { initial_user: holder } : {}),
            },
          };
        }),
    ],
  };
}

export function handoffModal(incidentId: string, role: string, label: string, to?: string): ModalView {
  return {
    type: 'modal',
    callback_id: Views.handoff,
    title: { type: 'plain_text', text: truncate(`Hand off ${label}`, 24) },
    submit: { type: 'plain_text', text: 'Offer' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ incidentId, role }),
    blocks: [
      {
        type: 'input',
        block_id: Inputs.receiver,
        label: { type: 'plain_text', text: 'Hand over to' },
        hint: { type: 'plain_text', text: 'They get a brief and must accept; until then nothing changes.' },
        element: { type: 'users_select', action_id: Inputs.receiver, ...(to ? { initial_user: to } : {}) },
      },
    ],
  };
}

export function declineModal(incidentId: string, offerId: string): ModalView {
  return {
    type: 'modal',
    callback_id: Views.decline,
    title: { type: 'plain_text', text: 'Decline' },
    submit: { type: 'plain_text', text: 'Decline' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify({ incidentId, offerId }),
    blocks: [
      {
        type: 'input',
        block_id: Inputs.reason,
        optional: true,
        label: { type: 'plain_text', text: 'Why (optional)' },
        element: { type: 'plain_text_input', action_id: Inputs.reason, multiline: true, max_length: 500 },
      },
    ],
  };
}
