/**
 * @module slack/blocks/severity-options
 * The options of every severity and status menu, each carrying what it means (templates/definitions.yaml)
 * as its description, so the definition shows where the choice is made; and the same definitions as a
 * message, for `/incident severity` with nothing after it.
 */
import type { PlainTextOption } from '@slack/types';
import { DEFAULT_DEFINITIONS, type Definitions } from '../../incident/definitions.js';
import { SEVERITIES, SEVERITY_INFO, type Severity, severityLabel } from '../../incident/severity.js';
import { STATUSES, type Status, statusLabel } from '../../incident/status.js';
import { mrkdwnWithin, truncate } from '../text.js';

export interface SeverityOptionLook {
  /** Put the severity's colour before its label (`🔴 SEV1`), as the declare form does. */
  emoji?: boolean;
}

function withDescription(text: string, value: string, description: string): PlainTextOption {
  return {
    text: { type: 'plain_text', text: truncate(text, 75) },
    description: { type: 'plain_text', text: truncate(description, 75) },
    value,
  };
}

/**
 * One severity as a menu option. Use it for `initial_option` too: Slack wants the initial option to be
 * one of the options exactly, description included.
 * @example
 * severityOption('sev1', templates.definitions)
 * // { text: 'SEV1', description: 'Critical: customers cannot use a core feature, or data is at risk', value: 'sev1' }
 */
export function severityOption(
  severity: Severity,
  definitions: Definitions = DEFAULT_DEFINITIONS,
  look: SeverityOptionLook = {},
): PlainTextOption {
  const label = severityLabel(severity);
  const text = look.emoji ? `${SEVERITY_INFO[severity].emoji} ${label}` : label;
  return withDescription(text, severity, definitions.severities[severity]);
}

/** Every severity, most severe first, each with its definition. */
export function severityOptions(
  definitions: Definitions = DEFAULT_DEFINITIONS,
  look: SeverityOptionLook = {},
): PlainTextOption[] {
  return SEVERITIES.map((s) => severityOption(s, definitions, look));
}

/** One status as a menu option (also for `initial_option`), with its definition. */
export function statusOption(status: Status, definitions: Definitions = DEFAULT_DEFINITIONS): PlainTextOption {
  return withDescription(statusLabel(status), status, definitions.statuses[status]);
}

/** The statuses a menu offers, in their usual order: all but Resolved, which only `/incident resolve` sets. */
export function statusOptions(definitions: Definitions = DEFAULT_DEFINITIONS): PlainTextOption[] {
  return STATUSES.filter((s) => s !== 'resolved').map((s) => statusOption(s, definitions));
}

/**
 * Each severity with what it means, and the rule for doubt: the answer to `/incident severity` alone.
 * @example
 * severityDefinitionsText(DEFAULT_DEFINITIONS).split('\n')[1]
 * // '🔴 *SEV1*: Critical: customers cannot use a core feature, or data is at risk'
 */
export function severityDefinitionsText(definitions: Definitions = DEFAULT_DEFINITIONS): string {
  const lines = SEVERITIES.map(
    (s) => `${SEVERITY_INFO[s].emoji} *${severityLabel(s)}*: ${mrkdwnWithin(definitions.severities[s], 150)}`,
  );
  return [
    '*Severities*',
    ...lines,
    'If unsure, pick the higher one. `/incident severity sev2` sets it in an incident channel.',
  ].join('\n');
}
