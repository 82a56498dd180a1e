/** @module sandbox/validate/elements — block elements by type, and which of them each kind of block may hold. */
import type { BlockProblem } from './blocks.js';
import {
  confirm,
  dispatchActionConfig,
  initialAmongOptions,
  option,
  plain,
  slackFile,
  textShape,
} from './composition-objects.js';
import { base, confirmable, focusable } from './element-fields.js';
import { richTextShape } from './rich-text.js';
import {
  any,
  arr,
  bool,
  int,
  type Obj,
  obj,
  oneOf,
  pattern,
  problem,
  type Rule,
  type Shape,
  str,
  union,
} from './rules.js';
import { SELECT_ELEMENTS, SELECTS } from './selects.js';

// What blocks.ts and other checkers build on, re-exported so this module's API is unchanged.
export { plain, slackFile, text } from './composition-objects.js';
export { richTextShape } from './rich-text.js';
export {
  any,
  arr,
  at,
  bool,
  checkShape,
  int,
  isObject,
  nullable,
  obj,
  oneOf,
  pattern,
  type Rule,
  type Shape,
  str,
  union,
} from './rules.js';

const textInput = (initial: Rule): Shape => ({
  fields: { ...focusable, initial_value: initial, dispatch_action_config: dispatchActionConfig },
});

export function imageSource(value: Obj, pointer: string, out: BlockProblem[]): void {
  if (!('image_url' in value) && !('slack_file' in value)) problem(out, pointer, 'missing required field: image_url');
}

const imageElement: Shape = {
  required: ['type', 'alt_text'],
  fields: { type: any, image_url: str(3000), slack_file: slackFile, alt_text: str(2000) },
  check: imageSource,
};

/** Every block element Slack knows, by `type`. */
const ELEMENTS: Record<string, Shape> = {
  button: {
    required: ['type', 'text'],
    fields: {
      ...base,
      text: plain(75),
      url: str(3000),
      value: str(2000),
      style: oneOf(['primary', 'danger']),
      confirm,
      accessibility_label: str(75),
    },
  },
  workflow_button: {
    required: ['type', 'text', 'workflow'],
    fields: {
      ...base,
      text: plain(75),
      workflow: obj({ loose: true, fields: {} }),
      style: oneOf(['primary', 'danger']),
      accessibility_label: str(75),
    },
  },
  ...SELECT_ELEMENTS,
  overflow: {
    required: ['type', 'options'],
    fields: { ...base, confirm, options: arr(option('overflow'), { min: 2, max: 5 }) },
  },
  checkboxes: {
    required: ['type', 'options'],
    fields: {
      ...base,
      confirm,
      focus_on_load: bool,
      options: arr(option('choice'), { max: 10 }),
      initial_options: arr(option('choice')),
    },
    check: initialAmongOptions,
  },
  radio_buttons: {
    required: ['type', 'options'],
    fields: {
      ...base,
      confirm,
      focus_on_load: bool,
      options: arr(option('choice'), { max: 10 }),
      initial_option: option('choice'),
    },
    check: initialAmongOptions,
  },
  datepicker: { fields: { ...confirmable, initial_date: pattern(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD') } },
  timepicker: {
    fields: { ...confirmable, initial_time: pattern(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm'), timezone: str(255) },
  },
  datetimepicker: { fields: { ...base, confirm, focus_on_load: bool, initial_date_time: int(0) } },
  plain_text_input: {
    fields: {
      ...textInput(str(3000)).fields,
      multiline: bool,
      min_length: int(0, 3000),
      max_length: int(1, 3000),
    },
  },
  number_input: {
    required: ['type', 'is_decimal_allowed'],
    fields: { ...textInput(str(255)).fields, is_decimal_allowed: bool, min_value: str(255), max_value: str(255) },
  },
  url_text_input: textInput(str(3000)),
  email_text_input: textInput(str(3000)),
  rich_text_input: textInput(union({ rich_text: richTextShape }, { prefixed: false })),
  file_input: { fields: { ...base, filetypes: arr(str(255)), max_files: int(1, 10) } },
  image: imageElement,
};

const pick = (types: readonly string[]): Record<string, Shape> =>
  Object.fromEntries(types.flatMap((t) => (ELEMENTS[t] ? [[t, ELEMENTS[t]] as const] : [])));

/** Elements an `actions` block may hold. */
export const actionsElement = union(
  pick([
    'button',
    'checkboxes',
    'datepicker',
    'datetimepicker',
    'overflow',
    'radio_buttons',
    'rich_text_input',
    'timepicker',
    'workflow_button',
    ...SELECTS,
  ]),
  { prefixed: false },
);

/** Elements a `section` block may take as `accessory`. */
export const accessoryElement = union(
  pick([
    'button',
    'checkboxes',
    'datepicker',
    'image',
    'overflow',
    'radio_buttons',
    'timepicker',
    'workflow_button',
    ...SELECTS,
  ]),
  { prefixed: false },
);

/** Elements an `input` block may take as `element`. */
export const inputElement = union(
  pick([
    'checkboxes',
    'datepicker',
    'datetimepicker',
    'email_text_input',
    'file_input',
    'number_input',
    'plain_text_input',
    'radio_buttons',
    'rich_text_input',
    'timepicker',
    'url_text_input',
    ...SELECTS,
  ]),
  { prefixed: false },
);

/** What a `context` block may hold: images and text objects (up to 3000 characters). */
export const contextElement = union(
  { image: imageElement, plain_text: textShape('plain_text', 3000), mrkdwn: textShape('mrkdwn', 3000) },
  { prefixed: true },
);
