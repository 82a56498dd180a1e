/**
 * @module sandbox/pagerduty/routes/oncalls
 * `GET /oncalls`: every on-call that overlaps [since, until] (both default to now, so without them
 * it is who is on call now), filtered by `escalation_policy_ids[]`, `schedule_ids[]` (`null` for
 * users targeted directly) and `user_ids[]`, optionally only the `earliest` per policy, level and
 * user, rendered in `time_zone`, with `include[]` users/escalation_policies and classic pagination.
 * Unparseable times are 400 code 2004; `until` before `since` is 400 code 2005.
 */
import { earliestOnly, onCalls } from '../oncall.js';
import { flag, includes, list, paginate, QueryError, timeZone } from '../query.js';
import { oncallJson } from '../representations.js';
import { restError } from '../rest-errors.js';
import { parseTime } from '../time.js';
import { ok, type RestRoute, type RouteContext } from './types.js';

function time(ctx: RouteContext, name: 'since' | 'until'): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return ctx.now;
  const ms = parseTime(raw);
  if (ms === undefined)
    throw new QueryError(
      restError(400, "Invalid time values in 'since' and/or 'until' parameters", 2004, [`${name} is not a date-time`]),
    );
  return ms;
}

function listOnCalls(ctx: RouteContext) {
  const since = time(ctx, 'since');
  const until = time(ctx, 'until');
  if (until < since)
    return restError(400, 'Invalid Query Date Range', 2005, ['The until time cannot be before the since time']);
  const include = includes(ctx.query, ['escalation_policies', 'users', 'schedules']);
  const view = { ...ctx.view, timeZone: timeZone(ctx.query, ctx.view.timeZone) };
  const policies = list(ctx.query, 'escalation_policy_ids');
  const schedules = list(ctx.query, 'schedule_ids');
  const users = list(ctx.query, 'user_ids');
  let entries = onCalls(view.account, since, until).filter(
    (o) =>
      (policies.length === 0 || policies.includes(o.escalationPolicyId)) &&
      (schedules.length === 0 || schedules.includes(o.scheduleId ?? 'null')) &&
      (users.length === 0 || users.includes(o.userId)),
  );
  if (flag(ctx.query, 'earliest')) entries = earliestOnly(entries);
  return ok(
    paginate(
      ctx.query,
      'oncalls',
      entries.map((o) => oncallJson(view, o, include)),
    ),
  );
}

export const oncallRoutes: RestRoute[] = [
  { operation: 'listOnCalls', method: 'GET', path: '/oncalls', handle: listOnCalls },
];
