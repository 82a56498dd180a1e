import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/incident/durations.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatDuration', () => {
  it.each([
    [0, '0 min'],
    [59 * SECOND, '0 min'],
    [MINUTE, '1 min'],
    [53 * MINUTE + 59 * SECOND, '53 min'],
    [59 * MINUTE, '59 min'],
    [60 * MINUTE, '1 h'],
    [88 * MINUTE, '1 h 28 min'],
    [23 * HOUR + 59 * MINUTE, '23 h 59 min'],
    [24 * HOUR, '1 d'],
    [27 * HOUR, '1 d 3 h'],
    [27 * HOUR + 45 * MINUTE, '1 d 3 h'],
    [2 * DAY + 3 * HOUR, '2 d 3 h'],
    [10 * DAY, '10 d'],
  ])('should write %i ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('should write a negative duration (clocks a little apart) as 0 min', () => {
    expect(formatDuration(-5 * SECOND)).toBe('0 min');
  });
});
