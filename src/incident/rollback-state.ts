/**
 * @module incident/rollback-state
 * The deploys an incident is about, folded from its events: the suspects named, the rollbacks asked
 * for and how each went, and the deploys that landed while it was open. Pure.
 */
import type { DeploySnapshot, RecordedEvent } from './events.js';
import { ownEntry } from './own-entry.js';

export interface SuspectRecord {
  deploy: DeploySnapshot;
  /** What was live before it, when known: where a rollback goes. */
  target: DeploySnapshot | undefined;
  at: number;
  by: string;
}

export type RollbackStatus = 'requested' | 'dispatched' | 'failed' | 'deployed';

export interface RollbackRecord {
  rollbackId: string;
  service: string;
  environment: string;
  current: string | undefined;
  target: { version: string; deployId: string | undefined };
  driver: 'github_workflow' | 'argocd' | 'webhook';
  plan: string;
  status: RollbackStatus;
  requestedAt: number;
  by: string;
  remote: string | undefined;
  url: string | undefined;
  error: string | undefined;
  deployedAt: number | undefined;
  deploy: DeploySnapshot | undefined;
}

export interface LandedDeploy {
  deploy: DeploySnapshot;
  state: string;
  frozen: boolean;
  rollbackId: string | undefined;
  at: number;
}

/** The part of an incident's state this fold keeps. */
export interface ChangesState {
  suspects: SuspectRecord[];
  rollbacks: Record<string, RollbackRecord>;
  rollbackOrder: string[];
  deploysDuring: LandedDeploy[];
}

type ChangesEvent = Extract<
  RecordedEvent,
  {
    type:
      | 'SuspectNamed'
      | 'RollbackRequested'
      | 'RollbackDispatched'
      | 'RollbackFailed'
      | 'RollbackDeployed'
      | 'DeployLanded';
  }
>;

/** What one of these events changes in the state (only the fields it changes). */
export function evolveChanges(state: ChangesState, event: ChangesEvent): Partial<ChangesState> {
  switch (event.type) {
    case 'SuspectNamed':
      return {
        suspects: [
          ...state.suspects,
          { deploy: event.data.deploy, target: event.data.target, at: event.at, by: event.actor },
        ],
      };
    case 'RollbackRequested': {
      const d = event.data;
      return {
        rollbacks: {
          ...state.rollbacks,
          [d.rollbackId]: {
            rollbackId: d.rollbackId,
            service: d.service,
            environment: d.environment,
            current: d.current,
            target: { version: d.target.version, deployId: d.target.deployId },
            driver: d.driver,
            plan: d.plan,
            status: 'requested',
            requestedAt: event.at,
            by: event.actor,
            remote: undefined,
            url: undefined,
            error: undefined,
            deployedAt: undefined,
            deploy: undefined,
          },
        },
        rollbackOrder: [...state.rollbackOrder, d.rollbackId],
      };
    }
    case 'RollbackDispatched':
    case 'RollbackFailed':
    case 'RollbackDeployed': {
      const known = ownEntry(state.rollbacks, event.data.rollbackId);
      if (!known) return {};
      const changed: RollbackRecord =
        event.type === 'RollbackDispatched'
          ? {
              ...known,
              status: known.status === 'deployed' ? 'deployed' : 'dispatched',
              remote: event.data.remote,
              url: event.data.url,
            }
          : event.type === 'RollbackFailed'
            ? { ...known, status: 'failed', error: event.data.error }
            : { ...known, status: 'deployed', deployedAt: event.at, deploy: event.data.deploy };
      return { rollbacks: { ...state.rollbacks, [event.data.rollbackId]: changed } };
    }
    case 'DeployLanded':
      return {
        deploysDuring: [
          ...state.deploysDuring,
          {
            deploy: event.data.deploy,
            state: event.data.state,
            frozen: event.data.frozen,
            rollbackId: event.data.rollbackId,
            at: event.at,
          },
        ],
      };
  }
}
