/**
 * @module slack/ids
 * Every Slack identifier warroom owns: the slash command, action_ids, block_ids and callback_ids.
 * Listeners and Block Kit builders import them from here so the two never drift apart.
 */

export const SLASH_COMMAND = '/incident';

/** Buttons and menus, by action_id. */
export const Actions = {
  postUpdate: 'incident.post_update',
  changeStatus: 'incident.change_status',
  changeSeverity: 'incident.change_severity',
  resolve: 'incident.resolve',
  reopen: 'incident.reopen',
} as const;

/** Modals, by callback_id. */
export const Views = {
  declare: 'incident.declare',
  resolve: 'incident.resolve',
  update: 'incident.update',
  reopen: 'incident.reopen',
} as const;

/** Inputs inside modals: block_id and action_id are the same string. */
export const Inputs = {
  title: 'title',
  severity: 'severity',
  summary: 'summary',
  service: 'service',
  private: 'private',
  resolution: 'resolution',
  update: 'update',
  reason: 'reason',
} as const;

/** Block ids of the board's parts. */
export const BoardBlocks = {
  actions: 'board.actions',
} as const;
