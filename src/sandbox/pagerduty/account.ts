/**
 * @module sandbox/pagerduty/account
 * The emulated PagerDuty account as a test defines it: users, escalation policies (levels of user or
 * schedule targets), schedules (explicit shifts and/or a repeating rotation), services (each with its
 * escalation policy and urgency) and the Events API v2 integration keys that route to them.
 */
import { pagerDutyId } from './ids.js';

export interface UserSpec {
  id?: string;
  name: string;
  email: string;
  timeZone?: string;
  role?: 'admin' | 'limited_user' | 'observer' | 'owner' | 'read_only_user' | 'user';
}

export interface ShiftSpec {
  /** A user id. */
  user: string;
  start: Date | string | number;
  end: Date | string | number;
}

export interface RotationSpec {
  /** User ids, on call in turn. */
  users: string[];
  /** When the first user's first shift starts. */
  start: Date | string | number;
  /** How long each shift lasts (e.g. 12 h). */
  shiftMs: number;
}

export interface ScheduleSpec {
  id?: string;
  name: string;
  timeZone?: string;
  shifts?: ShiftSpec[];
  rotation?: RotationSpec;
}

export type TargetSpec = { type: 'user' | 'schedule'; id: string };

export interface EscalationPolicySpec {
  id?: string;
  name: string;
  description?: string;
  numLoops?: number;
  /** Level 1 first. */
  rules: { delayMinutes?: number; targets: TargetSpec[] }[];
}

export interface ServiceSpec {
  id?: string;
  name: string;
  description?: string;
  escalationPolicy: string;
  /** The service's incident urgency rule (default `high`); `severity_based` maps critical/error to high. */
  urgency?: 'high' | 'low' | 'severity_based';
}

export interface User extends Required<Omit<UserSpec, 'id'>> {
  id: string;
}

export interface Shift {
  userId: string;
  start: number;
  end: number;
}

export interface Schedule {
  id: string;
  name: string;
  timeZone: string;
  shifts: Shift[];
  rotation?: { users: string[]; start: number; shiftMs: number };
}

export interface EscalationRule {
  id: string;
  delayMinutes: number;
  targets: TargetSpec[];
}

export interface EscalationPolicy {
  id: string;
  name: string;
  description: string | null;
  numLoops: number;
  rules: EscalationRule[];
}

export interface Service {
  id: string;
  name: string;
  description: string | null;
  escalationPolicyId: string;
  urgency: 'high' | 'low' | 'severity_based';
  createdAt: number;
  /** The Events API v2 integration keys routed to this service. */
  integrationKeys: string[];
  integrationId: string;
}

function toMs(at: Date | string | number): number {
  const ms = typeof at === 'number' ? at : new Date(at).getTime();
  if (Number.isNaN(ms)) throw new Error(`not a time: ${String(at)}`);
  return ms;
}

export class PagerDutyAccount {
  readonly users: User[] = [];
  readonly schedules: Schedule[] = [];
  readonly escalationPolicies: EscalationPolicy[] = [];
  readonly services: Service[] = [];
  /** Integration key → service id. */
  readonly routingKeys = new Map<string, string>();

  constructor(readonly timeZone = 'UTC') {}

  addUser(spec: UserSpec): User {
    const user: User = {
      id: spec.id ?? pagerDutyId(),
      name: spec.name,
      email: spec.email,
      timeZone: spec.timeZone ?? this.timeZone,
      role: spec.role ?? 'user',
    };
    this.users.push(user);
    return user;
  }

  addSchedule(spec: ScheduleSpec): Schedule {
    const schedule: Schedule = {
      id: spec.id ?? pagerDutyId(),
      name: spec.name,
      timeZone: spec.timeZone ?? this.timeZone,
      shifts: [],
      ...(spec.rotation
        ? {
            rotation: {
              users: [...spec.rotation.users],
              start: toMs(spec.rotation.start),
              shiftMs: spec.rotation.shiftMs,
            },
          }
        : {}),
    };
    for (const id of spec.rotation?.users ?? []) this.mustUser(id, `schedule ${schedule.name}`);
    if (schedule.rotation && schedule.rotation.shiftMs <= 0) throw new Error('a rotation needs shiftMs > 0');
    this.schedules.push(schedule);
    for (const shift of spec.shifts ?? []) this.addShift(schedule.id, shift);
    return schedule;
  }

  /** Puts `shift.user` on call on the schedule from `start` (inclusive) to `end` (exclusive). */
  addShift(scheduleId: string, shift: ShiftSpec): void {
    const schedule = this.schedules.find((s) => s.id === scheduleId);
    if (!schedule) throw new Error(`no schedule ${scheduleId}`);
    this.mustUser(shift.user, `schedule ${schedule.name}`);
    const start = toMs(shift.start);
    const end = toMs(shift.end);
    if (end <= start) throw new Error(`a shift must end after it starts (${schedule.name})`);
    schedule.shifts.push({ userId: shift.user, start, end });
    schedule.shifts.sort((a, b) => a.start - b.start);
  }

  addEscalationPolicy(spec: EscalationPolicySpec): EscalationPolicy {
    const policy: EscalationPolicy = {
      id: spec.id ?? pagerDutyId(),
      name: spec.name,
      description: spec.description ?? null,
      numLoops: spec.numLoops ?? 0,
      rules: spec.rules.map((rule) => ({
        id: pagerDutyId(),
        delayMinutes: rule.delayMinutes ?? 30,
        targets: rule.targets.map((t) => ({ ...t })),
      })),
    };
    for (const target of spec.rules.flatMap((r) => r.targets)) {
      if (target.type === 'user') this.mustUser(target.id, `escalation policy ${spec.name}`);
      else if (!this.schedules.some((s) => s.id === target.id))
        throw new Error(`escalation policy ${spec.name} names schedule ${target.id}, which is not defined`);
    }
    this.escalationPolicies.push(policy);
    return policy;
  }

  addService(spec: ServiceSpec, createdAt: number): Service {
    if (!this.escalationPolicy(spec.escalationPolicy))
      throw new Error(`service ${spec.name} names escalation policy ${spec.escalationPolicy}, which is not defined`);
    const service: Service = {
      id: spec.id ?? pagerDutyId(),
      name: spec.name,
      description: spec.description ?? null,
      escalationPolicyId: spec.escalationPolicy,
      urgency: spec.urgency ?? 'high',
      createdAt,
      integrationKeys: [],
      integrationId: pagerDutyId(),
    };
    this.services.push(service);
    return service;
  }

  /** Routes Events API v2 events sent with `key` (a 32-character integration key) to the service. */
  addRoutingKey(key: string, serviceId: string): void {
    if (key.length !== 32) throw new Error(`an integration key has 32 characters, not ${key.length}: ${key}`);
    const service = this.service(serviceId);
    if (!service) throw new Error(`routing key ${key} names service ${serviceId}, which is not defined`);
    this.routingKeys.set(key, serviceId);
    service.integrationKeys.push(key);
  }

  user(id: string): User | undefined {
    return this.users.find((u) => u.id === id);
  }

  userByEmail(email: string): User | undefined {
    return this.users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
  }

  schedule(id: string): Schedule | undefined {
    return this.schedules.find((s) => s.id === id);
  }

  escalationPolicy(id: string): EscalationPolicy | undefined {
    return this.escalationPolicies.find((p) => p.id === id);
  }

  service(id: string): Service | undefined {
    return this.services.find((s) => s.id === id);
  }

  private mustUser(id: string, where: string): void {
    if (!this.user(id)) throw new Error(`${where} names user ${id}, which is not defined`);
  }
}
