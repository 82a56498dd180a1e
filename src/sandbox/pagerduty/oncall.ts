/**
 * @module sandbox/pagerduty/oncall
 * Who is on call, over time. An escalation policy's level N is its Nth rule; a user target is on call
 * permanently (start and end null, no schedule); a schedule target is on call through the schedule's
 * shifts, each from its start (inclusive) to its end (exclusive), so at a shift boundary the incoming
 * user is on call and the outgoing one is not. A range [since, until] takes every shift that overlaps
 * it, whole (not cut to the range), as `GET /oncalls` does.
 */
import type { EscalationPolicy, PagerDutyAccount, Schedule, Shift } from './account.js';

export interface OnCall {
  escalationPolicyId: string;
  level: number;
  userId: string;
  /** Null for a user targeted directly by the policy. */
  scheduleId: string | null;
  start: number | null;
  end: number | null;
}

/** The schedule's shifts that overlap [since, until], in time order. */
export function shiftsOverlapping(schedule: Schedule, since: number, until: number): Shift[] {
  const overlaps = (s: Shift) => s.start <= until && s.end > since;
  const shifts = schedule.shifts.filter(overlaps);
  const rotation = schedule.rotation;
  if (rotation && rotation.users.length > 0) {
    const first = Math.max(0, Math.floor((since - rotation.start) / rotation.shiftMs));
    for (let n = first; rotation.start + n * rotation.shiftMs <= until; n += 1) {
      const start = rotation.start + n * rotation.shiftMs;
      const userId = rotation.users[n % rotation.users.length] ?? '';
      const shift = { userId, start, end: start + rotation.shiftMs };
      if (overlaps(shift)) shifts.push(shift);
    }
  }
  return shifts.sort((a, b) => a.start - b.start);
}

function policyOnCalls(account: PagerDutyAccount, policy: EscalationPolicy, since: number, until: number): OnCall[] {
  const out: OnCall[] = [];
  policy.rules.forEach((rule, index) => {
    const level = index + 1;
    for (const target of rule.targets) {
      if (target.type === 'user') {
        out.push({ escalationPolicyId: policy.id, level, userId: target.id, scheduleId: null, start: null, end: null });
        continue;
      }
      const schedule = account.schedule(target.id);
      if (!schedule) continue;
      for (const shift of shiftsOverlapping(schedule, since, until))
        out.push({
          escalationPolicyId: policy.id,
          level,
          userId: shift.userId,
          scheduleId: schedule.id,
          start: shift.start,
          end: shift.end,
        });
    }
  });
  return out;
}

/** Every on-call of every policy in [since, until], by policy, then level, then start. */
export function onCalls(account: PagerDutyAccount, since: number, until: number): OnCall[] {
  return account.escalationPolicies.flatMap((policy) => policyOnCalls(account, policy, since, until));
}

/** The users on call at `at` on the policy's level (1 unless given), without repeats. */
export function onCallAt(account: PagerDutyAccount, policyId: string, at: number, level = 1): string[] {
  const policy = account.escalationPolicy(policyId);
  if (!policy) return [];
  const users = policyOnCalls(account, policy, at, at)
    .filter((o) => o.level === level)
    .map((o) => o.userId);
  return [...new Set(users)];
}

/** `earliest=true`: only the earliest on-call per policy, level and user. */
export function earliestOnly(entries: OnCall[]): OnCall[] {
  const seen = new Set<string>();
  const byStart = [...entries].sort(
    (a, b) => (a.start ?? Number.NEGATIVE_INFINITY) - (b.start ?? Number.NEGATIVE_INFINITY),
  );
  const keep = new Set<OnCall>();
  for (const entry of byStart) {
    const key = `${entry.escalationPolicyId}/${entry.level}/${entry.userId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    keep.add(entry);
  }
  return entries.filter((e) => keep.has(e));
}
