import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-123-456-abc',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
};

function problemsOf(env: Record<string, string>, role: 'all' | 'web' | 'worker' = 'all'): string[] {
  try {
    loadConfig(env, role);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable} ${p.message}`);
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('should apply the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      slack: { apiUrl: 'https://slack.com/api/', mode: 'http' },
      redis: { kind: 'single', url: 'redis://127.0.0.1:6379' },
      durability: { minReplicasAck: 0, ackTimeoutMs: 1000 },
      port: 3000,
      timeZone: 'UTC',
      announceChannel: undefined,
    });
  });

  it('should use Socket Mode when an app-level token is set, without a signing secret', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: valid.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-abc' });
    expect(config.slack.mode).toBe('socket');
  });

  it('should add the trailing slash the Web API client needs to SLACK_API_URL', () => {
    expect(loadConfig({ ...valid, SLACK_API_URL: 'http://127.0.0.1:9000/api' }).slack.apiUrl).toBe(
      'http://127.0.0.1:9000/api/',
    );
  });

  it('should list every bad variable at once, each with what a good value looks like', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxp-user',
      PORT: '70000',
      WARROOM_TIMEZONE: 'Europe/Atlantis',
      INCIDENT_ANNOUNCE_CHANNEL: '#incidents',
      REDIS_URL: 'localhost:6379',
    });
    expect(problems).toEqual([
      'SLACK_BOT_TOKEN must be a bot token that starts with xoxb- (value hidden)',
      'PORT must be a whole number from 0 to 65535 (got "70000")',
      'INCIDENT_ANNOUNCE_CHANNEL must be a channel id such as C0123456789 (not a #name: names change) (got "#incidents")',
      'WARROOM_TIMEZONE must be an IANA time zone such as UTC, Europe/Madrid or America/New_York (got "Europe/Atlantis")',
      'REDIS_URL must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379 (value hidden)',
      "SLACK_SIGNING_SECRET is missing; set it to your Slack app's Signing Secret (HTTP mode), or set SLACK_APP_TOKEN (xapp-…) for Socket Mode",
    ]);
  });

  it('should not ask a worker-only process for a signing secret', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: valid.SLACK_BOT_TOKEN }, 'worker')).toEqual([]);
  });

  it('should treat an empty variable as unset', () => {
    expect(loadConfig({ ...valid, PORT: '', WARROOM_TIMEZONE: '' })).toMatchObject({ port: 3000, timeZone: 'UTC' });
  });
});
