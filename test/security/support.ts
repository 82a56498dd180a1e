/**
 * Shared pieces of the hostile-input properties: the fast-check budget (`FC_RUNS`, `FC_SEED`), arbitraries
 * for what people (and forgers) put in front of warroom, hand-built Slack requests, and the auditors that
 * look, after every generated case, at what warroom recorded in Redis and posted in Slack.
 */
import fc from 'fast-check';
import type { RecordedEvent } from '../../src/incident/events.js';
import { recordedEventSchema } from '../../src/incident/events.js';
import { COMMANDER } from '../../src/incident/roles.js';
import { commanderOf, evolve, type IncidentState } from '../../src/incident/state.js';
import type { AppAnswer, SlackRequest } from '../../src/sandbox/transport.js';
import { APP_ID, DEFAULT_USERS, TEAM_DOMAIN, TEAM_ID } from '../../src/sandbox/workspace.js';
import { keysFor } from '../../src/store/keys.js';
import type { Harness } from '../support/harness.js';
import { channelOf, logOf, waitForValue } from '../support/incident.js';

// ---------------------------------------------------------------------------------------------------------
// Budget
// ---------------------------------------------------------------------------------------------------------

function positiveInt(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Generated cases per run of the whole security suite: 10,000 unless `FC_RUNS` asks for more (or fewer). */
export const SUITE_RUNS = positiveInt(process.env.FC_RUNS) ?? 10_000;

/** How the suite's budget is split between the properties (sums to 1). */
const SHARES = {
  commandText: 0.25,
  commandArgs: 0.15,
  modals: 0.2,
  actions: 0.2,
  events: 0.15,
  badRequests: 0.05,
} as const;

export type Property = keyof typeof SHARES;

/** This property's share of `SUITE_RUNS`. */
export function runsOf(property: Property): number {
  return Math.max(1, Math.round(SUITE_RUNS * SHARES[property]));
}

/** fast-check parameters: the run count, and `FC_SEED` when set, to replay a failure. */
export function fcParameters(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
  return { numRuns, ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}) };
}

/** A vitest timeout that grows with the run count (and leaves room for shrinking a counterexample). */
export function timeoutFor(numRuns: number, msPerRun = 20): number {
  return 90_000 + numRuns * msPerRun;
}

// ---------------------------------------------------------------------------------------------------------
// Arbitraries: hostile text
// ---------------------------------------------------------------------------------------------------------

/** Slack escaping and mention syntax, markup, and words that mean something to warroom or to JavaScript. */
const TOKENS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!channel|@channel>',
  '<!here|here>',
  '<!subteam^S0ONCALL1|@oncall>',
  '<!date^1392734382^{date_num}|Feb 18>',
  '<@U0LEE00003|lee>',
  '<@U0DANA0001>',
  '<@W0ENTERPRISE|x>',
  '<@U0NOBODY99|ghost>',
  '<#C0GENERAL01|general>',
  '<https://evil.example/|click me>',
  '<mailto:a@b.example|a@b.example>',
  '&amp;',
  '&lt;',
  '&gt;',
  '&amp;lt;!channel&amp;gt;',
  '<',
  '>',
  '<@',
  '|',
  '`',
  '```',
  '*bold*',
  '_it_',
  '~s~',
  '@channel',
  '@here',
  '\u0000',
  '\u202e',
  '\u200f',
  '\u2066',
  '\ufeff',
  '\u2028',
  '\r\n',
  '\t',
  'שלום',
  'مرحبا بالعالم',
  '👩‍👩‍👧‍👦',
  '🔥',
  '🇺🇦',
  '🧑🏽‍💻',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '%00',
  '%s',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal template placeholder is the hostile input
  '${title}',
  '{{title}}',
  '{{{title}}}',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'null',
  'sev1',
  'me',
  'done',
  'skip',
  'blocked',
  'commander',
  'ops',
  'INC-1',
] as const;

export const slackToken = fc.constantFrom(...TOKENS);

const controlChars = fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) });
const loneSurrogates = fc.string({
  unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  maxLength: 3,
});

/** A short piece of hostile text. */
export const hostileFragment = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii' }) },
  { weight: 5, arbitrary: slackToken },
  { weight: 1, arbitrary: controlChars },
  { weight: 1, arbitrary: loneSurrogates },
);

/** One "word" (no whitespace inside), for places that split on whitespace. */
export const hostileWord = hostileFragment.map((s) => s.replace(/\s+/g, '') || '\u200b');

const LONG_PIECES = ['x', 'é', '🔥', '👩‍👩‍👧‍👦', '&amp;', '<!channel> ', 'a b ', '\u0000', 'ש', ' '];

/** Text from 1,000 to 40,000 UTF-16 units (Slack's own ceiling for a message), built from one repeated piece. */
export const longText = fc
  .record({ length: fc.integer({ min: 1000, max: 40_000 }), piece: fc.constantFrom(...LONG_PIECES) })
  .map(({ length, piece }) => piece.repeat(Math.max(1, Math.floor(length / piece.length))));

/** What the properties type: mostly short mixes of fragments, sometimes very long text. */
export const hostileText = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.array(hostileFragment, { maxLength: 8 }), fc.constantFrom(' ', '', '\n'))
      .map(([parts, glue]) => parts.join(glue)),
  },
  { weight: 2, arbitrary: longText },
);

// ---------------------------------------------------------------------------------------------------------
// The workspace
// ---------------------------------------------------------------------------------------------------------

export const PEOPLE = DEFAULT_USERS.map((u) => u.name);
export const PEOPLE_IDS = DEFAULT_USERS.map((u) => u.id);
export const person = fc.constantFrom(...PEOPLE);

export function idOf(name: string): string {
  const user = DEFAULT_USERS.find((u) => u.name === name);
  if (!user) throw new Error(`no sandbox user ${name}`);
  return user.id;
}

/** The `user` object Slack puts in interactive payloads. */
export function userRef(name: string) {
  return { id: idOf(name), username: name, name, team_id: TEAM_ID };
}

export const TEAM = { id: TEAM_ID, domain: TEAM_DOMAIN };
export { APP_ID };

/** An interactive payload as Slack sends it: form-encoded, in a `payload` field. */
export function interactiveRequest(payload: Record<string, unknown>): SlackRequest {
  return {
    kind: 'interactive',
    rawBody: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    payload,
  };
}

/** An incident declared for a drill, with its channel. */
export interface Drill {
  id: string;
  channel: string;
}

/** Declares an incident as `commander` and waits for its channel and board. */
export async function declareDrill(h: Harness, title: string, commander = 'dana'): Promise<Drill> {
  const answer = await h.emulator.user(commander).command(`declare sev2 ${title}`);
  const id = answer.ackText?.match(/INC-\d+/)?.[0];
  if (!id) throw new Error(`declare did not answer with an incident id: ${answer.ackText ?? answer.body}`);
  const channel = await channelOf(h, id);
  for (const user of PEOPLE_IDS) channel.members.add(user);
  await waitForValue(async () => (await logOf(h, id)).some((e) => e.type === 'BoardPosted'), 15_000);
  return { id, channel: channel.id };
}

/** Resolves once warroom's effects queue has nothing waiting or running (timers may stay scheduled). */
export async function effectsSettled(h: Harness, timeoutMs = 60_000): Promise<void> {
  await waitForValue(async () => {
    const counts = await h.app.services.effects.queue.getJobCounts('waiting', 'active', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  }, timeoutMs);
}

// ---------------------------------------------------------------------------------------------------------
// What a responder sees in the answer
// ---------------------------------------------------------------------------------------------------------

const STACK_FRAME = /^\s*at .+(:\d+:\d+\)?|\(native\))$/m;
const LEAKS = ['undefined', '[object Object]', 'NaN'];

/** The text a responder reads in an ack: `text`, or the text of its blocks, or a plain body. */
export function visibleText(answer: AppAnswer): string {
  if (answer.json && typeof answer.json === 'object') {
    const parts: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'text' && typeof value === 'string') parts.push(value);
          else walk(value);
        }
      }
    };
    walk(answer.json);
    return parts.join('\n');
  }
  return answer.body;
}

/**
 * What is wrong with a reply shown to a responder. `typed` is everything people typed so far (a brief or a
 * timeline may quote an earlier note), so that only what warroom itself wrote counts.
 */
export function replyFaults(text: string, typed: readonly string[]): string[] {
  const faults: string[] = [];
  if (STACK_FRAME.test(text)) faults.push('shows a stack trace');
  for (const leak of LEAKS) {
    if (text.includes(leak) && !typed.some((t) => t.includes(leak))) faults.push(`shows "${leak}"`);
  }
  return faults;
}

/** What is wrong with an HTTP answer to Slack beyond its body: status and Slack's 3-second window. */
export function transportFaults(answer: AppAnswer, allowed: readonly number[] = [200]): string[] {
  const faults: string[] = [];
  if (!allowed.includes(answer.status)) faults.push(`HTTP ${answer.status}`);
  if (answer.durationMs >= 3000) faults.push(`answered after ${Math.round(answer.durationMs)} ms`);
  return faults;
}

/** An empty ack is only right when a form opened for that trigger instead: what went wrong if not. */
export async function formFaults(h: Harness, triggerId: string): Promise<string[]> {
  // The form opens beside the answer (never holding it up), so it may arrive just after it.
  const open = await h.emulator
    .waitFor(() => h.emulator.calls.find((c) => c.method === 'views.open' && c.args.trigger_id === triggerId), 3000)
    .catch(() => undefined);
  if (!open) return ['answered nothing and opened no form'];
  if (!open.ok) return [`answered nothing; the form it opened was refused: ${JSON.stringify(open.response)}`];
  return [];
}

// ---------------------------------------------------------------------------------------------------------
// What warroom recorded
// ---------------------------------------------------------------------------------------------------------

/** Slack's (and the log's) ceiling for one text field. */
export const MAX_TEXT_FIELD = 4000;

/** A recorded event that should not be there, described for a failure message. */
export interface LogProblem {
  incident: string;
  seq: number;
  type: string;
  actor: string;
  key: string;
  problem: string;
}

/** Paths of string values longer than `max` characters (code points, as the log's zod schemas count). */
function longStrings(value: unknown, max: number, path = ''): string[] {
  if (typeof value === 'string') {
    const length = value.length > max ? [...value].length : value.length;
    return length > max ? [`${path || '.'} (${length} chars)`] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => longStrings(v, max, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => longStrings(v, max, path ? `${path}.${k}` : k));
  }
  return [];
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `${[...value].length} chars: ${JSON.stringify(value.slice(0, 40))}`;
  return JSON.stringify(value)?.slice(0, 60) ?? String(value);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : node;
  return node;
}

/**
 * The rules of who may do what, checked on the log itself: whatever the request, a recorded event must be
 * one the person behind it was allowed to cause, given the incident as it stood just before.
 */
export function authorityProblem(before: IncidentState, event: RecordedEvent): string | undefined {
  const { actor } = event;
  const commander = commanderOf(before);
  const resolved = before.status === 'resolved';
  switch (event.type) {
    case 'HandoffAccepted':
    case 'HandoffDeclined': {
      const offer = before.offers[event.data.offerId];
      if (!offer) return `${event.type} of offer ${event.data.offerId}, which was not open`;
      if (actor !== offer.to) return `${event.type} by ${actor}, but the offer was made to ${offer.to}`;
      return resolved ? `${event.type} on a resolved incident` : undefined;
    }
    case 'IncidentDeclared':
      return 'declared twice';
    case 'IncidentResolved':
      if (resolved) return 'resolved twice';
      return actor === commander ? undefined : `resolved by ${actor}, not by the commander ${commander}`;
    case 'IncidentReopened':
      return resolved ? undefined : 'reopened while open';
    case 'RoleAssigned': {
      if (event.data.role === COMMANDER) return 'commander seated without an accepted handoff';
      const holder = before.roles[event.data.role];
      const allowed = actor === commander || actor === holder || (!holder && actor === event.data.user);
      if (!allowed) return `${actor} seated ${event.data.user} as ${event.data.role} (holder: ${holder ?? 'nobody'})`;
      return resolved ? 'role changed on a resolved incident' : undefined;
    }
    case 'RoleUnassigned': {
      if (event.data.role === COMMANDER) return 'commander unseated';
      const holder = before.roles[event.data.role];
      return actor === commander || actor === holder
        ? undefined
        : `${actor} unseated ${holder} from ${event.data.role}`;
    }
    case 'HandoffOffered': {
      const holder = before.roles[event.data.role];
      if (actor !== commander && actor !== holder) return `${actor} offered ${event.data.role}, held by ${holder}`;
      return resolved ? 'handoff offered on a resolved incident' : undefined;
    }
    case 'StatusChanged':
    case 'SeverityChanged':
    case 'StepCompleted':
    case 'StepSkipped':
    case 'StepBlocked':
      return resolved ? `${event.type} on a resolved incident` : undefined;
    default:
      return undefined;
  }
}

interface Followed {
  length: number;
  state: IncidentState | undefined;
  /** A bad entry is in this log: warroom may no longer be able to read it. */
  poisoned: boolean;
}

/**
 * Follows every incident log under the harness prefix, reading only what was appended since the last look,
 * and reports each entry that does not parse with `recordedEventSchema`, carries a text field over 4,000
 * characters, is out of sequence, names a protocol that does not exist, or was caused by someone not allowed
 * to cause it.
 */
export class LogAuditor {
  private readonly followed = new Map<string, Followed>();

  constructor(private readonly h: Harness) {}

  /**
   * Problems in what was appended, to any incident, since the last call. Incidents are INC-1 … INC-n
   * (the counter); `everywhere` also looks for logs under any other id, which is slower.
   */
  async newProblems(options: { everywhere?: boolean } = {}): Promise<LogProblem[]> {
    const keys = keysFor(this.h.prefix);
    const count = Number((await this.h.redis.get(keys.incidentCounter)) ?? 0);
    const ids = new Set(Array.from({ length: count }, (_, i) => `INC-${i + 1}`));
    if (options.everywhere) {
      for (const logKey of await this.h.redis.keys(`${this.h.prefix}:inc:*:log`)) {
        ids.add(logKey.slice(`${this.h.prefix}:inc:{`.length, -'}:log'.length));
      }
    }
    const ordered = [...ids];
    const pipeline = this.h.redis.pipeline();
    for (const id of ordered) pipeline.lrange(keys.log(id), this.followed.get(id)?.length ?? 0, -1);
    const replies = (await pipeline.exec()) ?? [];
    const problems: LogProblem[] = [];
    for (const [i, id] of ordered.entries()) {
      const [error, fresh] = replies[i] ?? [null, []];
      if (error) throw error;
      const followed = this.followed.get(id) ?? { length: 0, state: undefined, poisoned: false };
      this.followed.set(id, followed);
      for (const raw of fresh as string[]) {
        followed.length += 1;
        problems.push(...this.check(id, followed, raw));
      }
    }
    return problems;
  }

  /** The incident as its (valid) log entries so far fold; call `newProblems` first to be current. */
  stateOf(incidentId: string): IncidentState | undefined {
    return this.followed.get(incidentId)?.state;
  }

  isPoisoned(incidentId: string): boolean {
    return this.followed.get(incidentId)?.poisoned ?? false;
  }

  private check(id: string, followed: Followed, raw: string): LogProblem[] {
    let entry: unknown;
    try {
      entry = JSON.parse(raw);
    } catch {
      followed.poisoned = true;
      return [{ incident: id, seq: followed.length, type: '?', actor: '?', key: '?', problem: 'not JSON' }];
    }
    const record = (entry ?? {}) as Record<string, unknown>;
    const base = {
      incident: id,
      seq: followed.length,
      type: String(record.type),
      actor: String(record.actor),
      key: String(record.key),
    };
    const problems: LogProblem[] = [];
    const parsed = recordedEventSchema.safeParse(entry);
    if (!parsed.success) {
      followed.poisoned = true;
      for (const issue of parsed.error.issues.slice(0, 3)) {
        const where = issue.path.map(String).join('.');
        problems.push({
          ...base,
          problem: `does not parse at ${where || '.'}: ${issue.message} (${describeValue(valueAt(entry, issue.path))})`,
        });
      }
    }
    for (const path of longStrings(entry, MAX_TEXT_FIELD)) {
      problems.push({ ...base, problem: `text over ${MAX_TEXT_FIELD} characters at ${path}` });
    }
    if (!parsed.success) return problems;
    const event = parsed.data as RecordedEvent;
    if (event.incidentId !== id) problems.push({ ...base, problem: `carries incidentId ${event.incidentId}` });
    const protocols = this.h.app.services.templates.protocols;
    if (event.type === 'IncidentDeclared' && event.data.protocol && !Object.hasOwn(protocols, event.data.protocol)) {
      problems.push({ ...base, problem: `runs protocol "${event.data.protocol}", which templates/ does not define` });
    }
    if (event.seq !== followed.length) problems.push({ ...base, problem: `has seq ${event.seq}` });
    const authority = followed.state ? authorityProblem(followed.state, event) : undefined;
    if (authority) problems.push({ ...base, problem: authority });
    try {
      followed.state = evolve(followed.state, event);
    } catch (error) {
      followed.poisoned = true;
      problems.push({ ...base, problem: `cannot be folded: ${(error as Error).message}` });
    }
    return problems;
  }
}

// ---------------------------------------------------------------------------------------------------------
// What warroom posted
// ---------------------------------------------------------------------------------------------------------

/** Web API errors that mean Slack refused what warroom sent (its content), not the situation. */
const CONTENT_ERRORS = new Set([
  'invalid_arguments',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'too_long',
  'no_text',
  'invalid_name',
  'metadata_too_large',
  'invalid_metadata_schema',
]);

/** Watches what warroom posted to the emulated Slack. */
export class SlackAuditor {
  private callsSeen = 0;
  private readonly messagesSeen = new Map<string, number>();

  constructor(private readonly h: Harness) {}

  /**
   * Messages warroom posted that notify @channel, @here or @everyone: those posted since the last look, or
   * with `all`, every message in every channel as it reads now (after edits).
   */
  broadcasts(options: { all?: boolean } = {}): string[] {
    const found: string[] = [];
    for (const channel of this.h.emulator.workspace.channels.values()) {
      const from = options.all ? 0 : (this.messagesSeen.get(channel.id) ?? 0);
      if (!options.all) this.messagesSeen.set(channel.id, channel.messages.length);
      for (const message of channel.messages.slice(from)) {
        const broadcasts = message.botId ? (message.mentions?.broadcasts ?? []) : [];
        if (broadcasts.length > 0) {
          const text = message.text.slice(0, 120);
          found.push(`#${channel.name} ${message.ts} notifies @${broadcasts.join(', @')}: ${text}`);
        }
      }
    }
    return found;
  }

  /** Web API calls since the last look that Slack refused for their content. */
  newRefusals(): string[] {
    const calls = this.h.emulator.calls.slice(this.callsSeen);
    this.callsSeen += calls.length;
    return calls
      .filter((c) => !c.ok && c.error !== undefined && CONTENT_ERRORS.has(c.error))
      .map((c) => `${c.method} → ${c.error}: ${JSON.stringify(c.response).slice(0, 300)}`);
  }
}
