/** @module sandbox/message-activity — posting, editing, deleting, pinning, reacting, and the event each sends. */
import type { SlackEmulator } from './emulator.js';
import type { EmulatedMessage, EmulatedUser } from './workspace.js';

/** Posts a message in a channel as `person` typing it, and sends the `message` event. */
export async function postMessage(
  emulator: SlackEmulator,
  person: EmulatedUser,
  channel: string,
  text: string,
  threadTs?: string,
): Promise<EmulatedMessage> {
  const message = emulator.workspace.postAsUser(channel, person.id, text, threadTs);
  await emulator.deliverEvent({
    type: 'message',
    channel,
    user: person.id,
    text,
    ts: message.ts,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    channel_type: channelType(emulator, channel),
    event_ts: message.ts,
  });
  return message;
}

/** Edits one of `person`'s messages and sends `message_changed`. */
export async function editMessage(
  emulator: SlackEmulator,
  person: EmulatedUser,
  channel: string,
  ts: string,
  text: string,
): Promise<void> {
  const message = ownMessage(emulator, person, channel, ts);
  const previous = { type: 'message', user: person.id, text: message.text, ts };
  message.text = text;
  message.edited = { user: person.id, ts: emulator.workspace.nextTs() };
  await emulator.deliverEvent({
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel,
    ts: message.edited.ts,
    message: { type: 'message', user: person.id, text, ts, edited: message.edited },
    previous_message: previous,
    channel_type: channelType(emulator, channel),
    event_ts: message.edited.ts,
  });
}

/** Deletes one of `person`'s messages and sends `message_deleted`. */
export async function deleteMessage(
  emulator: SlackEmulator,
  person: EmulatedUser,
  channel: string,
  ts: string,
): Promise<void> {
  const message = ownMessage(emulator, person, channel, ts);
  message.deleted = true;
  const eventTs = emulator.workspace.nextTs();
  await emulator.deliverEvent({
    type: 'message',
    subtype: 'message_deleted',
    hidden: true,
    channel,
    ts: eventTs,
    deleted_ts: ts,
    previous_message: { type: 'message', user: message.user, text: message.text, ts },
    channel_type: channelType(emulator, channel),
    event_ts: eventTs,
  });
}

/** Pins (or unpins) a message and sends `pin_added` (or `pin_removed`). */
export async function setPinned(
  emulator: SlackEmulator,
  person: EmulatedUser,
  channel: string,
  ts: string,
  pinned: boolean,
): Promise<void> {
  const message = visibleMessage(emulator, channel, ts);
  message.pinned = pinned;
  await emulator.deliverEvent({
    type: pinned ? 'pin_added' : 'pin_removed',
    user: person.id,
    channel_id: channel,
    item: {
      type: 'message',
      channel,
      created: Math.floor(Date.now() / 1000),
      created_by: person.id,
      message: render(message),
    },
    item_user: message.user,
    ...(pinned ? {} : { has_pins: false }),
    event_ts: emulator.workspace.nextTs(),
  });
}

/** Adds (or removes) `person`'s emoji reaction (name without colons) and sends `reaction_added` (or `reaction_removed`). */
export async function setReaction(
  emulator: SlackEmulator,
  person: EmulatedUser,
  channel: string,
  ts: string,
  name: string,
  on: boolean,
): Promise<void> {
  const message = visibleMessage(emulator, channel, ts);
  const who = message.reactions.get(name) ?? new Set<string>();
  if (on) who.add(person.id);
  else who.delete(person.id);
  message.reactions.set(name, who);
  await emulator.deliverEvent({
    type: on ? 'reaction_added' : 'reaction_removed',
    user: person.id,
    reaction: name,
    item_user: message.user,
    item: { type: 'message', channel, ts },
    event_ts: emulator.workspace.nextTs(),
  });
}

function render(message: EmulatedMessage): Record<string, unknown> {
  return { type: 'message', user: message.user, text: message.text, ts: message.ts };
}

function channelType(emulator: SlackEmulator, channelId: string): string {
  return emulator.workspace.channels.get(channelId)?.isPrivate ? 'group' : 'channel';
}

function visibleMessage(emulator: SlackEmulator, channel: string, ts: string): EmulatedMessage {
  const message = emulator.workspace.findMessage(channel, ts);
  if (!message) throw new Error(`no message ${ts} in ${channel}`);
  return message;
}

function ownMessage(emulator: SlackEmulator, person: EmulatedUser, channel: string, ts: string): EmulatedMessage {
  const message = visibleMessage(emulator, channel, ts);
  if (message.user !== person.id) throw new Error(`${person.name} cannot change someone else's message`);
  return message;
}
