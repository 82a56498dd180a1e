/**
 * @module slack/blocks/reminders
 * The update-due reminder, with Post update and Snooze buttons; the call for someone to take the role
 * of a late step that nobody holds, with a Take button.
 */
import type { KnownBlock } from '@slack/types';
import type { IncidentState } from '../../incident/state.js';
import type { NumberedStep } from '../../protocol/definition.js';
import { Actions } from '../ids.js';
import { mention, mrkdwnWithin, truncate } from '../text.js';
import { clock } from '../time.js';

/**
 * A late step whose owner role nobody holds: the channel is asked who takes the role (`@here`, since
 * nobody is its owner yet), with the same Take button as the board, rather than the commander being
 * pinged for work that is not theirs.
 * @example
 * unheldStepCall(numbered, 'ops', 'Ops').text
 * // 'Step 1 (Confirm impact and blast radius) is late and nobody holds Ops: <!here>, who takes Ops?'
 */
export function unheldStepCall(
  numbered: NumberedStep,
  role: string,
  label: string,
): { text: string; blocks: KnownBlock[] } {
  const who = mrkdwnWithin(label, 30);
  const text = `Step ${numbered.number} (${mrkdwnWithin(numbered.step.title, 80)}) is late and nobody holds ${who}: <!here>, who takes ${who}?`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text },
        accessory: {
          type: 'button',
          action_id: Actions.takeRole,
          style: 'primary',
          text: { type: 'plain_text', text: truncate(`Take ${label}`, 75) },
          value: role,
        },
      },
    ],
  };
}

export function updateReminder(
  state: IncidentState,
  to: string | readonly string[],
  due: number,
  tz: string,
): { text: string; blocks: KnownBlock[] } {
  const people = (typeof to === 'string' ? [to] : to).map(mention).join(' ');
  const text = `${people} Update due for ${state.id} (since ${clock(due, tz)}).`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: Actions.reminderPostUpdate,
            style: 'primary',
            text: { type: 'plain_text', text: 'Post update' },
            value: state.id,
          },
          {
            type: 'button',
            action_id: Actions.reminderSnooze15,
            text: { type: 'plain_text', text: 'Snooze 15' },
            value: '15',
          },
          {
            type: 'button',
            action_id: Actions.reminderSnooze30,
            text: { type: 'plain_text', text: 'Snooze 30' },
            value: '30',
          },
        ],
      },
    ],
  };
}
