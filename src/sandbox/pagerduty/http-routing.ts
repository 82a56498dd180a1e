/**
 * @module sandbox/pagerduty/http-routing
 * Where the PagerDuty emulator sends a request (the Events API or the REST API, by path) and how an
 * outcome is answered: after its delay, or by cutting the connection for a crash fault.
 */
import type { ServerResponse } from 'node:http';
import { parsedForRecord, queryOf, type RecordedPagerDutyCall, recordableHeaders } from './calls.js';
import { EventsApi } from './events-api.js';
import type { RestApi } from './rest-api.js';

/** What a request gets: status and JSON, after `delayMs`, or a cut connection. */
export type Outcome = {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
  delayMs: number;
  cut: boolean;
};

export interface Apis {
  eventsApi: EventsApi;
  rest: RestApi;
  eventsPrefix: string | undefined;
  restPrefix: string | undefined;
}

export interface IncomingCall {
  method: string;
  url: URL;
  headers: Record<string, string | undefined>;
  raw: Buffer;
  text: string;
}

/** Hands the call to the API its path names, noting on `record` what it was and what fault it met. */
export function routeCall(apis: Apis, call: IncomingCall, record: RecordedPagerDutyCall): Outcome {
  const { method, url, headers, raw, text } = call;
  const eventsPrefix = apis.eventsPrefix ?? '';
  const eventsPath = url.pathname.startsWith(eventsPrefix) ? url.pathname.slice(eventsPrefix.length) : undefined;
  const operation = eventsPath === undefined ? undefined : EventsApi.operationFor(method, eventsPath);
  if (operation) {
    record.api = 'events';
    record.operation = operation;
    const outcome = apis.eventsApi.handle(operation, headers['content-type'], raw);
    if (outcome.fault) record.fault = outcome.fault;
    return { status: outcome.answer.status, json: outcome.answer.json, delayMs: outcome.delayMs, cut: outcome.cut };
  }
  const restPrefix = apis.restPrefix ?? '';
  const path = url.pathname.startsWith(restPrefix) ? url.pathname.slice(restPrefix.length) : url.pathname;
  const outcome = apis.rest.handle(method, path, url.searchParams, headers, text);
  record.auth = outcome.auth;
  if (headers.from !== undefined) record.from = headers.from;
  if (outcome.operation) record.operation = outcome.operation;
  if (outcome.fault) record.fault = outcome.fault;
  return {
    status: outcome.answer.status,
    json: outcome.answer.json,
    ...(outcome.answer.headers ? { headers: outcome.answer.headers } : {}),
    delayMs: outcome.delayMs,
    cut: outcome.cut,
  };
}

/**
 * One call as the emulator records and answers it: routed, its answer copied as the account is now (a slow
 * fault sends it later), and the record filled in with what was answered.
 */
export function handleCall(
  apis: Apis,
  call: IncomingCall,
  at: { seq: number; at: number },
): { record: RecordedPagerDutyCall; outcome: Outcome } {
  const record: RecordedPagerDutyCall = {
    seq: at.seq,
    api: 'rest',
    method: call.method,
    path: call.url.pathname,
    query: queryOf(call.url),
    headers: recordableHeaders(call.headers),
    body: parsedForRecord(call.text),
    status: 0,
    response: undefined,
    crashed: false,
    at: at.at,
  };
  const outcome = routeCall(apis, call, record);
  if (outcome.json !== undefined) outcome.json = structuredClone(outcome.json);
  record.status = outcome.cut ? 0 : outcome.status;
  record.response = outcome.json;
  record.crashed = outcome.cut;
  return { record, outcome };
}

/** Sends the outcome: after its delay, or cuts the connection. */
export async function respond(res: ServerResponse, outcome: Outcome): Promise<void> {
  if (outcome.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, outcome.delayMs));
  if (outcome.cut) {
    res.socket?.destroy();
    return;
  }
  res.writeHead(outcome.status, { 'content-type': 'application/json; charset=utf-8', ...outcome.headers });
  res.end(outcome.json === undefined ? undefined : JSON.stringify(outcome.json));
}
