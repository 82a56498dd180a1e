/**
 * @module sandbox/methods/views
 * views.open / push / update / publish, with trigger ids that expire and can be used once, as in Slack.
 */
import { createHash } from 'node:crypto';
import { toSlackMessages, validateView } from '../validate/blocks.js';
import type { EmulatedView, Workspace } from '../workspace.js';
import { APP_ID, BOT_ID, TEAM_ID } from '../workspace.js';
import { type Args, json, MethodError, type MethodSpec, noScope, required, str } from './types.js';

const MAX_STACK = 3;

function viewArg(args: Args): Record<string, unknown> {
  const view = json(args, 'view', 'invalid_arguments');
  if (view === undefined) {
    throw new MethodError('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] missing required field: view'] },
    });
  }
  const problems = validateView(view);
  if (problems.length > 0) {
    throw new MethodError('invalid_arguments', { response_metadata: { messages: toSlackMessages(problems) } });
  }
  return view as Record<string, unknown>;
}

function hashOf(view: Record<string, unknown>): string {
  return `${Math.floor(Date.now() / 1000)}.${createHash('sha1').update(JSON.stringify(view)).digest('hex').slice(0, 8)}`;
}

/** A view as the Web API renders it (and as view_submission payloads carry it). */
export function renderView(view: EmulatedView): Record<string, unknown> {
  const v = view.view;
  return {
    id: view.id,
    team_id: TEAM_ID,
    type: v.type,
    title: v.title,
    submit: v.submit ?? null,
    close: v.close ?? null,
    blocks: v.blocks ?? [],
    private_metadata: v.private_metadata ?? '',
    callback_id: v.callback_id ?? '',
    external_id: v.external_id ?? '',
    state: { values: {} },
    hash: view.hash,
    clear_on_close: v.clear_on_close ?? false,
    notify_on_close: v.notify_on_close ?? false,
    root_view_id: view.rootId,
    previous_view_id: null,
    app_id: APP_ID,
    bot_id: BOT_ID,
  };
}

function externalIdTaken(ws: Workspace, view: Record<string, unknown>, except?: string): boolean {
  const external = view.external_id;
  if (typeof external !== 'string' || external === '') return false;
  for (const existing of ws.views.values()) {
    if (existing.id !== except && !existing.closed && existing.view.external_id === external) return true;
  }
  return false;
}

function findView(ws: Workspace, args: Args): EmulatedView {
  const id = str(args, 'view_id');
  const external = str(args, 'external_id');
  if (!id && !external) {
    throw new MethodError('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] view_id or external_id is required'] },
    });
  }
  for (const view of ws.views.values()) {
    if (view.closed) continue;
    if ((id && view.id === id) || (external && view.view.external_id === external)) return view;
  }
  throw new MethodError('not_found');
}

export const viewsMethods: Record<string, MethodSpec> = {
  'views.open': {
    token: 'bot',
    scopes: noScope,
    handle: ({ args, ws, host }) => {
      const view = viewArg(args);
      const user = host.exchangeTrigger(required(args, 'trigger_id', 'invalid_trigger_id'));
      if (externalIdTaken(ws, view)) throw new MethodError('duplicate_external_id');
      const id = ws.nextId('V');
      const opened: EmulatedView = { id, user, view, hash: hashOf(view), stackDepth: 1, rootId: id, closed: false };
      ws.views.set(id, opened);
      return { view: renderView(opened) };
    },
  },
  'views.push': {
    token: 'bot',
    scopes: noScope,
    handle: ({ args, ws, host }) => {
      const view = viewArg(args);
      host.exchangeTrigger(required(args, 'trigger_id', 'invalid_trigger_id'));
      const open = [...ws.views.values()].filter((v) => !v.closed);
      const top = open.at(-1);
      if (!top) throw new MethodError('not_found');
      if (top.stackDepth >= MAX_STACK) throw new MethodError('push_limit_reached');
      const id = ws.nextId('V');
      const pushed: EmulatedView = {
        id,
        user: top.user,
        view,
        hash: hashOf(view),
        stackDepth: top.stackDepth + 1,
        rootId: top.rootId,
        closed: false,
      };
      ws.views.set(id, pushed);
      return { view: renderView(pushed) };
    },
  },
  'views.update': {
    token: 'bot',
    scopes: noScope,
    handle: ({ args, ws }) => {
      const view = viewArg(args);
      const existing = findView(ws, args);
      const hash = str(args, 'hash');
      if (hash && hash !== existing.hash) throw new MethodError('hash_conflict');
      if (externalIdTaken(ws, view, existing.id)) throw new MethodError('duplicate_external_id');
      existing.view = view;
      existing.hash = hashOf(view);
      return { view: renderView(existing) };
    },
  },
  'views.publish': {
    token: 'bot',
    scopes: noScope,
    handle: ({ args, ws }) => {
      const user = required(args, 'user_id', 'user_not_found');
      if (!ws.users.has(user)) throw new MethodError('user_not_found');
      const view = viewArg(args);
      if (view.type !== 'home') {
        throw new MethodError('invalid_arguments', {
          response_metadata: { messages: ['[ERROR] must be one of [home] [json-pointer:/view/type]'] },
        });
      }
      const id = `home-${user}`;
      const published: EmulatedView = { id, user, view, hash: hashOf(view), stackDepth: 0, rootId: id, closed: false };
      ws.views.set(id, published);
      return { view: renderView(published) };
    },
  },
};
