import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../src/incident/events.js';
import { evolve, type IncidentState } from '../../../src/incident/state.js';
import { mentionsOf } from '../../../src/sandbox/mentions.js';
import { validateBlocks } from '../../../src/sandbox/validate/blocks.js';
import { headline, renderAnnouncement, renderBoard, renderTopic } from '../../../src/slack/blocks/board.js';
import { Actions, BoardBlocks } from '../../../src/slack/ids.js';

const MINUTE = 60_000;
// 02:00 UTC is 03:00 in Madrid (CET) on this November night.
const T0 = Date.UTC(2026, 10, 29, 2, 0);
const NOW = T0 + 12 * MINUTE;
const INJECTION = '<!channel> <!here> <@U0EVIL> <https://evil.example.com|bank>';

/** A declared incident, folded by the domain so the fixture keeps up with IncidentState, then set up. */
function openState(overrides: Partial<IncidentState> = {}): IncidentState {
  const declared = {
    incidentId: 'INC-7',
    seq: 1,
    key: 'req-1',
    actor: 'U0DANA',
    at: T0,
    recordedAt: T0 + 7,
    type: 'IncidentDeclared',
    v: 1,
    data: { title: 'Checkout payments failing', severity: 'sev1', private: false, declaredIn: 'C0GENERAL' },
  } as const satisfies RecordedEvent;
  return {
    ...evolve(undefined, declared),
    summary: 'Card payments time out for EU customers',
    service: 'payments-api',
    channel: { id: 'C0INC7', name: 'inc-20261129-checkout-payments-failing' },
    boardTs: '1764381601.000200',
    announcement: { channelId: 'C0INCIDENTS', ts: '1764381601.000300' },
    version: 4,
    ...overrides,
  };
}

function resolvedState(overrides: Partial<IncidentState> = {}): IncidentState {
  const at = T0 + 53 * MINUTE;
  return openState({
    status: 'resolved',
    statusSince: at,
    resolvedAt: at,
    resolution: 'Rolled back 4812',
    ...overrides,
  });
}

/** Every mrkdwn text object in a block tree: what Slack parses for mentions and links. */
function mrkdwnTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(mrkdwnTexts);
  if (node === null || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const own = record.type === 'mrkdwn' && typeof record.text === 'string' ? [record.text] : [];
  return [...own, ...Object.values(record).flatMap(mrkdwnTexts)];
}

type Element = { type: string; action_id?: string; text?: { text: string }; options?: { value: string }[] };
function actionsOf(blocks: unknown[]): Element[] {
  const actions = blocks.find((b) => (b as { type: string }).type === 'actions') as
    | { block_id: string; elements: Element[] }
    | undefined;
  expect(actions?.block_id).toBe(BoardBlocks.actions);
  return actions?.elements ?? [];
}

describe('renderBoard', () => {
  it('should head the board with severity, status and title', () => {
    const { blocks } = renderBoard(openState(), NOW, 'UTC');
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '🔴 SEV1 · Investigating · Checkout payments failing', emoji: true },
    });
  });

  it('should name the commander and say when it started and for how long it has run', () => {
    const texts = mrkdwnTexts(renderBoard(openState(), NOW, 'UTC').blocks);
    expect(texts).toContain('*Commander*  <@U0DANA>');
    expect(texts).toContain('*Started*\n02:00 · 12 min');
    expect(texts).toContain('*Service*\npayments-api');
    expect(texts).toContain('Card payments time out for EU customers');
  });

  it.each([
    ['UTC', '02:00'],
    ['Europe/Madrid', '03:00'],
    ['America/New_York', '21:00'],
  ])('should show clock times in the display time zone %s', (timeZone, clock) => {
    const state = openState({
      lastUpdate: {
        text: 'Rolling back',
        at: T0 + 10 * MINUTE,
        by: 'U0RAJ',
        audience: 'internal',
        nextUpdateBy: undefined,
      },
    });
    const texts = mrkdwnTexts(renderBoard(state, NOW, timeZone).blocks);
    expect(texts).toContain(`*Started*\n${clock} · 12 min`);
    expect(texts).toContain(`*Last update* ${clock.replace(':00', ':10')}: Rolling back`);
  });

  it('should say how to post an update when there is none yet', () => {
    expect(mrkdwnTexts(renderBoard(openState(), NOW, 'UTC').blocks).join('\n')).toContain(
      '*Last update* none yet: `/incident update <text>`',
    );
  });

  it('should offer Post update, Status, Severity, Resolve and Add follow-up on an open incident', () => {
    const elements = actionsOf(renderBoard(openState({ status: 'identified' }), NOW, 'UTC').blocks);
    expect(elements.map((e) => e.action_id)).toEqual([
      Actions.postUpdate,
      Actions.changeStatus,
      Actions.changeSeverity,
      Actions.resolve,
      Actions.addFollowUp,
    ]);
    expect(elements[0]?.text?.text).toBe('Post update');
    expect(elements[3]?.text?.text).toBe('Resolve');
    expect(elements[1]).toMatchObject({ initial_option: { value: 'identified' } });
    expect(elements[1]?.options?.map((o) => o.value)).toEqual([
      'investigating',
      'identified',
      'mitigating',
      'monitoring',
    ]);
    expect(elements[2]).toMatchObject({ initial_option: { value: 'sev1' } });
    expect(elements[2]?.options?.map((o) => o.value)).toEqual(['sev1', 'sev2', 'sev3', 'sev4']);
  });

  it('should show a resolved incident with its resolution, how long it lasted, and only Reopen and Add follow-up', () => {
    const { blocks } = renderBoard(resolvedState(), T0 + 5 * 60 * MINUTE, 'Europe/Madrid');
    expect(blocks[0]).toMatchObject({ text: { text: '✅ SEV1 · Resolved · Checkout payments failing' } });
    const texts = mrkdwnTexts(blocks);
    expect(texts).toContain('*Started*\n03:00 · lasted 53 min');
    expect(texts).toContain('*Resolution*\nRolled back 4812');
    expect(actionsOf(blocks).map((e) => [e.action_id, e.text?.text])).toEqual([
      [Actions.reopen, 'Reopen'],
      [Actions.addFollowUp, 'Add follow-up'],
    ]);
  });

  it.each([
    ['an open', openState()],
    [
      'an updated',
      openState({
        lastUpdate: {
          text: 'Rolling back',
          at: T0 + 10 * MINUTE,
          by: 'U0RAJ',
          audience: 'internal',
          nextUpdateBy: undefined,
        },
      }),
    ],
    ['a resolved', resolvedState()],
    ['a bare', openState({ summary: undefined, service: undefined })],
  ])('should render %s incident as blocks Slack accepts', (_label, state) => {
    const view = renderBoard(state, NOW, 'UTC');
    expect(validateBlocks(view.blocks, { pointer: '/blocks', maxBlocks: 50 })).toEqual([]);
    expect(view.text).toBe(`INC-7: ${headline(state)}`);
  });

  it.each([
    ['Latin letters', 'x'.repeat(150)],
    ['emoji', '💳'.repeat(150)],
  ])('should keep the header within 150 characters for a 150-character title in %s', (_label, title) => {
    const { blocks } = renderBoard(openState({ title }), NOW, 'UTC');
    const header = (blocks[0] as { text: { text: string } }).text.text;
    expect([...header].length).toBeLessThanOrEqual(150);
    expect(header.endsWith('…')).toBe(true);
    expect(validateBlocks(blocks, { pointer: '/blocks', maxBlocks: 50 })).toEqual([]);
  });

  it('should never let typed text become a mention or link in the board', () => {
    const state = openState({
      title: `${INJECTION} title`,
      summary: `${INJECTION} summary`,
      service: `${INJECTION} service`,
      lastUpdate: {
        text: `${INJECTION} update`,
        at: T0 + 10 * MINUTE,
        by: 'U0RAJ',
        audience: 'internal',
        nextUpdateBy: undefined,
      },
    });
    for (const s of [state, { ...state, status: 'resolved' as const, resolvedAt: NOW, resolution: INJECTION }]) {
      const texts = mrkdwnTexts(renderBoard(s, NOW, 'UTC').blocks);
      expect(texts.length).toBeGreaterThan(3);
      for (const text of texts) {
        expect(text).not.toContain('<!channel>');
        expect(text).not.toContain('<!here>');
        expect(text).not.toContain('<@U0EVIL>');
        expect(text).not.toContain('<https://evil');
      }
      expect(texts.join('\n')).toContain('&lt;!channel&gt;');
    }
  });

  // Slack reads the top-level `text` as mrkdwn too (it is the notification), so the title must be escaped there.
  it.each([
    ['board', (state: IncidentState) => renderBoard(state, NOW, 'UTC')],
    ['announcement', (state: IncidentState) => renderAnnouncement(state, 'C0INC7')],
  ])(
    'should not notify the channel through the %s notification text when a title reads <!channel>',
    (_label, render) => {
      const view = render(openState({ title: '<!channel> checkout down' }));
      expect(mentionsOf(view.text, view.blocks).broadcasts).toEqual([]);
    },
  );

  // A summary, update or resolution may be 4000 characters; escaping & < > lengthens it after the cut.
  it.each([
    ['summary', openState({ summary: 'step -> '.repeat(500) })],
    [
      'last update',
      openState({
        lastUpdate: {
          text: 'a <> b & '.repeat(444),
          at: T0,
          by: 'U0RAJ',
          audience: 'internal',
          nextUpdateBy: undefined,
        },
      }),
    ],
    ['resolution', resolvedState({ resolution: 'if a < b && c > d '.repeat(222) })],
  ])('should stay within Slack limits when a long %s is full of < > &', (_label, state) => {
    expect(validateBlocks(renderBoard(state, NOW, 'UTC').blocks, { pointer: '/blocks', maxBlocks: 50 })).toEqual([]);
  });
});

describe('renderAnnouncement', () => {
  it('should announce severity, status, title and where to go', () => {
    const view = renderAnnouncement(openState(), 'C0INC7');
    expect(view.text).toBe('🔴 SEV1 · Investigating · Checkout payments failing — INC-7 in <#C0INC7>');
    expect(mrkdwnTexts(view.blocks)).toEqual([
      '🔴 SEV1 · Investigating · Checkout payments failing — *INC-7* in <#C0INC7>',
    ]);
    expect(validateBlocks(view.blocks, { pointer: '/blocks', maxBlocks: 50 })).toEqual([]);
  });

  it('should say how long a resolved incident lasted', () => {
    const view = renderAnnouncement(resolvedState(), 'C0INC7');
    expect(view.text).toBe('✅ SEV1 · Resolved · Checkout payments failing — INC-7 in <#C0INC7> after 53 min');
  });

  it('should escape the title in the announcement blocks', () => {
    const [text] = mrkdwnTexts(renderAnnouncement(openState({ title: INJECTION }), 'C0INC7').blocks);
    expect(text).toContain('&lt;!channel&gt; &lt;!here&gt;');
    expect(text).not.toContain('<!channel>');
  });
});

describe('renderTopic and headline', () => {
  it('should put severity, status and title in the topic', () => {
    expect(renderTopic(openState({ status: 'mitigating', severity: 'sev2' }))).toBe(
      'SEV2 · Mitigating · Checkout payments failing',
    );
  });

  it.each([150, 250, 400])('should keep the topic within 250 characters for a %i-character title', (length) => {
    const topic = renderTopic(openState({ title: 'é'.repeat(length) }));
    expect([...topic].length).toBeLessThanOrEqual(250);
    expect(topic.startsWith('SEV1 · Investigating · éé')).toBe(true);
  });

  it.each([40, 60, 150])('should cut the headline to %i characters', (max) => {
    const text = headline(openState({ title: 'z'.repeat(300) }), max);
    expect([...text]).toHaveLength(max);
    expect(text.endsWith('z…')).toBe(true);
  });
});
