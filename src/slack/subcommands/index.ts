/**
 * @module slack/subcommands
 * The `/incident` subcommands, in the order `/incident help` lists them.
 */
import { changesSubcommand } from './changes.js';
import { declareSubcommand } from './declare.js';
import { exportSubcommand, timelineSubcommand } from './export.js';
import { followupSubcommand, followupsSubcommand } from './followups.js';
import { briefSubcommand, handoffSubcommand } from './handoff.js';
import { helpSubcommand } from './help.js';
import { linksSubcommand } from './links.js';
import { listSubcommand } from './list.js';
import { noteSubcommand } from './note.js';
import { inviteSubcommand, pageSubcommand } from './page.js';
import { startedSubcommand } from './postmortem.js';
import { postmortemSubcommand } from './postmortem-status.js';
import { draftSubcommand, protocolSubcommand, stepSubcommand } from './protocol.js';
import { reopenSubcommand } from './reopen.js';
import { resolveSubcommand } from './resolve.js';
import { roleSubcommand, rolesSubcommand, unassignSubcommand } from './role.js';
import { serviceSubcommand } from './service.js';
import { severitySubcommand } from './severity.js';
import { statusSubcommand } from './status.js';
import { statuspageSubcommand } from './statuspage.js';
import type { Subcommand } from './types.js';
import { updateSubcommand } from './update.js';

export function allSubcommands(): readonly Subcommand[] {
  const list: Subcommand[] = [
    declareSubcommand,
    statusSubcommand,
    severitySubcommand,
    serviceSubcommand,
    updateSubcommand,
    noteSubcommand,
    stepSubcommand,
    changesSubcommand,
    protocolSubcommand,
    draftSubcommand,
    statuspageSubcommand,
    pageSubcommand,
    inviteSubcommand,
    roleSubcommand,
    rolesSubcommand,
    unassignSubcommand,
    handoffSubcommand,
    briefSubcommand,
    resolveSubcommand,
    reopenSubcommand,
    startedSubcommand,
    followupSubcommand,
    followupsSubcommand,
    postmortemSubcommand,
    timelineSubcommand,
    exportSubcommand,
    linksSubcommand,
    listSubcommand,
  ];
  list.push(helpSubcommand(() => list));
  return list;
}
