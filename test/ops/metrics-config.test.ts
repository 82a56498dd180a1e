import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-123-456-abc',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
};

describe('WARROOM_METRICS_TOKEN', () => {
  it('should leave /metrics open when unset or empty', () => {
    expect(loadConfig(valid).metricsToken).toBeUndefined();
    expect(loadConfig({ ...valid, WARROOM_METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
  });

  it('should take a token of at least 24 characters', () => {
    const token = 'metrics-token-0123456789abcdef';
    expect(loadConfig({ ...valid, WARROOM_METRICS_TOKEN: token }).metricsToken).toBe(token);
  });

  it.each([['too-short-token'], ['has spaces in it, so it is no bearer token']])(
    'should refuse %j, naming the variable and never echoing the value',
    (token) => {
      let error: unknown;
      try {
        loadConfig({ ...valid, WARROOM_METRICS_TOKEN: token });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('WARROOM_METRICS_TOKEN must be at least 24 characters with no spaces');
      expect(message).toContain('(value hidden)');
      expect(message).not.toContain(token);
    },
  );
});
