/**
 * @module incident/decide-protocol
 * Protocol steps (done, skipped, blocked), update snoozes and re-posting the checklist. Completing a
 * step that names a status moves the incident forward to it, never backwards.
 */

import { findStep } from '../protocol/definition.js';
import { statusAfter, stepStatus } from '../protocol/progress.js';
import { type NewEvent, newEvent } from './events.js';
import type { Rules } from './rules.js';
import { protocolNamed } from './rules.js';
import type { IncidentState } from './state.js';

export type ProtocolCommand =
  | { type: 'completeStep'; step: string; inputs?: Record<string, string> | undefined }
  | { type: 'skipStep'; step: string; reason: string }
  | { type: 'blockStep'; step: string; reason: string }
  | { type: 'snoozeUpdates'; minutes: number }
  | { type: 'repostProtocol' };

export type ProtocolErrorCode = 'no_protocol' | 'unknown_step' | 'missing_input' | 'step_closed' | 'resolved';

export type ProtocolDecision =
  | { ok: true; events: NewEvent[]; note?: string }
  | { ok: false; error: { code: ProtocolErrorCode; message: string } };

const refuse = (code: ProtocolErrorCode, message: string): ProtocolDecision => ({
  ok: false,
  error: { code, message },
});

export function decideProtocol(
  state: IncidentState,
  command: ProtocolCommand,
  meta: { actor: string; at: number },
  rules: Rules,
): ProtocolDecision {
  const protocol = protocolNamed(rules, state.protocol);
  if (command.type === 'snoozeUpdates') {
    if (state.status === 'resolved') return refuse('resolved', `${state.id} is resolved; no updates are due.`);
    return { ok: true, events: [newEvent('UpdatesSnoozed', { until: meta.at + command.minutes * 60_000 }, meta)] };
  }
  if (!protocol) return refuse('no_protocol', `${state.id} runs no protocol.`);
  if (command.type === 'repostProtocol') return { ok: true, events: [newEvent('ProtocolReposted', {}, meta)] };
  if (state.status === 'resolved') {
    return refuse('resolved', `${state.id} is resolved; \`/incident reopen <reason>\` to work on its steps.`);
  }
  const found = findStep(protocol, command.step);
  if (!found) {
    const count = protocol.phases.reduce((n, p) => n + p.steps.length, 0);
    return refuse(
      'unknown_step',
      `There is no step \`${command.step}\`; steps are numbered 1 to ${count} (see \`/incident protocol\`).`,
    );
  }
  const { step, phase, number } = found;
  const current = stepStatus(state, step.id);
  const base = { step: step.id, phase: phase.id, title: step.title };
  switch (command.type) {
    case 'completeStep': {
      if (current === 'done') return { ok: true, events: [], note: `Step ${number} (${step.title}) is already done.` };
      const inputs = command.inputs ?? {};
      const missing = step.inputs.filter((input) => input.required && !inputs[input.id]?.trim());
      if (missing.length > 0) {
        const needs = missing.map((m) => m.label).join(', ');
        return refuse(
          'missing_input',
          `Step ${number} (${step.title}) needs: ${needs}. \`/incident step ${number} done <${missing[0]?.label}>\``,
        );
      }
      const kept = Object.fromEntries(
        step.inputs.filter((i) => inputs[i.id]?.trim()).map((i) => [i.id, (inputs[i.id] as string).trim()]),
      );
      const events: NewEvent[] = [
        newEvent('StepCompleted', { ...base, ...(Object.keys(kept).length > 0 ? { inputs: kept } : {}) }, meta),
      ];
      const to = statusAfter(state, step);
      if (to) events.push(newEvent('StatusChanged', { from: state.status, to, step: step.id }, meta));
      return { ok: true, events };
    }
    case 'skipStep':
    case 'blockStep': {
      if (current === 'done' || current === 'skipped') {
        return refuse('step_closed', `Step ${number} (${step.title}) is already ${current}.`);
      }
      const reason = command.reason.trim();
      if (!reason)
        return refuse(
          'missing_input',
          `Say why: \`/incident step ${number} ${command.type === 'skipStep' ? 'skip' : 'blocked'} <reason>\`.`,
        );
      const type = command.type === 'skipStep' ? 'StepSkipped' : 'StepBlocked';
      return { ok: true, events: [newEvent(type, { ...base, reason }, meta)] };
    }
  }
}
