/** @module sandbox/validate/blocks — checks Block Kit blocks and views as Slack's Web API does, in Slack's own wording. */
import {
  accessoryElement,
  actionsElement,
  any,
  arr,
  at,
  bool,
  contextElement,
  imageSource,
  inputElement,
  isObject,
  nullable,
  plain,
  type Rule,
  richTextShape,
  type Shape,
  slackFile,
  str,
  text,
  union,
} from './elements.js';

/** One thing Slack would reject: where (a JSON pointer such as `/blocks/0/text/text`) and Slack's message for it. */
export interface BlockProblem {
  pointer: string;
  message: string;
}

const blockId = str(255);

function textOrFields(value: Record<string, unknown>, pointer: string, out: BlockProblem[]): void {
  if (!('text' in value) && !('fields' in value)) out.push({ pointer, message: 'missing required field: text' });
}

/** Every layout block Slack accepts from apps, by `type`. */
const BLOCKS: Record<string, Shape> = {
  section: {
    fields: {
      type: any,
      block_id: blockId,
      text: text(3000),
      fields: arr(text(2000), { max: 10 }),
      accessory: accessoryElement,
      expand: bool,
    },
    check: textOrFields,
  },
  header: { required: ['text'], fields: { type: any, block_id: blockId, text: plain(150) } },
  divider: { fields: { type: any, block_id: blockId } },
  context: {
    required: ['elements'],
    fields: { type: any, block_id: blockId, elements: arr(contextElement, { min: 1, max: 10 }) },
  },
  actions: {
    required: ['elements'],
    fields: { type: any, block_id: blockId, elements: arr(actionsElement, { min: 1, max: 25 }) },
  },
  input: {
    required: ['label', 'element'],
    fields: {
      type: any,
      block_id: blockId,
      label: plain(2000),
      element: inputElement,
      hint: plain(2000),
      optional: bool,
      dispatch_action: bool,
    },
  },
  image: {
    required: ['alt_text'],
    fields: {
      type: any,
      block_id: blockId,
      image_url: str(3000),
      slack_file: slackFile,
      alt_text: str(2000),
      title: plain(2000),
    },
    check: imageSource,
  },
  rich_text: richTextShape,
  markdown: { required: ['text'], fields: { type: any, block_id: blockId, text: str(12000) } },
};

const block = union(BLOCKS, { prefixed: false });

/** block_id must be unique within the payload, action_id within its block. */
function findDuplicates(blocks: readonly unknown[], pointer: string, out: BlockProblem[]): void {
  const blockIds = new Set<string>();
  blocks.forEach((entry, i) => {
    if (!isObject(entry)) return;
    const here = at(pointer, i);
    if (typeof entry.block_id === 'string') {
      if (blockIds.has(entry.block_id)) out.push({ pointer: at(here, 'block_id'), message: 'duplicate block_id' });
      blockIds.add(entry.block_id);
    }
    if (!Array.isArray(entry.elements) || entry.type !== 'actions') return;
    const actionIds = new Set<string>();
    entry.elements.forEach((element, j) => {
      if (!isObject(element) || typeof element.action_id !== 'string') return;
      if (actionIds.has(element.action_id)) {
        out.push({ pointer: at(at(at(here, 'elements'), j), 'action_id'), message: 'duplicate action_id' });
      }
      actionIds.add(element.action_id);
    });
  });
}

/**
 * Validates a `blocks` array the way Slack does for `chat.postMessage` (`maxBlocks` 50) or a view (100).
 *
 * @param blocks - the parsed `blocks` argument, of any shape.
 * @param opts.pointer - where the array sits in the request, e.g. `/blocks` or `/view/blocks`.
 * @param opts.maxBlocks - 50 for messages, 100 for modals and home tabs.
 * @returns the problems found, in Slack's words; `[]` when Slack would accept the blocks.
 */
export function validateBlocks(blocks: unknown, opts: { pointer: string; maxBlocks: number }): BlockProblem[] {
  const out: BlockProblem[] = [];
  arr(block, { max: opts.maxBlocks })(blocks, opts.pointer, out);
  if (Array.isArray(blocks)) findDuplicates(blocks, opts.pointer, out);
  return out;
}

/** Fields Slack adds to the views it returns; an app echoing a view back is not refused for them. */
const VIEW_OUTPUT_FIELDS = [
  'id',
  'team_id',
  'state',
  'hash',
  'previous_view_id',
  'root_view_id',
  'app_id',
  'app_installed_team_id',
  'bot_id',
];

const viewBlocks: Rule = (value, pointer, out) => {
  out.push(...validateBlocks(value, { pointer, maxBlocks: 100 }));
};

/** Slack words the 24-character limit of title/submit/close as "must be less than 24 characters". */
const viewText = plain(24, { prefixed: true, says: 24 });

const viewFields = {
  type: any,
  blocks: viewBlocks,
  private_metadata: str(3000),
  callback_id: str(255),
  external_id: str(255),
  clear_on_close: bool,
  notify_on_close: bool,
  submit_disabled: bool,
};

function inputNeedsSubmit(value: Record<string, unknown>, pointer: string, out: BlockProblem[]): void {
  const hasInput = Array.isArray(value.blocks) && value.blocks.some((b) => isObject(b) && b.type === 'input');
  if (hasInput && !('submit' in value)) out.push({ pointer, message: 'missing required field: submit' });
}

const VIEWS: Record<string, Shape> = {
  modal: {
    required: ['title', 'blocks'],
    ignored: VIEW_OUTPUT_FIELDS,
    fields: { ...viewFields, title: viewText, submit: viewText, close: viewText },
    check: inputNeedsSubmit,
  },
  home: {
    required: ['blocks'],
    ignored: VIEW_OUTPUT_FIELDS,
    fields: { ...viewFields, title: nullable(viewText), submit: nullable(viewText), close: nullable(viewText) },
  },
};

const view = union(VIEWS, { prefixed: true });

/**
 * Validates a `view` argument (views.open / push / update / publish): a `modal` or a `home` tab.
 *
 * @param value - the parsed `view` argument, of any shape.
 * @returns the problems found, pointers starting with `/view`; `[]` when Slack would accept the view.
 */
export function validateView(value: unknown): BlockProblem[] {
  const out: BlockProblem[] = [];
  view(value, '/view', out);
  return out;
}

/**
 * Formats problems as Slack lists them in `response_metadata.messages`.
 *
 * @example toSlackMessages([{ pointer: '/blocks/0/text/text', message: 'must be less than 151 characters' }])
 * // → ['[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]']
 */
export function toSlackMessages(problems: BlockProblem[]): string[] {
  return problems.map((p) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`);
}
