/** @module sandbox/block-actions — interactive elements on screen in blocks, and the action Slack reports on use. */
import type { Workspace } from './workspace.js';

/** An interactive element (button, menu, …) on screen, with the block it sits in. */
export interface Button {
  blockId: string;
  element: Record<string, unknown>;
}

/** Every interactive element in these blocks, with the block it sits in. */
function elementsOf(blocks: unknown): Button[] {
  const found: Button[] = [];
  if (!Array.isArray(blocks)) return found;
  for (const raw of blocks) {
    const block = raw as Record<string, unknown>;
    const blockId = String(block.block_id ?? '');
    const candidates: unknown[] = [];
    if (Array.isArray(block.elements)) candidates.push(...block.elements);
    if (block.accessory) candidates.push(block.accessory);
    if (block.element) candidates.push(block.element);
    for (const element of candidates) {
      if (element && typeof element === 'object' && 'action_id' in element) {
        found.push({ blockId, element: element as Record<string, unknown> });
      }
    }
  }
  return found;
}

/**
 * The element with this action_id (and value, when given) in `blocks`; fails like a test bug would, listing
 * what is on screen, when there is none.
 */
export function findElement(blocks: unknown, actionId: string, value?: string): Button {
  const candidates = elementsOf(blocks).filter((b) => b.element.action_id === actionId);
  const match = value === undefined ? candidates[0] : candidates.find((b) => b.element.value === value);
  if (!match) {
    const onScreen = elementsOf(blocks)
      .map((b) => `${String(b.element.action_id)}${b.element.value ? `=${String(b.element.value)}` : ''}`)
      .join(', ');
    throw new Error(`no element ${actionId}${value ? `=${value}` : ''} on screen (there is: ${onScreen || 'nothing'})`);
  }
  return match;
}

/** The entry in a block_actions payload's `actions` for using `target` (picking `selected` from a menu). */
export function actionOf(workspace: Workspace, target: Button, selected?: string): Record<string, unknown> {
  const { element, blockId } = target;
  const base = {
    action_id: element.action_id,
    block_id: blockId,
    type: element.type,
    action_ts: workspace.nextTs(),
  };
  if (element.type === 'button') return { ...base, text: element.text, value: element.value ?? '' };
  if (element.type === 'static_select' || element.type === 'overflow') {
    const option = ((element.options as Record<string, unknown>[] | undefined) ?? []).find((o) => o.value === selected);
    if (!option) throw new Error(`no option ${selected} in ${String(element.action_id)}`);
    return { ...base, selected_option: option };
  }
  if (element.type === 'users_select') return { ...base, selected_user: selected };
  return base;
}
