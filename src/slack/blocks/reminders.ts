/**
 * @module slack/blocks/reminders
 * The update-due reminder, with Post update and Snooze buttons.
 */
import type { KnownBlock } from '@slack/types';
import type { IncidentState } from '../../incident/state.js';
import { Actions } from '../ids.js';
import { mention } from '../text.js';
import { clock } from '../time.js';

export function updateReminder(
  state: IncidentState,
  to: string,
  due: number,
  tz: string,
): { text: string; blocks: KnownBlock[] } {
  const text = `${mention(to)} Update due for ${state.id} (since ${clock(due, tz)}).`;
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
