/**
 * When a postmortem's review falls due (templates/postmortem.yaml): per severity, and for an incident
 * that needed a rollback even when its severity asks for none; the day and the 09:00 reminder time are
 * in the display time zone.
 */
import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { loadTemplates } from '../../src/templates/index.js';
import { dayOf, morningOf, reviewDueAt } from '../../src/templates/postmortem.js';

const { postmortemDue, followUpLabels } = loadTemplates(TEMPLATES_DIR);
// Friday 28 Nov 2026, 04:40 in Madrid.
const RESOLVED = Date.parse('2026-11-28T03:40:00Z');
const TZ = 'Europe/Madrid';

describe('the postmortem review', () => {
  it('should fall due 3 days after a SEV1 and 5 business days after a SEV2', () => {
    expect(dayOf(reviewDueAt(postmortemDue, 'sev1', false, RESOLVED, TZ) as number, TZ)).toBe('2026-12-01');
    expect(dayOf(reviewDueAt(postmortemDue, 'sev2', false, RESOLVED, TZ) as number, TZ)).toBe('2026-12-04');
  });

  it('should ask for one after a SEV3 only when it needed a rollback, on SEV2 terms', () => {
    expect(reviewDueAt(postmortemDue, 'sev3', false, RESOLVED, TZ)).toBeUndefined();
    expect(dayOf(reviewDueAt(postmortemDue, 'sev3', true, RESOLVED, TZ) as number, TZ)).toBe('2026-12-04');
  });

  it('should remind at 09:00 of the review day in the display time zone', () => {
    expect(new Date(morningOf('2026-12-04', TZ)).toISOString()).toBe('2026-12-04T08:00:00.000Z');
    expect(new Date(morningOf('2026-07-01', TZ)).toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });

  it('should label follow-up issues as the template says', () => {
    expect(followUpLabels).toEqual(['incident-follow-up']);
  });
});
