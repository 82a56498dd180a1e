import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITIONS, type Definitions } from '../../../src/incident/definitions.js';
import { validateBlocks } from '../../../src/sandbox/validate/blocks.js';
import {
  severityDefinitionsText,
  severityOption,
  severityOptions,
  statusOption,
  statusOptions,
} from '../../../src/slack/blocks/severity-options.js';

const TEAM: Definitions = {
  severities: { ...DEFAULT_DEFINITIONS.severities, sev1: 'Checkout or login down for anyone' },
  statuses: { ...DEFAULT_DEFINITIONS.statuses, mitigating: 'Rolling back or failing over' },
};

/** What a menu shows: each option's text and the line under it. */
const shown = (options: ReturnType<typeof severityOptions>) =>
  options.map((o) => [o.text.text, o.description?.text, o.value]);

describe('severity and status menu options', () => {
  it('should show each severity with what it means, most severe first', () => {
    expect(shown(severityOptions(TEAM))).toEqual([
      ['SEV1', 'Checkout or login down for anyone', 'sev1'],
      ['SEV2', 'Major: a core feature is badly degraded for many customers', 'sev2'],
      ['SEV3', 'Minor: limited impact, or a workaround exists', 'sev3'],
      ['SEV4', 'Low: no customer impact yet; worth tracking', 'sev4'],
    ]);
    expect(severityOptions(TEAM, { emoji: true })[0]?.text.text).toBe('🔴 SEV1');
  });

  it('should show each status a menu offers with what it means, and never Resolved', () => {
    expect(shown(statusOptions(TEAM))).toEqual([
      ['Investigating', 'Impact confirmed, cause unknown', 'investigating'],
      ['Identified', 'The cause (often a change) is named', 'identified'],
      ['Mitigating', 'Rolling back or failing over', 'mitigating'],
      ['Monitoring', 'Recovery seen; watching that it holds', 'monitoring'],
    ]);
  });

  it('should give an initial option equal to its option in the list, description included', () => {
    expect(severityOptions(TEAM)).toContainEqual(severityOption('sev2', TEAM));
    expect(statusOptions(TEAM)).toContainEqual(statusOption('identified', TEAM));
  });

  it('should make menus Slack accepts, with descriptions cut to 75 characters', () => {
    const long: Definitions = { ...TEAM, severities: { ...TEAM.severities, sev3: 'y'.repeat(90) } };
    expect(severityOption('sev3', long).description?.text).toHaveLength(75);
    const blocks = [
      {
        type: 'actions',
        elements: [
          {
            type: 'static_select',
            action_id: 'incident.change_status',
            options: statusOptions(TEAM),
            initial_option: statusOption('mitigating', TEAM),
          },
          {
            type: 'static_select',
            action_id: 'incident.change_severity',
            options: severityOptions(long),
            initial_option: severityOption('sev3', long),
          },
        ],
      },
    ];
    expect(validateBlocks(blocks, { pointer: '/blocks', maxBlocks: 50 })).toEqual([]);
  });

  it('should list every severity with its definition and say to pick the higher one when unsure', () => {
    expect(severityDefinitionsText(TEAM)).toBe(
      [
        '*Severities*',
        '🔴 *SEV1*: Checkout or login down for anyone',
        '🟠 *SEV2*: Major: a core feature is badly degraded for many customers',
        '🟡 *SEV3*: Minor: limited impact, or a workaround exists',
        '🔵 *SEV4*: Low: no customer impact yet; worth tracking',
        'If unsure, pick the higher one. `/incident severity sev2` sets it in an incident channel.',
      ].join('\n'),
    );
  });
});
