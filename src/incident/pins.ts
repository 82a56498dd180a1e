/**
 * @module incident/pins
 * The messages pinned to an incident's timeline (a real pin, a 📌 reaction, or both), and how a pin event
 * changes them. Pure.
 */
import type { RecordedEvent } from './events.js';
import { ownEntry } from './own-entry.js';

export interface PinnedMessage {
  channelId: string;
  ts: string;
  author: string;
  text: string;
  /** How it is pinned to the timeline: a real pin, a 📌 reaction, or both. */
  via: ('pin' | 'reaction')[];
}

export type PinEvent = Extract<RecordedEvent, { type: 'MessagePinned' | 'PinnedMessageEdited' | 'MessageUnpinned' }>;

export function isPinEvent(event: RecordedEvent): event is PinEvent {
  return event.type === 'MessagePinned' || event.type === 'PinnedMessageEdited' || event.type === 'MessageUnpinned';
}

/** Applies a pin event to `pins`, in place. */
export function changePins(pins: Record<string, PinnedMessage>, event: PinEvent): void {
  const pin = ownEntry(pins, event.data.ts);
  switch (event.type) {
    case 'MessagePinned':
      pins[event.data.ts] = {
        channelId: event.data.channelId,
        ts: event.data.ts,
        author: event.data.author,
        text: event.data.text,
        via: pin ? [...new Set([...pin.via, event.data.via])] : [event.data.via],
      };
      break;
    case 'PinnedMessageEdited':
      if (pin) pins[event.data.ts] = { ...pin, text: event.data.text };
      break;
    case 'MessageUnpinned': {
      if (!pin) break;
      const via = event.data.via === 'deleted' ? [] : pin.via.filter((v) => v !== event.data.via);
      if (via.length === 0) delete pins[event.data.ts];
      else pins[event.data.ts] = { ...pin, via };
      break;
    }
  }
}
