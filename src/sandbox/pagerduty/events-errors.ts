/**
 * @module sandbox/pagerduty/events-errors
 * The Events API v2's answers, in the spec's shapes: 202 `{"status": "success", "message":
 * "Event processed", "dedup_key"}` and the Error `{"status", "message", "errors": [...]}`. An invalid
 * event is `{"status": "invalid event", "message": "Event object is invalid", "errors": [...]}`, and a
 * body that is not JSON `{"status": "Unrecognized object", "message": "Event object format is
 * unrecognized", "errors": ["JSON parse error"]}` (the spec's example). The 429 body is not documented
 * beyond "Request Limit Exceeded"; the emulator's is a guess in the Error shape.
 */

export interface EventsAnswer {
  status: number;
  json?: unknown;
}

export function eventsError(status: number, short: string, message: string, errors?: string[]): EventsAnswer {
  return { status, json: { status: short, message, ...(errors ? { errors } : {}) } };
}

export const invalidEvent = (errors: string[]): EventsAnswer =>
  eventsError(400, 'invalid event', 'Event object is invalid', errors);

export const unrecognized = (error = 'JSON parse error'): EventsAnswer =>
  eventsError(400, 'Unrecognized object', 'Event object format is unrecognized', [error]);

export const accepted = (key: string): EventsAnswer => ({
  status: 202,
  json: { status: 'success', message: 'Event processed', dedup_key: key },
});

export const throttled = (): EventsAnswer => eventsError(429, 'throttle event', 'Request Limit Exceeded');
