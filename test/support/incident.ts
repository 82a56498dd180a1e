/**
 * Helpers for tests about incidents: find what the emulated workspace shows for one, and read its log.
 */
import { expect } from 'vitest';
import type { EmulatedChannel, EmulatedMessage } from '../../src/sandbox/workspace.js';
import { keysFor } from '../../src/store/keys.js';
import type { Harness } from './harness.js';

/** The incident channel created for an incident (waits for it). */
export async function channelOf(h: Harness, incidentId: string): Promise<EmulatedChannel> {
  const keys = keysFor(h.prefix);
  const id = await waitForValue(async () => {
    const raw = await h.redis.lrange(keys.log(incidentId), 0, -1);
    const created = raw.map((r) => JSON.parse(r)).find((e) => e.type === 'ChannelCreated');
    return created?.data.channelId as string | undefined;
  });
  const channel = h.emulator.workspace.channels.get(id);
  expect(channel).toBeDefined();
  return channel as EmulatedChannel;
}

/**
 * Waits until a declare's set-up is recorded to its end (the changes listed and, for a public incident,
 * the announcement): the board is pinned before the rest of the set-up is done, so a pinned board alone
 * does not say it is over.
 */
export async function setUpRecorded(h: Harness, incidentId: string): Promise<void> {
  await waitForValue(async () => {
    const log = await logOf(h, incidentId);
    const declared = log.find((e) => e.type === 'IncidentDeclared') as { data?: { private?: boolean } } | undefined;
    const announced = declared?.data?.private === true || log.some((e) => e.type === 'AnnouncementPosted');
    return announced && log.some((e) => e.type === 'ChangesListed');
  });
}

/** Polls an async check until it yields a value (every 20 ms, up to `timeoutMs`). */
export async function waitForValue<T>(check: () => Promise<T | undefined | false>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

/** The incident's log as stored in Redis. */
export async function logOf(h: Harness, incidentId: string): Promise<Record<string, unknown>[]> {
  const raw = await h.redis.lrange(keysFor(h.prefix).log(incidentId), 0, -1);
  return raw.map((r) => JSON.parse(r) as Record<string, unknown>);
}

/** The board: the bot's first message in the channel. */
export function boardOf(channel: EmulatedChannel): EmulatedMessage | undefined {
  return channel.messages.find((m) => m.botId && m.blocks?.some((b) => (b as { type?: string }).type === 'header'));
}

/** All text in a message's blocks, joined, for assertions about what a reader sees. */
export function textOf(message: { text: string; blocks?: unknown[] } | undefined): string {
  if (!message) return '';
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') parts.push(record.text);
      for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
    }
  };
  walk(message.blocks ?? []);
  return parts.length > 0 ? parts.join('\n') : message.text;
}
