/**
 * @module sandbox/methods/workspace-info
 * auth.test, users.info, users.lookupByEmail and apps.connections.open: who the app is, who people
 * are, where to connect.
 */
import { BOT_ID, type EmulatedUser, TEAM_DOMAIN, TEAM_ID } from '../workspace.js';
import { MethodError, type MethodSpec, noScope, required } from './types.js';

function userJson(user: EmulatedUser) {
  return {
    id: user.id,
    team_id: TEAM_ID,
    name: user.name,
    real_name: user.realName,
    deleted: false,
    is_bot: user.isBot ?? false,
    tz: user.tz,
    profile: {
      real_name: user.realName,
      display_name: user.name,
      ...(user.email ? { email: user.email } : {}),
    },
  };
}

export const workspaceInfoMethods: Record<string, MethodSpec> = {
  'auth.test': {
    token: 'bot',
    scopes: noScope,
    handle: ({ host }) => ({
      url: `https://${TEAM_DOMAIN}.slack.com/`,
      team: 'warroom sandbox',
      user: 'warroom',
      team_id: TEAM_ID,
      user_id: host.botUserId,
      bot_id: BOT_ID,
      is_enterprise_install: false,
    }),
  },
  'users.info': {
    token: 'bot',
    scopes: () => ['users:read'],
    handle: ({ args, ws }) => {
      const user = ws.users.get(required(args, 'user', 'user_not_found'));
      if (!user) throw new MethodError('user_not_found');
      return { user: userJson(user) };
    },
  },
  'users.lookupByEmail': {
    token: 'bot',
    scopes: () => ['users:read.email'],
    handle: ({ args, ws }) => {
      const email = required(args, 'email', 'users_not_found').toLowerCase();
      const user = [...ws.users.values()].find((u) => u.email?.toLowerCase() === email);
      if (!user) throw new MethodError('users_not_found');
      return { user: userJson(user) };
    },
  },
  'apps.connections.open': {
    token: 'app',
    scopes: noScope,
    handle: ({ host }) => ({ url: host.openSocketUrl() }),
  },
};
