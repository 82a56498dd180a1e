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
  takeRole: 'role.take',
  handOffRole: 'role.hand_off',
  acceptHandoff: 'handoff.accept',
  declineHandoff: 'handoff.decline',
  stepDone: 'step.done',
  stepSkip: 'step.skip',
  stepBlock: 'step.block',
  stepDraft: 'step.draft',
  reminderPostUpdate: 'reminder.post_update',
  exportMarkdown: 'export.md',
  exportHtml: 'export.html',
  reminderSnooze15: 'reminder.snooze_15',
  reminderSnooze30: 'reminder.snooze_30',
  suspectDeploy: 'changes.suspect',
  startRollback: 'rollback.start',
  metricImpactStart: 'metric.impact_start',
  metricVerifyRecovery: 'metric.verify_recovery',
  metricBackToIdentify: 'metric.back_to_identify',
  /** Followed by `.<user>`: one button per on-call person (action ids are unique within a message). */
  onCallInvite: 'oncall.invite',
  onCallSeatOps: 'oncall.seat_ops',
  onCallHandoff: 'oncall.handoff',
  /** Followed by `.<follow-up id>`. */
  fileFollowUp: 'followup.file',
  addFollowUp: 'incident.add_followup',
} as const;

/** Modals, by callback_id. */
export const Views = {
  declare: 'incident.declare',
  resolve: 'incident.resolve',
  update: 'incident.update',
  reopen: 'incident.reopen',
  roles: 'incident.roles',
  handoff: 'incident.handoff',
  decline: 'handoff.decline',
  stepDone: 'step.done',
  stepReason: 'step.reason',
  draft: 'draft',
  rollback: 'rollback.confirm',
  statusPage: 'statuspage.publish',
  followUp: 'followup.add',
} as const;

/** Inputs inside modals: block_id and action_id are the same string. */
export const Inputs = {
  title: 'title',
  severity: 'severity',
  summary: 'summary',
  service: 'service',
  private: 'private',
  resolution: 'resolution',
  postmortemOwner: 'postmortem_owner',
  followUpText: 'followup_text',
  followUpOwner: 'followup_owner',
  followUpDue: 'followup_due',
  followUpPriority: 'followup_priority',
  reviewDate: 'review_date',
  update: 'update',
  updateImpact: 'update.impact',
  updateKnown: 'update.known',
  updateDoing: 'update.doing',
  updateNext: 'update.next',
  reason: 'reason',
  receiver: 'receiver',
  protocol: 'protocol',
  rollbackTarget: 'rollback.target',
  rollbackAlso: 'rollback.also',
  rollbackNote: 'rollback.note',
  statusPageName: 'statuspage.name',
  statusPageBody: 'statuspage.body',
  statusPageStatus: 'statuspage.status',
  statusPageNotify: 'statuspage.notify',
} as const;

/** The block_id (and action_id) of a step input in the step modal. */
export const stepInput = (input: string) => `input.${input}`;

/** Block ids of a protocol phase message. */
export const StepBlocks = {
  actions: (step: string) => `step.${step}`,
} as const;

/** The block_id of the roles modal's picker for one role. */
export const roleInput = (role: string) => `role.${role}`;

/** Block ids of the board's parts. */
export const BoardBlocks = {
  actions: 'board.actions',
  role: (role: string) => `board.role.${role}`,
} as const;

/** Block ids of a handoff offer message. */
export const HandoffBlocks = {
  answer: (offerId: string) => `handoff.${offerId}`,
} as const;
