/**
 * @module protocol/progress
 * Where an incident is in its protocol, derived from its state: which steps are open, when each
 * phase started, when a step is due, how far each phase is, and when the next update is due.
 */
import type { IncidentState, StepRecord } from '../incident/state.js';
import { STATUSES, type Status } from '../incident/status.js';
import type { NumberedStep, PhaseDefinition, Protocol, StepDefinition } from './definition.js';
import { numberedSteps } from './definition.js';

export type StepStatus = 'open' | 'done' | 'skipped' | 'blocked';

export function stepStatus(state: IncidentState, stepId: string): StepStatus {
  return state.steps[stepId]?.status ?? 'open';
}

/** Done or skipped: nothing more to do. A blocked step is still open. */
export function isClosed(record: StepRecord | undefined): boolean {
  return record?.status === 'done' || record?.status === 'skipped';
}

/**
 * When a phase started: at declare for the first phase and parallel ones; for the others, when the
 * phase before was finished or when one of its own steps was first acted on, whichever came first.
 */
export function phaseStartedAt(state: IncidentState, protocol: Protocol, index: number): number | undefined {
  const phase = protocol.phases[index];
  if (!phase) return undefined;
  if (index === 0 || phase.parallel) return state.declaredAt;
  const candidates: number[] = [];
  const previous = protocol.phases
    .slice(0, index)
    .filter((p) => !p.parallel)
    .at(-1);
  if (previous) {
    const records = previous.steps.map((s) => state.steps[s.id]);
    if (records.length > 0 && records.every(isClosed)) candidates.push(Math.max(...records.map((r) => r?.at ?? 0)));
  }
  for (const step of phase.steps) {
    const record = state.steps[step.id];
    if (record) candidates.push(record.at);
  }
  return candidates.length > 0 ? Math.min(...candidates) : undefined;
}

/** When the step should be done, for the incident's current severity; undefined if no target yet. */
export function stepDueAt(state: IncidentState, protocol: Protocol, step: NumberedStep): number | undefined {
  const target = step.step.targets[state.severity];
  const index = protocol.phases.indexOf(step.phase);
  const start = phaseStartedAt(state, protocol, index);
  return target === undefined || start === undefined ? undefined : start + target;
}

export interface PhaseProgress {
  phase: PhaseDefinition;
  closed: number;
  total: number;
  startedAt: number | undefined;
}

export function phaseProgress(state: IncidentState, protocol: Protocol): PhaseProgress[] {
  return protocol.phases.map((phase, index) => ({
    phase,
    closed: phase.steps.filter((s) => isClosed(state.steps[s.id])).length,
    total: phase.steps.length,
    startedAt: phaseStartedAt(state, protocol, index),
  }));
}

/** Open steps (not done or skipped) whose phase has started, in checklist order. */
export function openSteps(state: IncidentState, protocol: Protocol): NumberedStep[] {
  return numberedSteps(protocol).filter((s) => !isClosed(state.steps[s.step.id]));
}

/**
 * How often updates are due at `at`: the severity's cadence, or the protocol's slower one once the
 * incident has been open long enough (`update_cadence_after`); none when the severity has no cadence.
 * @example
 * updateCadence(state, protocol, state.declaredAt + 3 * 3_600_000) // 3_600_000 with { 2h: 60m }
 */
export function updateCadence(state: IncidentState, protocol: Protocol | undefined, at: number): number | undefined {
  const normal = protocol?.updateCadence[state.severity];
  if (normal === undefined) return undefined;
  const open = at - state.declaredAt;
  const slower = protocol?.updateCadenceAfter.filter((c) => open >= c.after).at(-1);
  return slower && slower.every > normal ? slower.every : normal;
}

/**
 * When the next status update is due (none when resolved or the severity has no cadence): the time the
 * last update promised, else the cadence in force when it was posted (or at the declare) after it.
 */
export function nextUpdateDue(state: IncidentState, protocol: Protocol | undefined): number | undefined {
  if (state.status === 'resolved') return undefined;
  const base = state.lastUpdate?.at ?? state.declaredAt;
  const cadence = updateCadence(state, protocol, base);
  if (cadence === undefined) return undefined;
  const promised = state.lastUpdate?.nextUpdateBy ?? base + cadence;
  return Math.max(promised, state.snoozedUntil ?? 0);
}

/** The status completing this step moves the incident to, if that is forward from where it is. */
export function statusAfter(state: IncidentState, step: StepDefinition): Status | undefined {
  const target = step.setsStatus;
  if (!target || state.status === 'resolved') return undefined;
  return STATUSES.indexOf(target) > STATUSES.indexOf(state.status) ? target : undefined;
}
