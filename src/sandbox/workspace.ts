/**
 * @module sandbox/workspace
 * The emulated Slack workspace: users, channels, messages, pins, bookmarks, views and files, in memory.
 */
import type { Mentions } from './mentions.js';

export interface EmulatedUser {
  id: string;
  name: string;
  realName: string;
  tz: string;
  /** The profile's e-mail (what users.lookupByEmail matches, case-insensitively). */
  email?: string;
  isBot?: boolean;
}

export interface EmulatedMessage {
  ts: string;
  channel: string;
  user: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  edited?: { user: string; ts: string };
  /** How many times chat.update rewrote this message. */
  updates: number;
  pinned: boolean;
  reactions: Map<string, Set<string>>;
  deleted: boolean;
  files?: string[];
  /** Who this message notified (bot messages only; people's messages are typed by tests). */
  mentions?: Mentions;
  /** Slack message metadata the app attached (event_type and event_payload). */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface EmulatedChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  created: number;
  creator: string;
  topic: { value: string; creator: string; lastSet: number };
  purpose: { value: string; creator: string; lastSet: number };
  members: Set<string>;
  messages: EmulatedMessage[];
  bookmarks: { id: string; title: string; type: string; link?: string; emoji?: string }[];
  previousNames: string[];
}

export interface EmulatedEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  at: number;
  /** How it reached the user: chat.postEphemeral, a slash command's ack body, or a response_url post. */
  source: 'chat.postEphemeral' | 'ack' | 'response_url';
}

export interface EmulatedView {
  id: string;
  user: string;
  view: Record<string, unknown>;
  hash: string;
  /** Views opened on top of this one with views.push, in order. */
  stackDepth: number;
  rootId: string;
  closed: boolean;
}

export interface EmulatedFile {
  id: string;
  filename: string;
  length: number;
  title?: string;
  content?: Buffer;
  channels: string[];
  initialComment?: string;
  completed: boolean;
}

export const TEAM_ID = 'T0WARROOM';
export const TEAM_DOMAIN = 'warroom-sandbox';
export const APP_ID = 'A0WARROOM';
export const BOT_ID = 'B0WARROOM';
export const BOT_USER_ID = 'U0WARBOT';

/** People the sandbox workspace starts with; tests and drills may add more. */
export const DEFAULT_USERS: EmulatedUser[] = [
  { id: 'U0DANA0001', name: 'dana', realName: 'Dana Whitfield', tz: 'Europe/Madrid', email: 'dana@acme.example' },
  { id: 'U0RAJ00002', name: 'raj', realName: 'Raj Patel', tz: 'Europe/London', email: 'raj@acme.example' },
  { id: 'U0LEE00003', name: 'lee', realName: 'Lee Chen', tz: 'America/New_York', email: 'lee@acme.example' },
  { id: 'U0SAM00004', name: 'sam', realName: 'Sam Okafor', tz: 'UTC', email: 'sam@acme.example' },
  { id: 'U0ALEX0005', name: 'alex', realName: 'Alex Romero', tz: 'UTC', email: 'alex@acme.example' },
];

/** The in-memory state behind the emulated Web API. */
export class Workspace {
  readonly users = new Map<string, EmulatedUser>();
  readonly channels = new Map<string, EmulatedChannel>();
  readonly ephemerals: EmulatedEphemeral[] = [];
  readonly views = new Map<string, EmulatedView>();
  readonly files = new Map<string, EmulatedFile>();
  private sequence = 0;
  private lastTsMicros = 0;

  constructor() {
    this.users.set(BOT_USER_ID, { id: BOT_USER_ID, name: 'warroom', realName: 'warroom', tz: 'UTC', isBot: true });
    for (const user of DEFAULT_USERS) this.users.set(user.id, { ...user });
    this.createChannel({ name: 'general', isPrivate: false, creator: 'U0DANA0001', id: 'C0GENERAL01' });
    this.createChannel({ name: 'incidents', isPrivate: false, creator: 'U0DANA0001', id: 'C0INCIDENTS' });
    this.createChannel({ name: 'deploys', isPrivate: false, creator: 'U0DANA0001', id: 'C0DEPLOYS01' });
    // Everyone is in the workspace's first channels except the bot: an app starts in no channel and
    // joins (public ones) or is invited (private ones), as in a real workspace.
    for (const channel of this.channels.values()) {
      for (const user of this.users.keys()) if (user !== BOT_USER_ID) channel.members.add(user);
    }
  }

  /** A fresh id with Slack's shape: a prefix letter and upper-case alphanumerics. */
  nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}0${this.sequence.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  /** A message timestamp: seconds.microseconds, strictly increasing across the workspace, like Slack's. */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  addUser(user: Partial<EmulatedUser> & { name: string }): EmulatedUser {
    const created: EmulatedUser = {
      id: user.id ?? this.nextId('U'),
      name: user.name,
      realName: user.realName ?? user.name,
      tz: user.tz ?? 'UTC',
      ...(user.email ? { email: user.email } : {}),
    };
    this.users.set(created.id, created);
    return created;
  }

  createChannel(input: { name: string; isPrivate: boolean; creator: string; id?: string }): EmulatedChannel {
    const now = Math.floor(Date.now() / 1000);
    const channel: EmulatedChannel = {
      // Slack has given private channels C ids too since 2021; only old ones start with G.
      id: input.id ?? this.nextId('C'),
      name: input.name,
      isPrivate: input.isPrivate,
      isArchived: false,
      created: now,
      creator: input.creator,
      topic: { value: '', creator: '', lastSet: 0 },
      purpose: { value: '', creator: '', lastSet: 0 },
      members: new Set([input.creator]),
      messages: [],
      bookmarks: [],
      previousNames: [],
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  channelByName(name: string): EmulatedChannel | undefined {
    for (const channel of this.channels.values()) if (channel.name === name) return channel;
    return undefined;
  }

  /** Posts a message as a person (what a human typing in Slack does); returns it. */
  postAsUser(channelId: string, user: string, text: string, threadTs?: string): EmulatedMessage {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    const message: EmulatedMessage = {
      ts: this.nextTs(),
      channel: channelId,
      user,
      text,
      ...(threadTs ? { threadTs } : {}),
      updates: 0,
      pinned: false,
      reactions: new Map(),
      deleted: false,
    };
    channel.messages.push(message);
    return message;
  }

  findMessage(channelId: string, ts: string): EmulatedMessage | undefined {
    return this.channels.get(channelId)?.messages.find((m) => m.ts === ts && !m.deleted);
  }
}
