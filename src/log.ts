/**
 * @module log
 * Structured JSON logs (pino). Secrets never reach a line: token-shaped strings are scrubbed from every
 * message and known secret fields are redacted.
 */
import { type Logger, pino } from 'pino';

export type { Logger };

const TOKEN_PATTERN = /\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;
const URL_PASSWORD = /(rediss?:\/\/[^:@/\s]*:)[^@\s]+@/g;

/** Replaces Slack tokens and Redis passwords in a string. */
export function scrub(text: string): string {
  return text.replace(TOKEN_PATTERN, '$1-[redacted]').replace(URL_PASSWORD, '$1[redacted]@');
}

function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value instanceof Error) {
    const copy = new Error(scrub(value.message));
    copy.name = value.name;
    return copy;
  }
  return value;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'warroom' },
      redact: {
        paths: [
          'token',
          '*.token',
          'botToken',
          '*.botToken',
          'appToken',
          '*.appToken',
          'signingSecret',
          '*.signingSecret',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'redisUrl',
          '*.redisUrl',
        ],
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map(scrubValue) as Parameters<typeof method>);
        },
      },
      serializers: { err: (err: Error) => ({ type: err.name, message: scrub(err.message) }) },
    },
    destination,
  );
}
