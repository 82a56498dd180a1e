/**
 * @module sandbox/pagerduty/routes/directory
 * The account's directory: `GET /services` (query, name, sort_by, include[]), `GET /services/{id}`,
 * `GET /users/{id}`, `GET /users/me` (a user-level key only; an account-level key is refused) and
 * `GET /escalation_policies` (query, user_ids[] direct or through a schedule, sort_by, include[]).
 */
import { includes, list, paginate, QueryError, timeZone } from '../query.js';
import { policyJson, serviceJson, userJson } from '../representations.js';
import { invalidInput, notFound } from '../rest-errors.js';
import { ok, type RestRoute, type RouteContext } from './types.js';

const SERVICE_INCLUDES = ['escalation_policies', 'teams', 'integrations', 'auto_pause_notifications_parameters'];
const USER_INCLUDES = ['contact_methods', 'notification_rules', 'teams', 'subdomains', 'calendar_urls'];
const POLICY_INCLUDES = ['services', 'teams', 'targets', 'escalation_rule_assignment_strategies'];

function sortByName<T extends { name: string }>(items: T[], sortBy: string | null): T[] {
  if (sortBy !== null && !['name', 'name:asc', 'name:desc'].includes(sortBy))
    throw new QueryError(invalidInput('sort_by must be one of name, name:asc, name:desc'));
  const sorted = [...items].sort((a, b) => a.name.localeCompare(b.name));
  return sortBy === 'name:desc' ? sorted.reverse() : sorted;
}

function withZone(ctx: RouteContext) {
  return { ...ctx.view, timeZone: timeZone(ctx.query, ctx.view.timeZone) };
}

function listServices(ctx: RouteContext) {
  const view = withZone(ctx);
  const include = includes(ctx.query, SERVICE_INCLUDES);
  const q = ctx.query.get('query')?.toLowerCase();
  const name = ctx.query.get('name');
  const teams = list(ctx.query, 'team_ids');
  const services = sortByName(
    view.account.services.filter(
      (s) => (!q || s.name.toLowerCase().includes(q)) && (!name || s.name === name) && teams.length === 0,
    ),
    ctx.query.get('sort_by'),
  );
  return ok(
    paginate(
      ctx.query,
      'services',
      services.map((s) => serviceJson(view, s, include)),
    ),
  );
}

function getService(ctx: RouteContext) {
  const view = withZone(ctx);
  const include = includes(ctx.query, SERVICE_INCLUDES);
  const service = view.account.service(ctx.params.id ?? '');
  return service ? ok({ service: serviceJson(view, service, include) }) : notFound();
}

function getUser(ctx: RouteContext) {
  includes(ctx.query, USER_INCLUDES);
  const user = ctx.view.account.user(ctx.params.id ?? '');
  return user ? ok({ user: userJson(ctx.view, user) }) : notFound();
}

function getCurrentUser(ctx: RouteContext) {
  includes(ctx.query, USER_INCLUDES);
  if (ctx.caller.kind !== 'user' || !ctx.caller.userId)
    return invalidInput('GET /users/me needs a user-level API key; this key is account-level');
  const user = ctx.view.account.user(ctx.caller.userId);
  return user ? ok({ user: userJson(ctx.view, user) }) : notFound();
}

function listEscalationPolicies(ctx: RouteContext) {
  const { view } = ctx;
  const include = includes(ctx.query, POLICY_INCLUDES);
  const q = ctx.query.get('query')?.toLowerCase();
  const users = list(ctx.query, 'user_ids');
  const teams = list(ctx.query, 'team_ids');
  const onSchedule = (scheduleId: string, userId: string) => {
    const schedule = view.account.schedule(scheduleId);
    return Boolean(schedule?.shifts.some((s) => s.userId === userId) || schedule?.rotation?.users.includes(userId));
  };
  const targetsUser = (policyId: string, userId: string) =>
    view.account
      .escalationPolicy(policyId)
      ?.rules.flatMap((r) => r.targets)
      .some((t) => (t.type === 'user' ? t.id === userId : onSchedule(t.id, userId))) ?? false;
  const policies = sortByName(
    view.account.escalationPolicies.filter(
      (p) =>
        (!q || p.name.toLowerCase().includes(q)) &&
        (users.length === 0 || users.some((u) => targetsUser(p.id, u))) &&
        teams.length === 0,
    ),
    ctx.query.get('sort_by'),
  );
  return ok(
    paginate(
      ctx.query,
      'escalation_policies',
      policies.map((p) => policyJson(view, p, include)),
    ),
  );
}

export const directoryRoutes: RestRoute[] = [
  { operation: 'listServices', method: 'GET', path: '/services', handle: listServices },
  { operation: 'getService', method: 'GET', path: '/services/{id}', handle: getService },
  { operation: 'getCurrentUser', method: 'GET', path: '/users/me', handle: getCurrentUser },
  { operation: 'getUser', method: 'GET', path: '/users/{id}', handle: getUser },
  { operation: 'listEscalationPolicies', method: 'GET', path: '/escalation_policies', handle: listEscalationPolicies },
];
