/** @module sandbox/validate/element-fields — fields elements share: type, action_id, focus, placeholder, confirm. */
import { confirm, plain } from './composition-objects.js';
import { any, bool, str } from './rules.js';

/** What every interactive element has. */
export const base = { type: any, action_id: str(255) };
/** An element that can take focus and shows a placeholder. */
export const focusable = { ...base, focus_on_load: bool, placeholder: plain(150) };
/** A focusable element that may ask for confirmation. */
export const confirmable = { ...focusable, confirm };
