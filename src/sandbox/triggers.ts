/** @module sandbox/triggers — trigger_ids as Slack issues them with interactions: good once, for a few seconds. */
import { randomUUID } from 'node:crypto';
import { MethodError } from './methods/types.js';

/** The trigger ids issued so far, by id. */
export class Triggers {
  private readonly issued = new Map<string, { user: string; issuedAt: number; used: boolean }>();

  /** Issues a trigger id for `user`. */
  issue(user: string): string {
    const id = `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomUUID().replaceAll('-', '').slice(0, 32)}`;
    this.issued.set(id, { user, issuedAt: Date.now(), used: false });
    return id;
  }

  /** Uses up trigger `id` and returns whose it is; throws Slack's error if it is unknown, used or over `ttlMs` old. */
  exchange(id: string, ttlMs: number): string {
    const trigger = this.issued.get(id);
    if (!trigger) throw new MethodError('invalid_trigger_id');
    if (trigger.used) throw new MethodError('exchanged_trigger_id');
    if (Date.now() - trigger.issuedAt > ttlMs) throw new MethodError('expired_trigger_id');
    trigger.used = true;
    return trigger.user;
  }
}
