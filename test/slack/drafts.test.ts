import { describe, expect, it } from 'vitest';
import type { EventOf, EventType, RecordedEvent } from '../../src/incident/events.js';
import { type IncidentState, replay } from '../../src/incident/state.js';
import type { Status } from '../../src/incident/status.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { composeUpdate, fillDraft, impactOf, updateFormStart } from '../../src/slack/drafts.js';
import { loadTemplates } from '../../src/templates/index.js';
import { placeholderIn } from '../../src/templates/messages.js';

const templates = loadTemplates(TEMPLATES_DIR);
const protocol = templates.protocols['deploy-rollback'];
const ZONE = 'Europe/Madrid';
/** 03:12 in Madrid on 2026-11-28 (UTC+1). */
const T0 = Date.UTC(2026, 10, 28, 2, 12);
const MINUTE = 60_000;

function recorded<T extends EventType>(seq: number, type: T, data: EventOf<T>['data'], minutes: number) {
  const at = T0 + minutes * MINUTE;
  return { incidentId: 'INC-42', seq, key: `k${seq}`, actor: 'U0DANA', at, recordedAt: at, type, v: 1, data };
}

function incident(status: Status, title = 'Checkout payments failing', summary?: string): IncidentState {
  const events = [
    recorded(1, 'IncidentDeclared', { title, severity: 'sev1', private: false, ...(summary ? { summary } : {}) }, 0),
    recorded(2, 'ChannelCreated', { channelId: 'C0INC42', name: 'inc-20261128-checkout' }, 0),
  ] as RecordedEvent[];
  if (status === 'resolved')
    events.push(recorded(3, 'IncidentResolved', { summary: 'Rolled back' }, 88) as RecordedEvent);
  else if (status !== 'investigating') {
    events.push(recorded(3, 'StatusChanged', { from: 'investigating', to: status }, 9) as RecordedEvent);
  }
  return replay(events) as IncidentState;
}

function draft(name: string, state: IncidentState, minutes = 20): string {
  const template = templates.messages[name];
  if (!template) throw new Error(`no draft ${name}`);
  return fillDraft(template, state, protocol, T0 + minutes * MINUTE, ZONE);
}

describe('message drafts', () => {
  it.each([
    ['investigating', 'Investigating — Checkout payments failing\n\nWe are investigating this issue.\n'],
    [
      'identified',
      'Identified — Checkout payments failing\n\nWe have identified the cause of this issue and are working',
    ],
    [
      'mitigating',
      'Identified — Checkout payments failing\n\nWe have identified the cause of this issue and are working',
    ],
    [
      'monitoring',
      'Monitoring — Checkout payments failing\n\nA fix has been implemented and we are monitoring the results.',
    ],
    ['resolved', 'Resolved — Checkout payments failing\n\nThis incident has been resolved.\n'],
  ] as const)('should open the status-page draft as the status says when %s', (status, opening) => {
    const text = draft('status-page', incident(status));
    expect(text.startsWith(opening)).toBe(true);
    expect(text.match(/We are investigating|have identified|monitoring the results|has been resolved/g)).toHaveLength(
      1,
    );
  });

  it('should give the impact window its date and time zone, and promise the next update a cadence from now', () => {
    expect(draft('status-page', incident('identified'))).toBe(
      [
        'Identified — Checkout payments failing',
        '',
        'We have identified the cause of this issue and are working on a fix.',
        'Affected since 2026-11-28 03:12 (Europe/Madrid): Checkout payments failing.',
        'We will post an update by 03:52 (Europe/Madrid), or sooner if we know more.',
      ].join('\n'),
    );
    expect(draft('status-page', incident('resolved'))).toContain(
      'Affected 2026-11-28 03:12 to 04:40 (Europe/Madrid): Checkout payments failing.',
    );
    expect(draft('status-page', incident('resolved'))).not.toContain('We will post an update');
  });

  it('should give the customer notice a line on data and on what customers need to do, for the team to fill', () => {
    const text = draft('customer-notice', incident('monitoring'), 60);
    expect(text).toContain('Affected 2026-11-28 03:12 to 04:12 (Europe/Madrid): Checkout payments failing.');
    expect(text).toContain('Your data: <no data was lost / what was lost, and what we are doing about it>');
    expect(text).toContain('What you need to do: <nothing / what to do>');
    expect(placeholderIn(text)).toBe('<no data was lost / what was lost, and what we are doing about it>');
  });

  it('should keep a title as typed, acronyms and capitals included, in every draft', () => {
    const state = incident('investigating', 'EU API 5xx on Checkout');
    for (const name of ['status-page', 'customer-notice', 'internal-update']) {
      expect(draft(name, state)).toContain('EU API 5xx on Checkout');
      expect(draft(name, state)).not.toMatch(/eU API|eu API/);
    }
    expect(draft('status-page', state)).toContain(
      'Affected since 2026-11-28 03:12 (Europe/Madrid): EU API 5xx on Checkout.',
    );
    expect(draft('status-page', incident('investigating', 'x', 'Cards declined for EU shoppers!'))).toContain(
      ': Cards declined for EU shoppers!\n',
    );
  });

  it('should leave placeholders in the internal update for what we know and what we are doing', () => {
    const text = draft('internal-update', incident('identified'));
    expect(text).toContain('Since: 2026-11-28 03:12 (Europe/Madrid)');
    expect(text).toContain('What we know: <what we know so far>');
    expect(text).toContain('What we are doing: <what the team is doing right now>');
    expect(text).toContain('Next update by 03:52 (Europe/Madrid)');
  });
});

describe('the update form', () => {
  it('should post three labelled parts ending with the promised time, and start the next form from its impact', () => {
    const text = composeUpdate(
      { impact: 'EU shoppers cannot pay\nby card', known: 'It began with the 03:05 deploy', doing: 'Rolling back' },
      T0 + 40 * MINUTE,
      ZONE,
    );
    expect(text).toBe(
      [
        'Impact: EU shoppers cannot pay',
        'by card',
        'What we know: It began with the 03:05 deploy',
        'What we are doing: Rolling back',
        'Next update by 03:52 (Europe/Madrid)',
      ].join('\n'),
    );
    expect(impactOf(text)).toBe('EU shoppers cannot pay\nby card');
    expect(impactOf('still rolling back')).toBeUndefined();
  });

  it('should start from the summary, else the title, and the cadence of the severity', () => {
    expect(updateFormStart(incident('investigating'), protocol, T0)).toEqual({
      impact: 'Checkout payments failing',
      cadence: 20 * MINUTE,
    });
    expect(updateFormStart(incident('investigating', 'T', 'Cards declined'), protocol, T0).impact).toBe(
      'Cards declined',
    );
  });

  it.each([
    ['Doing: <what the team is doing right now>', '<what the team is doing right now>'],
    ['Data: <no data was lost / what was lost>', '<no data was lost / what was lost>'],
    ['ping @dana in #inc-42, see https://grafana.example.com', undefined],
    ['<@U0DANA> <#C0INC42> <!here> <https://example.com|graph>', undefined],
    ['latency < 200 ms and errors > 5%', undefined],
  ])('should find the placeholder in %j', (text, found) => {
    expect(placeholderIn(text)).toBe(found);
  });
});
