/**
 * @module incident/decide-changes
 * What changed, in the incident: the changes listed, a suspect named, a rollback confirmed and what
 * became of it, and the deploys that land while the incident is open. Steps of the protocol that these
 * complete (`completed_by`) are completed with them, moving the status as the typed step would.
 */
import { type NumberedStep, type StepTrigger, stepCompletedBy } from '../protocol/definition.js';
import { decideProtocol } from './decide-protocol.js';
import { type DeploySnapshot, type NewEvent, newEvent } from './events.js';
import { protocolNamed, type Rules } from './rules.js';
import { activeRollback, currentSuspect, type IncidentState, ownEntry } from './state.js';

export type DriverKind = 'github_workflow' | 'argocd' | 'webhook';

export type ChangeCommand =
  | { type: 'listChanges'; window: number; count: number }
  | { type: 'nameSuspect'; deploy: DeploySnapshot; target?: DeploySnapshot | undefined }
  | {
      type: 'requestRollback';
      rollbackId: string;
      service: string;
      environment: string;
      current?: string | undefined;
      target: { version: string; deployId?: string | undefined };
      driver: DriverKind;
      plan: string;
      alsoRollsBack?: string[] | undefined;
    }
  | { type: 'recordRollbackDispatched'; rollbackId: string; remote?: string | undefined; url?: string | undefined }
  | { type: 'recordRollbackFailed'; rollbackId: string; system: string; error: string }
  | { type: 'recordDeploy'; deploy: DeploySnapshot; state: string; frozen: boolean };

export type ChangeErrorCode = 'resolved' | 'not_allowed' | 'rollback_running';

export type ChangeDecision =
  | { ok: true; events: NewEvent[]; note?: string }
  | { ok: false; error: { code: ChangeErrorCode; message: string } };

const DEPLOY_STATES = new Set(['queued', 'pending', 'in_progress', 'success', 'failure', 'error', 'inactive']);

/** Who may start a rollback: the commander, and whoever holds ops (only ops changes production). */
export const ROLLBACK_ROLES = ['commander', 'ops'] as const;

/** `payments-api 2026.11.28-3 (4f2a1c9)`, what a step's input reads when warroom fills it. */
export function describeDeploy(deploy: Pick<DeploySnapshot, 'service' | 'version' | 'commit'>): string {
  const commit = deploy.commit ? ` (${deploy.commit.slice(0, 7)})` : '';
  return `${deploy.service} ${deploy.version}${commit}`;
}

/** The events of completing the step `trigger` completes, with `value` in its first input. */
export function completeBy(
  state: IncidentState,
  trigger: StepTrigger,
  value: string | undefined,
  meta: { actor: string; at: number },
  rules: Rules,
): NewEvent[] {
  const protocol = protocolNamed(rules, state.protocol);
  const numbered: NumberedStep | undefined = protocol ? stepCompletedBy(protocol, trigger) : undefined;
  if (!numbered) return [];
  const input = numbered.step.inputs[0];
  const inputs = input && value ? { [input.id]: value.slice(0, 2000) } : undefined;
  const decision = decideProtocol(state, { type: 'completeStep', step: numbered.step.id, inputs }, meta, rules);
  return decision.ok ? decision.events : [];
}

/** The state after `events` as far as steps go (so a second step completion sees the first). */
function withSteps(state: IncidentState, events: readonly NewEvent[]): IncidentState {
  let next = state;
  for (const event of events) {
    if (event.type === 'StepCompleted') {
      next = {
        ...next,
        steps: {
          ...next.steps,
          [event.data.step]: {
            phase: event.data.phase,
            status: 'done',
            at: event.at,
            by: event.actor,
            inputs: event.data.inputs,
            reason: undefined,
          },
        },
      };
    }
    if (event.type === 'StatusChanged') next = { ...next, status: event.data.to };
  }
  return next;
}

export function decideChanges(
  state: IncidentState,
  command: ChangeCommand,
  meta: { actor: string; at: number },
  rules: Rules,
): ChangeDecision {
  const ok = (events: NewEvent[], note?: string): ChangeDecision => ({ ok: true, events, ...(note ? { note } : {}) });
  const open = state.status !== 'resolved';
  switch (command.type) {
    case 'listChanges': {
      const listed = newEvent('ChangesListed', { window: command.window, count: command.count }, meta);
      return ok([listed, ...completeBy(state, 'changes-listed', `${command.count} deploys listed`, meta, rules)]);
    }
    case 'nameSuspect': {
      if (!open)
        return {
          ok: false,
          error: {
            code: 'resolved',
            message: `${state.id} is resolved; \`/incident reopen <reason>\` to name a suspect.`,
          },
        };
      if (currentSuspect(state)?.deploy.deployId === command.deploy.deployId) {
        return ok([], `${describeDeploy(command.deploy)} is already the suspect.`);
      }
      const data = command.target ? { deploy: command.deploy, target: command.target } : { deploy: command.deploy };
      return ok([
        newEvent('SuspectNamed', data, meta),
        ...completeBy(state, 'suspect-named', describeDeploy(command.deploy), meta, rules),
      ]);
    }
    case 'requestRollback': {
      if (!open)
        return { ok: false, error: { code: 'resolved', message: `${state.id} is resolved; nothing is rolled back.` } };
      if (ownEntry(state.rollbacks, command.rollbackId)) return ok([], 'That rollback is already confirmed.');
      const holders = ROLLBACK_ROLES.map((role) => state.roles[role]).filter(Boolean);
      if (!holders.includes(meta.actor)) {
        const who = holders.map((u) => `<@${u}>`).join(' or ');
        return {
          ok: false,
          error: {
            code: 'not_allowed',
            message: `Only the commander or ops can start a rollback (${who}); nothing was started.`,
          },
        };
      }
      const running = activeRollback(state);
      if (running) {
        return {
          ok: false,
          error: {
            code: 'rollback_running',
            message: `A rollback of ${running.service} to ${running.target.version} is under way; nothing new was started. Wait for it to be deployed or to fail.`,
          },
        };
      }
      const { type: _type, ...data } = command;
      const requested = newEvent('RollbackRequested', dropUndefined(data), meta);
      return ok([requested, ...completeBy(state, 'rollback-requested', command.target.version, meta, rules)]);
    }
    case 'recordRollbackDispatched': {
      const rollback = ownEntry(state.rollbacks, command.rollbackId);
      // Deployed before its dispatch was noted (the answer was lost): the remote id still goes on record.
      const noted =
        rollback?.status === 'requested' || (rollback?.status === 'deployed' && rollback.remote === undefined);
      if (!noted) return ok([], 'Nothing to record.');
      return ok([
        newEvent(
          'RollbackDispatched',
          dropUndefined({ rollbackId: command.rollbackId, remote: command.remote, url: command.url }),
          meta,
        ),
      ]);
    }
    case 'recordRollbackFailed': {
      const rollback = ownEntry(state.rollbacks, command.rollbackId);
      if (!rollback || (rollback.status !== 'requested' && rollback.status !== 'dispatched'))
        return ok([], 'Nothing to record.');
      return ok([
        newEvent(
          'RollbackFailed',
          { rollbackId: command.rollbackId, system: command.system, error: command.error },
          meta,
        ),
      ]);
    }
    case 'recordDeploy': {
      if (!open) return ok([], `${state.id} is resolved.`);
      const state_ = DEPLOY_STATES.has(command.state) ? command.state : 'success';
      const running = activeRollback(state);
      const isRollback =
        running !== undefined &&
        running.service === command.deploy.service &&
        running.environment === command.deploy.environment &&
        running.target.version === command.deploy.version;
      const landed = newEvent(
        'DeployLanded',
        {
          deploy: command.deploy,
          state: state_ as 'success',
          frozen: command.frozen,
          ...(isRollback && running ? { rollbackId: running.rollbackId } : {}),
        },
        meta,
      );
      if (!isRollback || !running) return ok([landed]);
      if (state_ === 'success') {
        const deployed = newEvent('RollbackDeployed', { rollbackId: running.rollbackId, deploy: command.deploy }, meta);
        const after = withSteps(state, [landed, deployed]);
        return ok([
          landed,
          deployed,
          ...completeBy(after, 'rollback-deployed', describeDeploy(command.deploy), meta, rules),
        ]);
      }
      if (state_ === 'failure' || state_ === 'error') {
        const failed = newEvent(
          'RollbackFailed',
          {
            rollbackId: running.rollbackId,
            system: command.deploy.source,
            error: `the deploy of ${command.deploy.version} reported ${state_}`,
          },
          meta,
        );
        return ok([landed, failed]);
      }
      return ok([landed]);
    }
  }
}

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
