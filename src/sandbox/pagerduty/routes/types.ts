/**
 * @module sandbox/pagerduty/routes/types
 * What a REST route is: the extract's operationId, method and path, whether the spec requires the
 * `From` header and a JSON body, and the handler, which gets the request already authenticated.
 */
import type { User } from '../account.js';
import type { View } from '../representations.js';
import type { PdAnswer } from '../rest-errors.js';

export interface Caller {
  /** An account-level key, or a user-level key acting as `userId`. */
  kind: 'account' | 'user';
  userId?: string;
}

export interface RouteContext {
  view: View;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  caller: Caller;
  /** The user the `From` header names (operations that require it). */
  from?: User;
  now: number;
}

export interface RestRoute {
  operation: string;
  method: 'GET' | 'POST' | 'PUT';
  /** The extract's path, `{id}` for the path parameter. */
  path: string;
  /** The spec marks the `From` header required. */
  needsFrom?: boolean;
  /** The operation takes a JSON body. */
  hasBody?: boolean;
  handle(ctx: RouteContext): PdAnswer;
}

export const ok = (json: unknown): PdAnswer => ({ status: 200, json });
