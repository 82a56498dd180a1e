/**
 * @module sandbox/methods/types
 * What an emulated Web API method is: the scopes it needs, the token it takes, and a handler that
 * answers like Slack or throws a {@link MethodError} carrying Slack's error code.
 */
import type { Workspace } from '../workspace.js';

export type Args = Record<string, unknown>;

/** A Slack `ok:false` answer: `error` is Slack's code; `extra` adds fields such as `response_metadata`. */
export class MethodError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
    this.name = 'MethodError';
  }
}

/** What a handler can reach besides the workspace: the emulator's own addresses and events. */
export interface MethodHost {
  baseUrl(): string;
  /** The bot user calling (the app's bot). */
  botUserId: string;
  /** Marks a trigger id as used and returns whose it is; throws Slack's error when unknown, expired or used. */
  exchangeTrigger(triggerId: string): string;
  /** Tells the app about something that happened, as Slack's Events API would (when subscribed). */
  emitEvent(event: Record<string, unknown>): void;
  /** A fresh Socket Mode URL for apps.connections.open. */
  openSocketUrl(): string;
}

export interface MethodCall {
  args: Args;
  ws: Workspace;
  host: MethodHost;
}

export interface MethodSpec {
  /** Bot scopes this call needs (any one of them suffices), computed from the args when they matter. */
  scopes: (args: Args, ws: Workspace) => string[];
  /** `app` for app-level tokens (xapp-), `bot` for bot tokens (xoxb-). */
  token: 'bot' | 'app';
  handle: (call: MethodCall) => Record<string, unknown>;
}

export const noScope = (): string[] => [];

/** A string argument, or undefined when absent or empty. */
export function str(args: Args, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : String(value);
}

/** A required string argument; Slack answers `invalid_arguments` naming the field when it is missing. */
export function required(args: Args, name: string, error?: string): string {
  const value = str(args, name);
  if (value === undefined) {
    throw new MethodError(error ?? 'invalid_arguments', {
      response_metadata: { messages: [`[ERROR] missing required field: ${name}`] },
    });
  }
  return value;
}

export function bool(args: Args, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** A JSON-valued argument (blocks, view, files…): form bodies carry it as a JSON string. */
export function json(args: Args, name: string, error: string): unknown {
  const value = args[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new MethodError(error, {
      response_metadata: { messages: [`[ERROR] invalid JSON [json-pointer:/${name}]`] },
    });
  }
}

/** The scopes to reach a conversation: public channels and private ones differ. */
export function channelScopes(ws: Workspace, channelId: string | undefined, pub: string, priv: string): string[] {
  const channel = channelId ? ws.channels.get(channelId) : undefined;
  if (!channel) return [pub, priv];
  return [channel.isPrivate ? priv : pub];
}
