/**
 * @module sandbox/argocd/triggers
 * The three triggers warroom subscribes to, evaluated as notifications-engine does: each condition
 * is the catalog's `when` (the expression text is checked against the config file, so the two cannot
 * drift), and each fires once per `oncePer` value, remembered for good: the engine never forgets a
 * oncePer key when the condition turns false (notifications-engine pkg/controller/state.go), so a
 * revision notified once is not notified again, even after a rollback to it.
 */
import { type Application, SUBSCRIBE_PREFIX, type TriggerName } from './application.js';

export interface TriggerDefinition {
  /** The `when` expression, as the config file must hold it (whitespace aside). */
  when: string;
  oncePer: string;
  holds(app: Application): boolean;
}

const ONCE_PER = 'app.status.operationState?.syncResult?.revision';
const MINUTE = 60_000;

export const TRIGGERS: Record<TriggerName, TriggerDefinition> = {
  'on-deployed': {
    when: "app.status.operationState != nil and app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy' and (!time.Parse(app.status.health.lastTransitionTime).Add(1 * time.Minute).Before(time.Parse(app.status.operationState.finishedAt)) or time.Parse(app.status.health.lastTransitionTime).Before(time.Parse(app.status.operationState.startedAt)))",
    oncePer: ONCE_PER,
    holds: (app) => {
      const op = app.status.operationState;
      if (op?.phase !== 'Succeeded' || app.status.health.status !== 'Healthy') return false;
      const transition = Date.parse(app.status.health.lastTransitionTime);
      const finished = Date.parse(op.finishedAt ?? '');
      return !(transition + MINUTE < finished) || transition < Date.parse(op.startedAt);
    },
  },
  'on-sync-failed': {
    when: "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']",
    oncePer: ONCE_PER,
    holds: (app) => ['Error', 'Failed'].includes(app.status.operationState?.phase ?? ''),
  },
  'on-health-degraded': {
    when: "app.status.health.status == 'Degraded'",
    oncePer: ONCE_PER,
    holds: (app) => app.status.health.status === 'Degraded',
  },
};

export function normalizeExpression(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
}

/** The triggers `app` subscribes `service` to, by its annotations. */
export function subscribedTriggers(app: Application, service: string): TriggerName[] {
  return (Object.keys(TRIGGERS) as TriggerName[]).filter(
    (trigger) => `${SUBSCRIBE_PREFIX}${trigger}.${service}` in app.metadata.annotations,
  );
}

/** The value of the triggers' oncePer expression ('' when the app has no sync result). */
export function oncePerValue(app: Application): string {
  return app.status.operationState?.syncResult?.revision ?? '';
}

/** notifications-engine's per-app record of what it already sent. */
export class NotifiedState {
  private readonly keys = new Set<string>();

  /**
   * Records the trigger's current result and says whether to send now: true only when the
   * condition holds and this (oncePer value, trigger) was not notified before.
   */
  update(trigger: TriggerName, oncePer: string, holds: boolean): boolean {
    const key = `${oncePer}:${trigger}`;
    if (holds) {
      if (this.keys.has(key)) return false;
      this.keys.add(key);
      return true;
    }
    // A oncePer key is never forgotten; one without a oncePer value is, so it can fire again.
    if (oncePer === '') this.keys.delete(key);
    return false;
  }

  /** Marks a revision as already notified for a trigger, as if sent before the emulator started. */
  remember(trigger: TriggerName, oncePer: string): void {
    this.keys.add(`${oncePer}:${trigger}`);
  }
}
