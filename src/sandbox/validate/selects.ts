/** @module sandbox/validate/selects — select menus: static, external, users, conversations, channels, one or many. */
import type { BlockProblem } from './blocks.js';
import { conversationFilter, initialAmongOptions, option, optionGroup } from './composition-objects.js';
import { confirmable } from './element-fields.js';
import { arr, at, bool, int, type Obj, problem, type Shape, str } from './rules.js';

const multi = { max_selected_items: int(1) };

function optionsOrGroups(value: Obj, pointer: string, out: BlockProblem[]): void {
  if (!('options' in value) && !('option_groups' in value)) problem(out, pointer, 'missing required field: options');
  if ('options' in value && 'option_groups' in value) problem(out, at(pointer, 'option_groups'), 'unsupported field');
  initialAmongOptions(value, pointer, out);
}

const staticOptions = { options: arr(option('select'), { max: 100 }), option_groups: arr(optionGroup, { max: 100 }) };

/** Every select menu element, by `type`. */
export const SELECT_ELEMENTS: Record<string, Shape> = {
  static_select: {
    fields: { ...confirmable, ...staticOptions, initial_option: option('select') },
    check: optionsOrGroups,
  },
  multi_static_select: {
    fields: { ...confirmable, ...multi, ...staticOptions, initial_options: arr(option('select')) },
    check: optionsOrGroups,
  },
  external_select: { fields: { ...confirmable, initial_option: option('select'), min_query_length: int(0) } },
  multi_external_select: {
    fields: { ...confirmable, ...multi, initial_options: arr(option('select')), min_query_length: int(0) },
  },
  users_select: { fields: { ...confirmable, initial_user: str(255) } },
  multi_users_select: { fields: { ...confirmable, ...multi, initial_users: arr(str(255)) } },
  conversations_select: {
    fields: {
      ...confirmable,
      initial_conversation: str(255),
      default_to_current_conversation: bool,
      response_url_enabled: bool,
      filter: conversationFilter,
    },
  },
  multi_conversations_select: {
    fields: {
      ...confirmable,
      ...multi,
      initial_conversations: arr(str(255)),
      default_to_current_conversation: bool,
      filter: conversationFilter,
    },
  },
  channels_select: { fields: { ...confirmable, initial_channel: str(255), response_url_enabled: bool } },
  multi_channels_select: { fields: { ...confirmable, ...multi, initial_channels: arr(str(255)) } },
};

/** The `type` of every select menu. */
export const SELECTS = ['static', 'external', 'users', 'conversations', 'channels'].flatMap((s) => [
  `${s}_select`,
  `multi_${s}_select`,
]);
