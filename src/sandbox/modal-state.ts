/** @module sandbox/modal-state — the state.values of a submitted modal, and what the app's answer does to it. */
import type { SubmitResult } from './people.js';
import type { AppAnswer } from './transport.js';
import type { EmulatedView, Workspace } from './workspace.js';

/** A value typed or picked in a modal input, keyed by the element's action_id. */
export type InputValue = string | string[] | undefined;

/**
 * The state.values of `view` filled in with `values` (initial values elsewhere); throws where Slack would not
 * let the person submit, or when `values` names an input the modal does not have.
 */
export function stateOf(
  view: EmulatedView,
  values: Record<string, InputValue>,
): Record<string, Record<string, unknown>> {
  const state: Record<string, Record<string, unknown>> = {};
  const used = new Set<string>();
  const blocks = Array.isArray(view.view.blocks) ? (view.view.blocks as Record<string, unknown>[]) : [];
  for (const block of blocks) {
    if (block.type !== 'input') continue;
    const element = block.element as Record<string, unknown>;
    const actionId = String(element.action_id);
    const blockId = String(block.block_id);
    const value = values[actionId] ?? initialOf(element);
    used.add(actionId);
    if (
      (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) &&
      block.optional !== true
    ) {
      const label = (block.label as { text?: string } | undefined)?.text ?? actionId;
      throw new Error(`Slack would not submit: "${label}" is required`);
    }
    state[blockId] = { [actionId]: elementState(element, value) };
  }
  for (const key of Object.keys(values)) {
    if (!used.has(key)) throw new Error(`the open modal has no input ${key}`);
  }
  return state;
}

/** Applies the app's answer to a view_submission: field errors, an updated view, or the modal (or stack) closed. */
export function applyViewResponse(
  workspace: Workspace,
  view: EmulatedView,
  answer: AppAnswer,
): Pick<SubmitResult, 'errors' | 'closed' | 'refused'> {
  const body = (answer.json ?? {}) as { response_action?: string; errors?: Record<string, string>; view?: unknown };
  if (answer.status !== 200) return { errors: undefined, closed: false };
  if (body.response_action === 'errors') {
    // Slack shows field errors only under input blocks; any other block_id fails the whole answer.
    const inputs = new Set(
      (Array.isArray(view.view.blocks) ? (view.view.blocks as Record<string, unknown>[]) : [])
        .filter((b) => b.type === 'input')
        .map((b) => String(b.block_id)),
    );
    const stray = Object.keys(body.errors ?? {}).filter((id) => !inputs.has(id));
    if (stray.length > 0) {
      return {
        errors: undefined,
        closed: false,
        refused: `response_action errors names blocks that are not input blocks: ${stray.join(', ')}`,
      };
    }
    return { errors: body.errors ?? {}, closed: false };
  }
  if (body.response_action === 'update' && body.view) {
    view.view = body.view as Record<string, unknown>;
    return { errors: undefined, closed: false };
  }
  if (body.response_action === 'clear') {
    for (const v of workspace.views.values()) if (v.rootId === view.rootId) v.closed = true;
    return { errors: undefined, closed: true };
  }
  view.closed = true;
  return { errors: undefined, closed: true };
}

function initialOf(element: Record<string, unknown>): InputValue {
  if (typeof element.initial_value === 'string') return element.initial_value;
  const option = element.initial_option as { value?: string } | undefined;
  if (option?.value) return option.value;
  if (typeof element.initial_user === 'string') return element.initial_user;
  if (typeof element.initial_date === 'string') return element.initial_date;
  if (typeof element.initial_time === 'string') return element.initial_time;
  if (Array.isArray(element.initial_options)) {
    return (element.initial_options as { value: string }[]).map((o) => o.value);
  }
  return undefined;
}

function optionsOf(element: Record<string, unknown>): Record<string, unknown>[] {
  const direct = (element.options as Record<string, unknown>[] | undefined) ?? [];
  const grouped = ((element.option_groups as { options: Record<string, unknown>[] }[] | undefined) ?? []).flatMap(
    (g) => g.options,
  );
  return [...direct, ...grouped];
}

function pickOption(element: Record<string, unknown>, value: string): Record<string, unknown> {
  const option = optionsOf(element).find((o) => o.value === value);
  if (!option) throw new Error(`no option ${value} in ${String(element.action_id)}`);
  return option;
}

/** What Slack puts in view.state.values for one element. */
function elementState(element: Record<string, unknown>, value: InputValue): Record<string, unknown> {
  const type = element.type;
  const one = Array.isArray(value) ? value[0] : value;
  const many = Array.isArray(value) ? value : value === undefined ? [] : [value];
  switch (type) {
    case 'static_select':
    case 'radio_buttons':
      return { type, selected_option: one === undefined ? null : pickOption(element, one) };
    case 'checkboxes':
    case 'multi_static_select':
      return { type, selected_options: many.map((v) => pickOption(element, v)) };
    case 'users_select':
      return { type, selected_user: one ?? null };
    case 'multi_users_select':
      return { type, selected_users: many };
    case 'conversations_select':
      return { type, selected_conversation: one ?? null };
    case 'channels_select':
      return { type, selected_channel: one ?? null };
    case 'datepicker':
      return { type, selected_date: one ?? null };
    case 'timepicker':
      return { type, selected_time: one ?? null };
    default:
      if (typeof element.max_length === 'number' && one && one.length > element.max_length) {
        throw new Error(
          `Slack would not accept more than ${element.max_length} characters in ${String(element.action_id)}`,
        );
      }
      return { type, value: one ?? null };
  }
}
