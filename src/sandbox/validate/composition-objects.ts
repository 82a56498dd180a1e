/** @module sandbox/validate/composition-objects — text, confirm, option and filter objects elements are built from. */
import type { BlockProblem } from './blocks.js';
import {
  any,
  arr,
  at,
  bool,
  isObject,
  type Obj,
  obj,
  oneOf,
  problem,
  type Rule,
  type Shape,
  str,
  union,
} from './rules.js';

/** A text object's shape: `plain_text` or `mrkdwn`, up to `max` characters (Slack says "less than `says`"). */
export const textShape = (kind: 'plain_text' | 'mrkdwn', max: number, says?: number): Shape => ({
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

/** A confirmation dialog. */
export const confirm = obj({
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
export const option = (kind: 'select' | 'overflow' | 'choice'): Rule =>
  obj({
    required: ['text', 'value'],
    fields: {
      text: kind === 'choice' ? text(75) : plain(75),
      value: str(150),
      description: kind === 'choice' ? text(75) : plain(75),
      ...(kind === 'overflow' ? { url: str(3000) } : {}),
    },
  });

/** A labelled group of select options. */
export const optionGroup = obj({
  required: ['label', 'options'],
  fields: { label: plain(75), options: arr(option('select'), { max: 100 }) },
});

/** When an input dispatches block_actions. */
export const dispatchActionConfig = obj({
  fields: { trigger_actions_on: arr(oneOf(['on_enter_pressed', 'on_character_entered']), { min: 1, max: 2 }) },
});

/** Which conversations a conversations select lists. */
export const conversationFilter = obj({
  fields: {
    include: arr(oneOf(['im', 'mpim', 'private', 'public']), { min: 1, max: 4 }),
    exclude_external_shared_channels: bool,
    exclude_bot_users: bool,
  },
});

/** A file already uploaded to Slack, by url or id. */
export const slackFile = obj({ fields: { url: str(3000), id: str(255) } });

/** Reports an initial option that is not among the element's options (by value). */
export function initialAmongOptions(value: Obj, pointer: string, out: BlockProblem[]): void {
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
