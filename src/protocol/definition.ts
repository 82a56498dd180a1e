/**
 * @module protocol/definition
 * What a protocol is: phases of steps, each step owned by a role, with optional inputs, target
 * durations per severity, and the status it moves the incident to. Loaded from templates/protocols/.
 */
import type { Severity } from '../incident/severity.js';
import type { Status } from '../incident/status.js';

/**
 * What warroom itself saw happen that completes a step (`completed_by` in a protocol): the changes
 * listed at the declare, a suspect named with [Suspect], a rollback confirmed, the rollback's deploy
 * reported, the status page published to (and published as resolved). The step's first input gets what
 * happened (the suspect, the target version, the deploy).
 */
export const STEP_TRIGGERS = [
  'changes-listed',
  'suspect-named',
  'rollback-requested',
  'rollback-deployed',
  'status-page-published',
  'status-page-resolved',
] as const;
export type StepTrigger = (typeof STEP_TRIGGERS)[number];

export interface StepInput {
  id: string;
  label: string;
  required: boolean;
  placeholder: string | undefined;
}

export interface StepDefinition {
  id: string;
  title: string;
  help: string;
  /** The role whose holder is nudged when the step runs late. */
  owner: string;
  inputs: StepInput[];
  /** How long after its phase starts the step should be done, per severity (ms); absent: no target. */
  targets: Partial<Record<Severity, number>>;
  /** Completing the step moves the incident forward to this status (never backwards). */
  setsStatus: Status | undefined;
  /** A message draft (templates/messages/<name>.md) offered with the step. */
  draft: string | undefined;
  /** What warroom sees happen that completes the step by itself (see STEP_TRIGGERS). */
  completedBy?: StepTrigger | undefined;
}

export interface PhaseDefinition {
  id: string;
  title: string;
  /** Starts at declare, alongside the others, instead of after the phase before it. */
  parallel: boolean;
  steps: StepDefinition[];
}

export interface Protocol {
  name: string;
  title: string;
  description: string;
  /** How often an update is due, per severity (ms); absent: no reminders. */
  updateCadence: Partial<Record<Severity, number>>;
  /**
   * Slower cadences for long incidents (`update_cadence_after`), by how long the incident has been open,
   * earliest first: once open `after` ms, updates are due every `every` ms when that is slower.
   */
  updateCadenceAfter: { after: number; every: number }[];
  phases: PhaseDefinition[];
}

/** The step with its phase and its number in the checklist (1-based, in display order). */
export interface NumberedStep {
  number: number;
  phase: PhaseDefinition;
  step: StepDefinition;
}

export function numberedSteps(protocol: Protocol): NumberedStep[] {
  let number = 0;
  return protocol.phases.flatMap((phase) => phase.steps.map((step) => ({ number: ++number, phase, step })));
}

/** The step that `trigger` completes, if the protocol has one. */
export function stepCompletedBy(protocol: Protocol, trigger: StepTrigger): NumberedStep | undefined {
  return numberedSteps(protocol).find((s) => s.step.completedBy === trigger);
}

/** Finds a step by its number (`3`) or id (`name-suspect`). */
export function findStep(protocol: Protocol, ref: string): NumberedStep | undefined {
  const steps = numberedSteps(protocol);
  const byNumber = /^\d+$/.test(ref) ? steps.find((s) => s.number === Number(ref)) : undefined;
  return byNumber ?? steps.find((s) => s.step.id === ref.toLowerCase());
}
