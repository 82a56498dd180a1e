/** @module test/sandbox/validate/blocks — the Block Kit validator against Slack's limits and its error wording. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type BlockProblem,
  toSlackMessages,
  validateBlocks,
  validateView,
} from '../../../src/sandbox/validate/blocks.js';

interface ContractFixture {
  payloads: { source: string; kind: 'blocks' | 'view'; value: unknown }[];
  titleTooLong: { messages: string[] };
  viewNotAnObject: { messages: string[] };
}

const contract = JSON.parse(
  readFileSync(new URL('./fixtures/slack-contract.json', import.meta.url), 'utf8'),
) as ContractFixture;

const message = (blocks: unknown) => validateBlocks(blocks, { pointer: '/blocks', maxBlocks: 50 });
const slack = (problems: BlockProblem[]) => toSlackMessages(problems);
const chars = (n: number, c = 'x') => c.repeat(n);
const plain = (t: string) => ({ type: 'plain_text', text: t });
const mrkdwn = (t: string) => ({ type: 'mrkdwn', text: t });
const section = (t = 'hello') => ({ type: 'section', text: mrkdwn(t) });
const button = (actionId: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  text: plain('Go'),
  action_id: actionId,
  ...extra,
});
const option = (value: string, text = value) => ({ text: plain(text), value });
const actions = (...elements: unknown[]) => ({ type: 'actions', elements });
const input = (element: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'input',
  label: plain('Label'),
  element,
  ...extra,
});
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: plain('Declare incident'),
  submit: plain('Declare'),
  close: plain('Cancel'),
  blocks: [section()],
  ...extra,
});
const VIEW_FAILED = { pointer: '/view', message: 'failed to match all allowed schemas' };

const incidentBoard = [
  {
    type: 'header',
    block_id: 'hdr',
    text: { type: 'plain_text', text: ':rotating_light: INC-42 checkout 500s', emoji: true },
  },
  {
    type: 'section',
    block_id: 'facts',
    text: mrkdwn('*Checkout is failing for 12% of requests* since 09:41 UTC.'),
    fields: [
      mrkdwn('*Severity*\nSEV1'),
      mrkdwn('*Status*\nInvestigating'),
      mrkdwn('*Commander*\n<@U123>'),
      mrkdwn('*Comms*\n<@U456>'),
    ],
    accessory: {
      type: 'overflow',
      action_id: 'more',
      options: [option('handoff', 'Hand off command'), option('mute', 'Mute updates')],
    },
  },
  { type: 'divider' },
  {
    type: 'context',
    elements: [
      { type: 'image', image_url: 'https://example.com/sev1.png', alt_text: 'SEV1' },
      mrkdwn('Declared by <@U123> · <!date^1700000000^{time}|09:41>'),
    ],
  },
  {
    type: 'actions',
    block_id: 'controls',
    elements: [
      button('ack', { style: 'primary', value: 'INC-42' }),
      button('rollback', {
        style: 'danger',
        value: 'INC-42',
        confirm: {
          title: plain('Roll back?'),
          text: plain('This redeploys the previous release.'),
          confirm: plain('Roll back'),
          deny: plain('Wait'),
        },
      }),
      button('runbook', { url: 'https://runbooks.example.com/checkout' }),
      {
        type: 'static_select',
        action_id: 'severity',
        placeholder: plain('Severity'),
        options: [option('sev1', 'SEV1'), option('sev2', 'SEV2')],
        initial_option: option('sev1', 'SEV1'),
      },
      { type: 'users_select', action_id: 'assign', placeholder: plain('Assign a role') },
    ],
  },
];

describe('validateBlocks', () => {
  it('should accept a realistic incident board message', () => {
    expect(message(incidentBoard)).toEqual([]);
  });

  it('should reject a 151-character header with exactly the Slack message', () => {
    const problems = message([{ type: 'header', text: plain(chars(151)) }]);
    expect(slack(problems)).toEqual(['[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]']);
  });

  it('should accept a 150-character header, counting characters rather than UTF-16 units', () => {
    expect(message([{ type: 'header', text: plain(chars(150)) }])).toEqual([]);
    expect(message([{ type: 'header', text: plain(chars(150, '🔥')) }])).toEqual([]);
  });

  it('should reject 51 blocks in a message', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(slack(message(blocks))).toEqual(['[ERROR] no more than 50 items allowed [json-pointer:/blocks]']);
    expect(message(blocks.slice(1))).toEqual([]);
  });

  it('should reject a section text over 3000 characters as Slack does (oneOf text object)', () => {
    expect(slack(message([section(chars(3001))]))).toEqual([
      '[ERROR] failed to match all allowed schemas [json-pointer:/blocks/0/text]',
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('should reject a button text of 76 characters', () => {
    const problems = message([actions(button('a', { text: plain(chars(76)) }))]);
    expect(problems).toEqual([
      { pointer: '/blocks/0/elements/0/text/text', message: 'must be less than 76 characters' },
    ]);
  });

  it('should reject an option value of 151 characters', () => {
    const select = { type: 'static_select', action_id: 's', options: [option(chars(151), 'x')] };
    expect(message([actions(select)])).toEqual([
      { pointer: '/blocks/0/elements/0/options/0/value', message: 'must be less than 151 characters' },
    ]);
  });

  it('should reject a duplicate block_id', () => {
    const blocks = [
      { ...section(), block_id: 'same' },
      { ...section(), block_id: 'other' },
      { type: 'divider', block_id: 'same' },
    ];
    expect(message(blocks)).toEqual([{ pointer: '/blocks/2/block_id', message: 'duplicate block_id' }]);
  });

  it('should reject a duplicate action_id within one block but allow it across blocks', () => {
    expect(message([actions(button('a'), button('b'), button('a'))])).toEqual([
      { pointer: '/blocks/0/elements/2/action_id', message: 'duplicate action_id' },
    ]);
    expect(message([actions(button('a')), actions(button('a'))])).toEqual([]);
  });

  it('should reject an unknown block type', () => {
    expect(slack(message([{ type: 'sections', text: mrkdwn('hi') }]))).toEqual([
      '[ERROR] unsupported type: sections [json-pointer:/blocks/0/type]',
    ]);
  });

  it('should reject a section with neither text nor fields', () => {
    expect(message([{ type: 'section', block_id: 'b' }])).toEqual([
      { pointer: '/blocks/0', message: 'missing required field: text' },
    ]);
    expect(message([{ type: 'section', fields: [mrkdwn('a')] }])).toEqual([]);
  });

  it('should reject 11 section fields', () => {
    const fields = Array.from({ length: 11 }, (_, i) => mrkdwn(`field ${i}`));
    expect(message([{ type: 'section', fields }])).toEqual([
      { pointer: '/blocks/0/fields', message: 'no more than 10 items allowed' },
    ]);
  });

  it('should reject 26 action elements', () => {
    const elements = Array.from({ length: 26 }, (_, i) => button(`b${i}`));
    expect(message([actions(...elements)])).toEqual([
      { pointer: '/blocks/0/elements', message: 'no more than 25 items allowed' },
    ]);
    expect(message([actions(...elements.slice(1))])).toEqual([]);
  });

  const over = (n: number) => `must be less than ${n} characters`;
  it.each<[string, unknown[], BlockProblem[]]>([
    ['a block that is not an object', ['divider'], [{ pointer: '/blocks/0', message: 'must provide an object' }]],
    ['a block without a type', [{ text: 'x' }], [{ pointer: '/blocks/0', message: 'missing required field: type' }]],
    [
      'an unknown top-level field on a block',
      [{ type: 'divider', colour: 'red' }],
      [{ pointer: '/blocks/0/colour', message: 'unsupported field' }],
    ],
    [
      'a field named like an Object.prototype member',
      [JSON.parse('{"type":"divider","constructor":1}')],
      [{ pointer: '/blocks/0/constructor', message: 'unsupported field' }],
    ],
    [
      'a block_id of 256 characters',
      [{ type: 'divider', block_id: chars(256) }],
      [{ pointer: '/blocks/0/block_id', message: over(256) }],
    ],
    [
      'an empty text',
      [section('')],
      [
        { pointer: '/blocks/0/text', message: 'failed to match all allowed schemas' },
        { pointer: '/blocks/0/text/text', message: 'must be more than 0 characters' },
      ],
    ],
    [
      'emoji on a mrkdwn text object',
      [{ type: 'section', text: { ...mrkdwn('a'), emoji: true } }],
      [
        { pointer: '/blocks/0/text', message: 'failed to match all allowed schemas' },
        { pointer: '/blocks/0/text/emoji', message: 'unsupported field' },
      ],
    ],
    [
      'a non-boolean emoji',
      [{ type: 'header', text: { ...plain('a'), emoji: 'yes' } }],
      [{ pointer: '/blocks/0/text/emoji', message: 'must provide a boolean' }],
    ],
    [
      'a mrkdwn header',
      [{ type: 'header', text: mrkdwn('a') }],
      [{ pointer: '/blocks/0/text/type', message: 'unsupported type: mrkdwn' }],
    ],
    [
      'a section field over 2000 characters',
      [{ type: 'section', fields: [mrkdwn(chars(2001))] }],
      [
        { pointer: '/blocks/0/fields/0', message: 'failed to match all allowed schemas' },
        { pointer: '/blocks/0/fields/0/text', message: over(2001) },
      ],
    ],
    [
      'an accessory that is not an element',
      [{ ...section(), accessory: { type: 'plain_text_input', action_id: 'a' } }],
      [{ pointer: '/blocks/0/accessory/type', message: 'unsupported type: plain_text_input' }],
    ],
    [
      'an image accessory without alt_text',
      [{ ...section(), accessory: { type: 'image', image_url: 'https://example.com/a.png' } }],
      [{ pointer: '/blocks/0/accessory', message: 'missing required field: alt_text' }],
    ],
    [
      '11 context elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('a')) }],
      [{ pointer: '/blocks/0/elements', message: 'no more than 10 items allowed' }],
    ],
    [
      'a button in a context block',
      [{ type: 'context', elements: [button('a')] }],
      [
        { pointer: '/blocks/0/elements/0', message: 'failed to match all allowed schemas' },
        { pointer: '/blocks/0/elements/0/type', message: 'unsupported type: button' },
      ],
    ],
    [
      'an unknown element type',
      [actions({ type: 'slider', action_id: 'a' })],
      [{ pointer: '/blocks/0/elements/0/type', message: 'unsupported type: slider' }],
    ],
    [
      'a button style other than primary or danger',
      [actions(button('a', { style: 'secondary' }))],
      [{ pointer: '/blocks/0/elements/0/style', message: 'must be one of [primary, danger]' }],
    ],
    [
      'a null button style (as Slack answers it)',
      [actions(button('a', { style: null }))],
      [{ pointer: '/blocks/0/elements/0/style', message: 'must provide a string' }],
    ],
    [
      'a button value of 2001 characters',
      [actions(button('a', { value: chars(2001) }))],
      [{ pointer: '/blocks/0/elements/0/value', message: over(2001) }],
    ],
    [
      'a button url of 3001 characters',
      [actions(button('a', { url: `https://e.com/${chars(2988)}` }))],
      [{ pointer: '/blocks/0/elements/0/url', message: over(3001) }],
    ],
    [
      'an action_id of 256 characters',
      [actions(button(chars(256)))],
      [{ pointer: '/blocks/0/elements/0/action_id', message: over(256) }],
    ],
    [
      'a button without text',
      [actions({ type: 'button', action_id: 'a' })],
      [{ pointer: '/blocks/0/elements/0', message: 'missing required field: text' }],
    ],
    [
      'an option text of 76 characters',
      [actions({ type: 'static_select', options: [option('v', chars(76))] })],
      [{ pointer: '/blocks/0/elements/0/options/0/text/text', message: over(76) }],
    ],
    [
      '101 select options',
      [actions({ type: 'static_select', options: Array.from({ length: 101 }, (_, i) => option(`o${i}`)) })],
      [{ pointer: '/blocks/0/elements/0/options', message: 'no more than 100 items allowed' }],
    ],
    [
      'a static select with neither options nor option_groups',
      [actions({ type: 'static_select', action_id: 's' })],
      [{ pointer: '/blocks/0/elements/0', message: 'missing required field: options' }],
    ],
    [
      'an option group label of 76 characters',
      [actions({ type: 'multi_static_select', option_groups: [{ label: plain(chars(76)), options: [option('a')] }] })],
      [{ pointer: '/blocks/0/elements/0/option_groups/0/label/text', message: over(76) }],
    ],
    [
      'an initial option that is not among the options',
      [actions({ type: 'static_select', options: [option('a')], initial_option: option('b') })],
      [{ pointer: '/blocks/0/elements/0/initial_option', message: 'must be one of the provided options' }],
    ],
    [
      'an overflow with one option',
      [actions({ type: 'overflow', options: [option('a')] })],
      [{ pointer: '/blocks/0/elements/0/options', message: 'no less than 2 items allowed' }],
    ],
    [
      'an overflow with six options',
      [actions({ type: 'overflow', options: ['a', 'b', 'c', 'd', 'e', 'f'].map((v) => option(v)) })],
      [{ pointer: '/blocks/0/elements/0/options', message: 'no more than 5 items allowed' }],
    ],
    [
      'checkboxes with 11 options',
      [actions({ type: 'checkboxes', options: Array.from({ length: 11 }, (_, i) => option(`o${i}`)) })],
      [{ pointer: '/blocks/0/elements/0/options', message: 'no more than 10 items allowed' }],
    ],
    [
      'radio buttons without options',
      [actions({ type: 'radio_buttons', action_id: 'r' })],
      [{ pointer: '/blocks/0/elements/0', message: 'missing required field: options' }],
    ],
    [
      'a datepicker with a malformed date',
      [actions({ type: 'datepicker', initial_date: '2024/01/31' })],
      [{ pointer: '/blocks/0/elements/0/initial_date', message: 'must match the format YYYY-MM-DD' }],
    ],
    [
      'a plain_text_input in an actions block',
      [actions({ type: 'plain_text_input', action_id: 'a' })],
      [{ pointer: '/blocks/0/elements/0/type', message: 'unsupported type: plain_text_input' }],
    ],
    [
      'an input label over 2000 characters',
      [{ type: 'input', label: plain(chars(2001)), element: { type: 'plain_text_input' } }],
      [{ pointer: '/blocks/0/label/text', message: over(2001) }],
    ],
    [
      'an input hint over 2000 characters',
      [input({ type: 'plain_text_input' }, { hint: plain(chars(2001)) })],
      [{ pointer: '/blocks/0/hint/text', message: over(2001) }],
    ],
    [
      'an input without element',
      [{ type: 'input', label: plain('L') }],
      [{ pointer: '/blocks/0', message: 'missing required field: element' }],
    ],
    [
      'non-boolean optional and dispatch_action',
      [input({ type: 'plain_text_input' }, { optional: 'true', dispatch_action: 1 })],
      [
        { pointer: '/blocks/0/optional', message: 'must provide a boolean' },
        { pointer: '/blocks/0/dispatch_action', message: 'must provide a boolean' },
      ],
    ],
    [
      'a plain_text_input max_length over 3000 and a non-boolean multiline',
      [input({ type: 'plain_text_input', max_length: 3001, multiline: 'yes' })],
      [
        { pointer: '/blocks/0/element/max_length', message: 'must be no more than 3000' },
        { pointer: '/blocks/0/element/multiline', message: 'must provide a boolean' },
      ],
    ],
    [
      'a number_input without is_decimal_allowed',
      [input({ type: 'number_input', action_id: 'n' })],
      [{ pointer: '/blocks/0/element', message: 'missing required field: is_decimal_allowed' }],
    ],
    [
      'an image block without image_url',
      [{ type: 'image', alt_text: 'a' }],
      [{ pointer: '/blocks/0', message: 'missing required field: image_url' }],
    ],
    [
      'a rich_text block with an unknown element',
      [{ type: 'rich_text', elements: [{ type: 'rich_text_paragraph', elements: [] }] }],
      [{ pointer: '/blocks/0/elements/0/type', message: 'unsupported type: rich_text_paragraph' }],
    ],
    [
      'a markdown block over 12000 characters',
      [{ type: 'markdown', text: chars(12001) }],
      [{ pointer: '/blocks/0/text', message: over(12001) }],
    ],
  ])('should reject %s', (_name, blocks, expected) => {
    expect(message(blocks)).toEqual(expected);
  });

  it('should reject blocks that are not an array', () => {
    expect(message({ type: 'divider' })).toEqual([{ pointer: '/blocks', message: 'must provide an array' }]);
  });

  it('should accept every supported block and element when well formed', () => {
    const blocks = [
      { type: 'markdown', text: '**Bold** update' },
      { type: 'image', image_url: 'https://example.com/graph.png', alt_text: 'error rate', title: plain('Errors') },
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_list',
            style: 'bullet',
            elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'a' }] }],
          },
        ],
      },
      {
        type: 'section',
        text: mrkdwn('Pick'),
        accessory: { type: 'checkboxes', options: [{ text: mrkdwn('*A*'), value: 'a', description: mrkdwn('_a_') }] },
      },
      actions(
        {
          type: 'multi_static_select',
          option_groups: [{ label: plain('G'), options: [option('a')] }],
          max_selected_items: 2,
        },
        {
          type: 'conversations_select',
          action_id: 'c',
          filter: { include: ['public', 'private'] },
          response_url_enabled: true,
        },
        { type: 'channels_select', action_id: 'ch', initial_channel: 'C1' },
        { type: 'multi_users_select', action_id: 'mu', initial_users: ['U1'] },
        { type: 'datepicker', action_id: 'd', initial_date: '2024-01-31' },
        { type: 'timepicker', action_id: 't', initial_time: '09:41' },
        { type: 'datetimepicker', action_id: 'dt', initial_date_time: 1700000000 },
        { type: 'radio_buttons', action_id: 'r', options: [option('a')], initial_option: option('a') },
      ),
      input({ type: 'plain_text_input', action_id: 'p', multiline: true, max_length: 3000 }, { optional: true }),
      input({ type: 'number_input', action_id: 'n', is_decimal_allowed: false, min_value: '1' }),
      input({ type: 'url_text_input', action_id: 'u' }),
      input({ type: 'email_text_input', action_id: 'e' }),
      input({ type: 'rich_text_input', action_id: 'rt' }, { dispatch_action: true }),
      input({
        type: 'checkboxes',
        action_id: 'cb',
        options: [option('a'), option('b')],
        initial_options: [option('b')],
      }),
    ];
    expect(message(blocks)).toEqual([]);
  });
});

describe('validateView', () => {
  it('should accept a well-formed modal and home tab', () => {
    expect(validateView(modal({ blocks: [input({ type: 'plain_text_input', action_id: 'a' })] }))).toEqual([]);
    expect(validateView({ type: 'home', blocks: [section()] })).toEqual([]);
  });

  it('should reject a 25-character modal title as the docs example does', () => {
    const messages = slack(validateView(modal({ title: plain(chars(25)) })));
    expect(messages).toEqual([
      '[ERROR] failed to match all allowed schemas [json-pointer:/view]',
      ...contract.titleTooLong.messages,
    ]);
    expect(validateView(modal({ title: plain(chars(24)) }))).toEqual([]);
  });

  it('should reject a view that is not an object exactly as Slack does', () => {
    expect(slack(validateView('{"type":"modal"}'))).toEqual(contract.viewNotAnObject.messages);
  });

  it('should reject 101 blocks in a modal', () => {
    const blocks = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    expect(validateView(modal({ blocks }))).toEqual([
      VIEW_FAILED,
      { pointer: '/view/blocks', message: 'no more than 100 items allowed' },
    ]);
    expect(validateView(modal({ blocks: blocks.slice(1) }))).toEqual([]);
  });

  it('should reject a modal with an input block but no submit', () => {
    const view = modal({ blocks: [input({ type: 'plain_text_input' })] });
    delete (view as Record<string, unknown>).submit;
    expect(validateView(view)).toEqual([VIEW_FAILED, { pointer: '/view', message: 'missing required field: submit' }]);
  });

  it('should reject a null submit as Slack does', () => {
    expect(slack(validateView(modal({ submit: null })))).toEqual([
      '[ERROR] failed to match all allowed schemas [json-pointer:/view]',
      '[ERROR] failed to match all allowed schemas [json-pointer:/view/submit]',
      '[ERROR] must provide an object [json-pointer:/view/submit]',
      '[ERROR] must provide an object [json-pointer:/view/submit]',
    ]);
  });

  it.each<[string, Record<string, unknown>, BlockProblem[]]>([
    [
      'an unknown view type',
      { type: 'dialog', blocks: [] },
      [{ pointer: '/view/type', message: 'unsupported type: dialog' }],
    ],
    [
      'a modal without title',
      { type: 'modal', blocks: [] },
      [{ pointer: '/view', message: 'missing required field: title' }],
    ],
    [
      'private_metadata over 3000 characters',
      modal({ private_metadata: chars(3001) }),
      [{ pointer: '/view/private_metadata', message: 'must be less than 3001 characters' }],
    ],
    [
      'a callback_id over 255 characters',
      modal({ callback_id: chars(256) }),
      [{ pointer: '/view/callback_id', message: 'must be less than 256 characters' }],
    ],
    [
      'an external_id over 255 characters',
      modal({ external_id: chars(256) }),
      [{ pointer: '/view/external_id', message: 'must be less than 256 characters' }],
    ],
    [
      'non-boolean clear_on_close and notify_on_close',
      modal({ clear_on_close: 'yes', notify_on_close: 0 }),
      [
        { pointer: '/view/clear_on_close', message: 'must provide a boolean' },
        { pointer: '/view/notify_on_close', message: 'must provide a boolean' },
      ],
    ],
    [
      'a close of 25 characters',
      modal({ close: plain(chars(25)) }),
      [
        { pointer: '/view/close', message: 'failed to match all allowed schemas' },
        { pointer: '/view/close/text', message: 'must be less than 24 characters' },
      ],
    ],
    [
      'a mrkdwn title',
      modal({ title: mrkdwn('Hi') }),
      [
        { pointer: '/view/title', message: 'failed to match all allowed schemas' },
        { pointer: '/view/title/type', message: 'unsupported type: mrkdwn' },
      ],
    ],
    ['an unknown view field', modal({ colour: 'red' }), [{ pointer: '/view/colour', message: 'unsupported field' }]],
    [
      'a duplicate block_id inside a view',
      modal({
        blocks: [
          { type: 'divider', block_id: 'd' },
          { type: 'divider', block_id: 'd' },
        ],
      }),
      [{ pointer: '/view/blocks/1/block_id', message: 'duplicate block_id' }],
    ],
  ])('should reject %s', (_name, view, expected) => {
    expect(validateView(view)).toEqual([VIEW_FAILED, ...expected]);
  });
});

describe('Slack contract payloads', () => {
  it.each(contract.payloads.map((p) => [p.source, p] as const))('should accept %s', (_source, payload) => {
    const problems =
      payload.kind === 'view'
        ? validateView(payload.value)
        : validateBlocks(payload.value, { pointer: '/blocks', maxBlocks: 50 });
    expect(problems).toEqual([]);
  });
});

describe('toSlackMessages', () => {
  it('should format problems as Slack lists them in response_metadata.messages', () => {
    expect(toSlackMessages([{ pointer: '/blocks/0/text/text', message: 'must be less than 151 characters' }])).toEqual([
      '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ]);
    expect(toSlackMessages([])).toEqual([]);
  });
});
