/** @module sandbox/validate/elements — rule combinators, text/composition objects and block elements, worded like Slack. */
import type { BlockProblem } from './blocks.js';

/** A check of one value at one JSON pointer; it appends what is wrong to `out`. */
export type Rule = (value: unknown, pointer: string, out: BlockProblem[]) => void;

/** An object's schema: a rule per allowed field, the required ones, fields tolerated unchecked, a cross-field check. */
export interface Shape {
  fields: Record<string, Rule>;
  required?: readonly string[];
  /** Fields Slack itself puts on its output (`id`, `hash`, …): accepted and not checked. */
  ignored?: readonly string[];
  /** Accept fields not listed (shallow checking, used for rich text). */
  loose?: boolean;
  check?: (value: Record<string, unknown>, pointer: string, out: BlockProblem[]) => void;
}

type Obj = Record<string, unknown>;

export const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON pointer of `key` under `pointer` (RFC 6901 escaping). */
export const at = (pointer: string, key: string | number): string =>
  `${pointer}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;

const problem = (out: BlockProblem[], pointer: string, message: string): void => {
  out.push({ pointer, message });
};

/** Slack counts characters, not UTF-16 code units. */
const length = (text: string): number => [...text].length;

/** Accepts anything (the discriminator of a union, already checked by the union). */
export const any: Rule = () => {};

/** A string of at most `max` characters; Slack words the limit as "less than max+1" unless `says` overrides it. */
export function str(max: number, opts: { min?: number; says?: number } = {}): Rule {
  return (value, pointer, out) => {
    if (typeof value !== 'string') return problem(out, pointer, 'must provide a string');
    const n = length(value);
    if (n > max) problem(out, pointer, `must be less than ${opts.says ?? max + 1} characters`);
    else if (opts.min !== undefined && n < opts.min)
      problem(out, pointer, `must be more than ${opts.min - 1} characters`);
  };
}

/** A string matching `re` (dates, times). */
export function pattern(re: RegExp, format: string): Rule {
  return (value, pointer, out) => {
    if (typeof value !== 'string') problem(out, pointer, 'must provide a string');
    else if (!re.test(value)) problem(out, pointer, `must match the format ${format}`);
  };
}

export const bool: Rule = (value, pointer, out) => {
  if (typeof value !== 'boolean') problem(out, pointer, 'must provide a boolean');
};

/** An integer in [min, max]. */
export function int(min: number, max = Number.MAX_SAFE_INTEGER): Rule {
  return (value, pointer, out) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) problem(out, pointer, 'must provide an integer');
    else if (value < min) problem(out, pointer, `must be at least ${min}`);
    else if (value > max) problem(out, pointer, `must be no more than ${max}`);
  };
}

/** One of a fixed set of strings. */
export function oneOf(values: readonly string[]): Rule {
  return (value, pointer, out) => {
    if (typeof value !== 'string') problem(out, pointer, 'must provide a string');
    else if (!values.includes(value)) problem(out, pointer, `must be one of [${values.join(', ')}]`);
  };
}

/** `null` is accepted (Slack echoes `"close": null` on home views); anything else goes through `rule`. */
export const nullable =
  (rule: Rule): Rule =>
  (value, pointer, out) => {
    if (value !== null) rule(value, pointer, out);
  };

/** An array of `item`s, between `min` and `max` long. */
export function arr(item: Rule, limits: { max?: number; min?: number } = {}): Rule {
  return (value, pointer, out) => {
    if (!Array.isArray(value)) return problem(out, pointer, 'must provide an array');
    if (limits.max !== undefined && value.length > limits.max) {
      problem(out, pointer, `no more than ${limits.max} items allowed`);
    }
    if (limits.min !== undefined && value.length < limits.min) {
      problem(out, pointer, `no less than ${limits.min} items allowed`);
    }
    value.forEach((entry, i) => {
      item(entry, at(pointer, i), out);
    });
  };
}

/** Checks an object against `shape`: required fields, unsupported fields, then each field's rule. */
export function checkShape(value: Obj, pointer: string, shape: Shape, out: BlockProblem[]): void {
  for (const key of shape.required ?? []) {
    if (!(key in value)) problem(out, pointer, `missing required field: ${key}`);
  }
  for (const [key, field] of Object.entries(value)) {
    const rule = Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined;
    if (rule) rule(field, at(pointer, key), out);
    else if (!shape.loose && !shape.ignored?.includes(key)) problem(out, at(pointer, key), 'unsupported field');
  }
  shape.check?.(value, pointer, out);
}

/** An object of one shape. */
export const obj =
  (shape: Shape): Rule =>
  (value, pointer, out) => {
    if (!isObject(value)) problem(out, pointer, 'must provide an object');
    else checkShape(value, pointer, shape, out);
  };

/**
 * An object told apart by its `type`. Where Slack's schema is a "oneOf" (`prefixed`), any problem inside is
 * preceded by "failed to match all allowed schemas" at the object, and a non-object fails both branches Slack
 * tries (so "must provide an object" comes twice, as in Slack's answers for `/view` and `/view/submit`).
 */
export function union(branches: Record<string, Shape>, opts: { prefixed: boolean }): Rule {
  return (value, pointer, out) => {
    const found: BlockProblem[] = [];
    if (!isObject(value)) {
      for (let i = opts.prefixed ? 2 : 1; i > 0; i--) problem(found, pointer, 'must provide an object');
    } else if (!('type' in value)) {
      problem(found, pointer, 'missing required field: type');
    } else if (typeof value.type !== 'string') {
      problem(found, at(pointer, 'type'), 'must provide a string');
    } else {
      const shape = Object.hasOwn(branches, value.type) ? branches[value.type] : undefined;
      if (shape) checkShape(value, pointer, shape, found);
      else problem(found, at(pointer, 'type'), `unsupported type: ${value.type}`);
    }
    if (found.length > 0 && opts.prefixed) problem(out, pointer, 'failed to match all allowed schemas');
    out.push(...found);
  };
}

// ---- composition objects -------------------------------------------------------------------------------------

const textShape = (kind: 'plain_text' | 'mrkdwn', max: number, says?: number): Shape => ({
  required: ['type', 'text'],
  fields: {
    type: any,
    text: str(max, { min: 1, ...(says === undefined ? {} : { says }) }),
    ...(kind === 'plain_text' ? { emoji: bool } : { verbatim: bool }),
  },
});

/** A `plain_text` or `mrkdwn` text object (a oneOf in Slack's schema). */
export const text = (max: number): Rule =>
  union({ plain_text: textShape('plain_text', max), mrkdwn: textShape('mrkdwn', max) }, { prefixed: true });

/** A text object that must be `plain_text`; `prefixed`/`says` reproduce Slack's wording for view titles. */
export const plain = (max: number, opts: { prefixed?: boolean; says?: number } = {}): Rule =>
  union({ plain_text: textShape('plain_text', max, opts.says) }, { prefixed: opts.prefixed ?? false });

const confirm = obj({
  required: ['title', 'text', 'confirm', 'deny'],
  fields: {
    title: plain(100),
    text: plain(300),
    confirm: plain(30),
    deny: plain(30),
    style: oneOf(['primary', 'danger']),
  },
});

/** Option objects: select/overflow text is plain_text (overflow may carry a url); checkbox/radio text may be mrkdwn. */
const option = (kind: 'select' | 'overflow' | 'choice'): Rule =>
  obj({
    required: ['text', 'value'],
    fields: {
      text: kind === 'choice' ? text(75) : plain(75),
      value: str(150),
      description: kind === 'choice' ? text(75) : plain(75),
      ...(kind === 'overflow' ? { url: str(3000) } : {}),
    },
  });

const optionGroup = obj({
  required: ['label', 'options'],
  fields: { label: plain(75), options: arr(option('select'), { max: 100 }) },
});

const dispatchActionConfig = obj({
  fields: { trigger_actions_on: arr(oneOf(['on_enter_pressed', 'on_character_entered']), { min: 1, max: 2 }) },
});

const conversationFilter = obj({
  fields: {
    include: arr(oneOf(['im', 'mpim', 'private', 'public']), { min: 1, max: 4 }),
    exclude_external_shared_channels: bool,
    exclude_bot_users: bool,
  },
});

export const slackFile = obj({ fields: { url: str(3000), id: str(255) } });

// ---- rich text (shallow: containers and the type of each inline element) -------------------------------------

const richInline = obj({ required: ['type'], loose: true, fields: { type: str(255) } });
const richContainer: Shape = {
  required: ['type', 'elements'],
  loose: true,
  fields: { type: any, elements: arr(richInline) },
};
const richPart = union(
  {
    rich_text_section: richContainer,
    rich_text_list: {
      ...richContainer,
      fields: { ...richContainer.fields, style: oneOf(['bullet', 'ordered']), indent: int(0, 8), border: int(0, 1) },
    },
    rich_text_preformatted: richContainer,
    rich_text_quote: richContainer,
  },
  { prefixed: false },
);

/** The `rich_text` object (a block, or a rich_text_input's initial value). */
export const richTextShape: Shape = {
  required: ['type', 'elements'],
  fields: { type: any, block_id: str(255), elements: arr(richPart) },
};

// ---- block elements ------------------------------------------------------------------------------------------

const base = { type: any, action_id: str(255) };
const focusable = { ...base, focus_on_load: bool, placeholder: plain(150) };
const confirmable = { ...focusable, confirm };
const multi = { max_selected_items: int(1) };
const textInput = (initial: Rule): Shape => ({
  fields: { ...focusable, initial_value: initial, dispatch_action_config: dispatchActionConfig },
});

/** Reports an initial option that is not among the element's options (by value). */
function initialAmongOptions(value: Obj, pointer: string, out: BlockProblem[]): void {
  const values = new Set<unknown>();
  const collect = (list: unknown) => {
    if (Array.isArray(list)) for (const o of list) if (isObject(o)) values.add(o.value);
  };
  collect(value.options);
  if (Array.isArray(value.option_groups)) for (const g of value.option_groups) if (isObject(g)) collect(g.options);
  if (values.size === 0) return;
  const check = (o: unknown, p: string) => {
    if (isObject(o) && !values.has(o.value)) problem(out, p, 'must be one of the provided options');
  };
  if ('initial_option' in value) check(value.initial_option, at(pointer, 'initial_option'));
  if (Array.isArray(value.initial_options)) {
    value.initial_options.forEach((o, i) => {
      check(o, at(at(pointer, 'initial_options'), i));
    });
  }
}

function optionsOrGroups(value: Obj, pointer: string, out: BlockProblem[]): void {
  if (!('options' in value) && !('option_groups' in value)) problem(out, pointer, 'missing required field: options');
  if ('options' in value && 'option_groups' in value) problem(out, at(pointer, 'option_groups'), 'unsupported field');
  initialAmongOptions(value, pointer, out);
}

export function imageSource(value: Obj, pointer: string, out: BlockProblem[]): void {
  if (!('image_url' in value) && !('slack_file' in value)) problem(out, pointer, 'missing required field: image_url');
}

const imageElement: Shape = {
  required: ['type', 'alt_text'],
  fields: { type: any, image_url: str(3000), slack_file: slackFile, alt_text: str(2000) },
  check: imageSource,
};

const staticOptions = { options: arr(option('select'), { max: 100 }), option_groups: arr(optionGroup, { max: 100 }) };

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

const SELECTS = ['static', 'external', 'users', 'conversations', 'channels'].flatMap((s) => [
  `${s}_select`,
  `multi_${s}_select`,
]);
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
