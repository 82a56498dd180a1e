/**
 * @module slack/ids
 * Every Slack identifier warroom owns: the slash command, action_ids, block_ids and callback_ids.
 * Listeners and Block Kit builders import them from here so the two never drift apart.
 */

export const SLASH_COMMAND = '/incident';
