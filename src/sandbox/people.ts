/**
 * @module sandbox/people
 * A person in the sandbox workspace doing what people do in Slack: typing a slash command, clicking a
 * button that is really on screen, submitting a modal they really have open, posting, pinning and
 * reacting. Each action sends the app the same request Slack would.
 */
import type { SlackEmulator } from './emulator.js';
import { renderView } from './methods/views.js';
import type { AppAnswer, DeliveryOptions, SlackRequest } from './transport.js';
import type { EmulatedEphemeral, EmulatedMessage, EmulatedUser, EmulatedView } from './workspace.js';
import { APP_ID, TEAM_DOMAIN, TEAM_ID } from './workspace.js';

export interface CommandResult extends AppAnswer {
  /** What the user saw from the ack: the ephemeral text, when the app answered with one. */
  ackText: string | undefined;
  /** The trigger_id Slack sent with the command (the app's idempotency key for it). */
  triggerId: string;
}

/** A value typed or picked in a modal input, keyed by the element's action_id. */
export type InputValue = string | string[] | undefined;

export interface SubmitResult extends AppAnswer {
  /** Field errors the app returned (`response_action: errors`); the modal stays open. */
  errors: Record<string, string> | undefined;
  /** Whether the modal closed. */
  closed: boolean;
}

interface Button {
  blockId: string;
  element: Record<string, unknown>;
}

function formRequest(payload: Record<string, unknown>): SlackRequest {
  return {
    kind: 'interactive',
    rawBody: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    payload,
  };
}

function textOf(answer: AppAnswer): string | undefined {
  if (answer.status !== 200 || !answer.body) return undefined;
  if (answer.json && typeof answer.json === 'object') {
    const text = (answer.json as { text?: unknown }).text;
    return typeof text === 'string' ? text : undefined;
  }
  return answer.body;
}

/** Every interactive element in these blocks, with the block it sits in. */
function elementsOf(blocks: unknown): Button[] {
  const found: Button[] = [];
  if (!Array.isArray(blocks)) return found;
  for (const raw of blocks) {
    const block = raw as Record<string, unknown>;
    const blockId = String(block.block_id ?? '');
    const candidates: unknown[] = [];
    if (Array.isArray(block.elements)) candidates.push(...block.elements);
    if (block.accessory) candidates.push(block.accessory);
    if (block.element) candidates.push(block.element);
    for (const element of candidates) {
      if (element && typeof element === 'object' && 'action_id' in element) {
        found.push({ blockId, element: element as Record<string, unknown> });
      }
    }
  }
  return found;
}

export class SlackUser {
  constructor(
    private readonly emulator: SlackEmulator,
    readonly profile: EmulatedUser,
  ) {}

  get id(): string {
    return this.profile.id;
  }

  private get userRef() {
    return { id: this.id, username: this.profile.name, name: this.profile.name, team_id: TEAM_ID };
  }

  /** Types a slash command (default `/incident`) in a channel. */
  async command(
    text: string,
    options: { channel?: string; command?: string; delivery?: DeliveryOptions } = {},
  ): Promise<CommandResult> {
    const channelId = options.channel ?? 'C0GENERAL01';
    const channel = this.emulator.workspace.channels.get(channelId);
    if (channel?.isPrivate && !channel.members.has(this.id)) {
      throw new Error(`${this.profile.name} cannot type in private channel ${channel.name}: not a member`);
    }
    const fields = {
      token: 'sandbox-verification-token',
      team_id: TEAM_ID,
      team_domain: TEAM_DOMAIN,
      channel_id: channelId,
      channel_name: channel?.name ?? 'unknown',
      user_id: this.id,
      user_name: this.profile.name,
      command: options.command ?? '/incident',
      text,
      api_app_id: APP_ID,
      is_enterprise_install: 'false',
      response_url: this.emulator.issueResponseUrl(this.id, channelId),
      trigger_id: this.emulator.issueTrigger(this.id),
    };
    const request: SlackRequest = {
      kind: 'command',
      rawBody: new URLSearchParams(fields).toString(),
      contentType: 'application/x-www-form-urlencoded',
      payload: fields,
    };
    const answer = await this.emulator.deliver(request, options.delivery);
    const ackText = textOf(answer);
    if (ackText) {
      this.emulator.workspace.ephemerals.push({
        channel: channelId,
        user: this.id,
        text: ackText,
        at: Date.now(),
        source: 'ack',
      });
    }
    return { ...answer, ackText, triggerId: fields.trigger_id };
  }

  /**
   * Clicks a button (or picks from a menu) that is on a message in the channel. Fails like a test
   * bug would when no such element is on screen.
   */
  async click(
    message: Pick<EmulatedMessage, 'channel' | 'ts'>,
    actionId: string,
    options: { value?: string; selected?: string; delivery?: DeliveryOptions } = {},
  ): Promise<AppAnswer> {
    const current = this.emulator.workspace.findMessage(message.channel, message.ts);
    if (!current) throw new Error(`no message ${message.ts} in ${message.channel} to click on`);
    const channel = this.emulator.workspace.channels.get(message.channel);
    if (channel?.isPrivate && !channel.members.has(this.id)) {
      throw new Error(`${this.profile.name} cannot see private channel ${message.channel}`);
    }
    const target = this.findElement(current.blocks, actionId, options.value);
    const payload = {
      type: 'block_actions',
      user: this.userRef,
      api_app_id: APP_ID,
      token: 'sandbox-verification-token',
      container: { type: 'message', message_ts: current.ts, channel_id: current.channel, is_ephemeral: false },
      trigger_id: this.emulator.issueTrigger(this.id),
      team: { id: TEAM_ID, domain: TEAM_DOMAIN },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: current.channel, name: channel?.name ?? '' },
      message: {
        type: 'message',
        ts: current.ts,
        user: current.user,
        text: current.text,
        ...(current.blocks ? { blocks: current.blocks } : {}),
      },
      state: { values: {} },
      response_url: this.emulator.issueResponseUrl(this.id, current.channel, current.ts),
      actions: [this.actionOf(target, options.selected)],
    };
    return this.emulator.deliver(formRequest(payload), options.delivery);
  }

  /** Clicks a button on an ephemeral message this user was shown. */
  async clickEphemeral(
    ephemeral: EmulatedEphemeral,
    actionId: string,
    options: { value?: string; delivery?: DeliveryOptions } = {},
  ): Promise<AppAnswer> {
    if (ephemeral.user !== this.id) throw new Error(`${this.profile.name} was not shown that ephemeral message`);
    const target = this.findElement(ephemeral.blocks, actionId, options.value);
    const ts = this.emulator.workspace.nextTs();
    const payload = {
      type: 'block_actions',
      user: this.userRef,
      api_app_id: APP_ID,
      token: 'sandbox-verification-token',
      container: { type: 'message', message_ts: ts, channel_id: ephemeral.channel, is_ephemeral: true },
      trigger_id: this.emulator.issueTrigger(this.id),
      team: { id: TEAM_ID, domain: TEAM_DOMAIN },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: ephemeral.channel, name: this.emulator.workspace.channels.get(ephemeral.channel)?.name ?? '' },
      state: { values: {} },
      response_url: this.emulator.issueResponseUrl(this.id, ephemeral.channel),
      actions: [this.actionOf(target)],
    };
    return this.emulator.deliver(formRequest(payload), options.delivery);
  }

  /** The modal this user has open on top, if any. */
  openView(): EmulatedView | undefined {
    return [...this.emulator.workspace.views.values()].filter((v) => v.user === this.id && !v.closed).at(-1);
  }

  /**
   * Fills in and submits the modal this user has open. `values` maps action_id to what is typed or
   * picked (option values for selects, user ids for user pickers, `YYYY-MM-DD` for dates).
   */
  async submit(
    values: Record<string, InputValue>,
    options: { delivery?: DeliveryOptions } = {},
  ): Promise<SubmitResult> {
    const view = this.openView();
    if (!view) throw new Error(`${this.profile.name} has no modal open`);
    const state = this.stateOf(view, values);
    const payload = {
      type: 'view_submission',
      team: { id: TEAM_ID, domain: TEAM_DOMAIN },
      user: this.userRef,
      api_app_id: APP_ID,
      token: 'sandbox-verification-token',
      trigger_id: this.emulator.issueTrigger(this.id),
      view: { ...renderView(view), state: { values: state } },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const answer = await this.emulator.deliver(formRequest(payload), options.delivery);
    return { ...answer, ...this.applyViewResponse(view, answer) };
  }

  /** Posts a message in a channel, as a person typing it. */
  async post(channel: string, text: string, threadTs?: string): Promise<EmulatedMessage> {
    const message = this.emulator.workspace.postAsUser(channel, this.id, text, threadTs);
    await this.emulator.deliverEvent({
      type: 'message',
      channel,
      user: this.id,
      text,
      ts: message.ts,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      channel_type: this.channelType(channel),
      event_ts: message.ts,
    });
    return message;
  }

  /** Edits one of this user's messages. */
  async edit(channel: string, ts: string, text: string): Promise<void> {
    const message = this.ownMessage(channel, ts);
    const previous = { type: 'message', user: this.id, text: message.text, ts };
    message.text = text;
    message.edited = { user: this.id, ts: this.emulator.workspace.nextTs() };
    await this.emulator.deliverEvent({
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel,
      ts: message.edited.ts,
      message: { type: 'message', user: this.id, text, ts, edited: message.edited },
      previous_message: previous,
      channel_type: this.channelType(channel),
      event_ts: message.edited.ts,
    });
  }

  /** Deletes one of this user's messages. */
  async delete(channel: string, ts: string): Promise<void> {
    const message = this.ownMessage(channel, ts);
    message.deleted = true;
    const eventTs = this.emulator.workspace.nextTs();
    await this.emulator.deliverEvent({
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel,
      ts: eventTs,
      deleted_ts: ts,
      previous_message: { type: 'message', user: message.user, text: message.text, ts },
      channel_type: this.channelType(channel),
      event_ts: eventTs,
    });
  }

  /** Pins a message to the channel. */
  async pin(channel: string, ts: string): Promise<void> {
    const message = this.visibleMessage(channel, ts);
    message.pinned = true;
    await this.emulator.deliverEvent({
      type: 'pin_added',
      user: this.id,
      channel_id: channel,
      item: {
        type: 'message',
        channel,
        created: Math.floor(Date.now() / 1000),
        created_by: this.id,
        message: this.render(message),
      },
      item_user: message.user,
      event_ts: this.emulator.workspace.nextTs(),
    });
  }

  /** Unpins a message. */
  async unpin(channel: string, ts: string): Promise<void> {
    const message = this.visibleMessage(channel, ts);
    message.pinned = false;
    await this.emulator.deliverEvent({
      type: 'pin_removed',
      user: this.id,
      channel_id: channel,
      item: {
        type: 'message',
        channel,
        created: Math.floor(Date.now() / 1000),
        created_by: this.id,
        message: this.render(message),
      },
      item_user: message.user,
      has_pins: false,
      event_ts: this.emulator.workspace.nextTs(),
    });
  }

  /** Adds an emoji reaction (name without colons) to a message. */
  async react(channel: string, ts: string, name: string): Promise<void> {
    const message = this.visibleMessage(channel, ts);
    const who = message.reactions.get(name) ?? new Set<string>();
    who.add(this.id);
    message.reactions.set(name, who);
    await this.emulator.deliverEvent({
      type: 'reaction_added',
      user: this.id,
      reaction: name,
      item_user: message.user,
      item: { type: 'message', channel, ts },
      event_ts: this.emulator.workspace.nextTs(),
    });
  }

  /** Removes this user's emoji reaction. */
  async unreact(channel: string, ts: string, name: string): Promise<void> {
    const message = this.visibleMessage(channel, ts);
    message.reactions.get(name)?.delete(this.id);
    await this.emulator.deliverEvent({
      type: 'reaction_removed',
      user: this.id,
      reaction: name,
      item_user: message.user,
      item: { type: 'message', channel, ts },
      event_ts: this.emulator.workspace.nextTs(),
    });
  }

  /** Ephemeral messages this user has been shown, oldest first. */
  ephemerals(channel?: string): EmulatedEphemeral[] {
    return this.emulator.workspace.ephemerals.filter(
      (e) => e.user === this.id && (channel === undefined || e.channel === channel),
    );
  }

  /** The text of the last ephemeral message this user was shown. */
  lastEphemeralText(): string | undefined {
    return this.ephemerals().at(-1)?.text;
  }

  private render(message: EmulatedMessage): Record<string, unknown> {
    return { type: 'message', user: message.user, text: message.text, ts: message.ts };
  }

  private channelType(channelId: string): string {
    return this.emulator.workspace.channels.get(channelId)?.isPrivate ? 'group' : 'channel';
  }

  private visibleMessage(channel: string, ts: string): EmulatedMessage {
    const message = this.emulator.workspace.findMessage(channel, ts);
    if (!message) throw new Error(`no message ${ts} in ${channel}`);
    return message;
  }

  private ownMessage(channel: string, ts: string): EmulatedMessage {
    const message = this.visibleMessage(channel, ts);
    if (message.user !== this.id) throw new Error(`${this.profile.name} cannot change someone else's message`);
    return message;
  }

  private findElement(blocks: unknown, actionId: string, value?: string): Button {
    const candidates = elementsOf(blocks).filter((b) => b.element.action_id === actionId);
    const match = value === undefined ? candidates[0] : candidates.find((b) => b.element.value === value);
    if (!match) {
      const onScreen = elementsOf(blocks)
        .map((b) => `${String(b.element.action_id)}${b.element.value ? `=${String(b.element.value)}` : ''}`)
        .join(', ');
      throw new Error(
        `no element ${actionId}${value ? `=${value}` : ''} on screen (there is: ${onScreen || 'nothing'})`,
      );
    }
    return match;
  }

  private actionOf(target: Button, selected?: string): Record<string, unknown> {
    const { element, blockId } = target;
    const base = {
      action_id: element.action_id,
      block_id: blockId,
      type: element.type,
      action_ts: this.emulator.workspace.nextTs(),
    };
    if (element.type === 'button') return { ...base, text: element.text, value: element.value ?? '' };
    if (element.type === 'static_select' || element.type === 'overflow') {
      const option = ((element.options as Record<string, unknown>[] | undefined) ?? []).find(
        (o) => o.value === selected,
      );
      if (!option) throw new Error(`no option ${selected} in ${String(element.action_id)}`);
      return { ...base, selected_option: option };
    }
    if (element.type === 'users_select') return { ...base, selected_user: selected };
    return base;
  }

  private stateOf(view: EmulatedView, values: Record<string, InputValue>): Record<string, Record<string, unknown>> {
    const state: Record<string, Record<string, unknown>> = {};
    const used = new Set<string>();
    const blocks = Array.isArray(view.view.blocks) ? (view.view.blocks as Record<string, unknown>[]) : [];
    for (const block of blocks) {
      if (block.type !== 'input') continue;
      const element = block.element as Record<string, unknown>;
      const actionId = String(element.action_id);
      const blockId = String(block.block_id);
      const value = values[actionId] ?? initialOf(element);
      used.add(actionId);
      if (
        (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) &&
        block.optional !== true
      ) {
        const label = (block.label as { text?: string } | undefined)?.text ?? actionId;
        throw new Error(`Slack would not submit: "${label}" is required`);
      }
      state[blockId] = { [actionId]: elementState(element, value) };
    }
    for (const key of Object.keys(values)) {
      if (!used.has(key)) throw new Error(`the open modal has no input ${key}`);
    }
    return state;
  }

  private applyViewResponse(view: EmulatedView, answer: AppAnswer): Pick<SubmitResult, 'errors' | 'closed'> {
    const body = (answer.json ?? {}) as { response_action?: string; errors?: Record<string, string>; view?: unknown };
    if (answer.status !== 200) return { errors: undefined, closed: false };
    if (body.response_action === 'errors') return { errors: body.errors ?? {}, closed: false };
    if (body.response_action === 'update' && body.view) {
      view.view = body.view as Record<string, unknown>;
      return { errors: undefined, closed: false };
    }
    if (body.response_action === 'clear') {
      for (const v of this.emulator.workspace.views.values()) if (v.rootId === view.rootId) v.closed = true;
      return { errors: undefined, closed: true };
    }
    view.closed = true;
    return { errors: undefined, closed: true };
  }
}

function initialOf(element: Record<string, unknown>): InputValue {
  if (typeof element.initial_value === 'string') return element.initial_value;
  const option = element.initial_option as { value?: string } | undefined;
  if (option?.value) return option.value;
  if (typeof element.initial_user === 'string') return element.initial_user;
  if (typeof element.initial_date === 'string') return element.initial_date;
  if (typeof element.initial_time === 'string') return element.initial_time;
  if (Array.isArray(element.initial_options)) {
    return (element.initial_options as { value: string }[]).map((o) => o.value);
  }
  return undefined;
}

function optionsOf(element: Record<string, unknown>): Record<string, unknown>[] {
  const direct = (element.options as Record<string, unknown>[] | undefined) ?? [];
  const grouped = ((element.option_groups as { options: Record<string, unknown>[] }[] | undefined) ?? []).flatMap(
    (g) => g.options,
  );
  return [...direct, ...grouped];
}

function pickOption(element: Record<string, unknown>, value: string): Record<string, unknown> {
  const option = optionsOf(element).find((o) => o.value === value);
  if (!option) throw new Error(`no option ${value} in ${String(element.action_id)}`);
  return option;
}

/** What Slack puts in view.state.values for one element. */
function elementState(element: Record<string, unknown>, value: InputValue): Record<string, unknown> {
  const type = element.type;
  const one = Array.isArray(value) ? value[0] : value;
  const many = Array.isArray(value) ? value : value === undefined ? [] : [value];
  switch (type) {
    case 'static_select':
    case 'radio_buttons':
      return { type, selected_option: one === undefined ? null : pickOption(element, one) };
    case 'checkboxes':
    case 'multi_static_select':
      return { type, selected_options: many.map((v) => pickOption(element, v)) };
    case 'users_select':
      return { type, selected_user: one ?? null };
    case 'multi_users_select':
      return { type, selected_users: many };
    case 'conversations_select':
      return { type, selected_conversation: one ?? null };
    case 'channels_select':
      return { type, selected_channel: one ?? null };
    case 'datepicker':
      return { type, selected_date: one ?? null };
    case 'timepicker':
      return { type, selected_time: one ?? null };
    default:
      if (typeof element.max_length === 'number' && one && one.length > element.max_length) {
        throw new Error(
          `Slack would not accept more than ${element.max_length} characters in ${String(element.action_id)}`,
        );
      }
      return { type, value: one ?? null };
  }
}
