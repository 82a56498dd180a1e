/** @module sandbox/people — a person in the sandbox workspace, sending the app what Slack would for what they do. */
import { actionOf, findElement } from './block-actions.js';
import type { SlackEmulator } from './emulator.js';
import { deleteMessage, editMessage, postMessage, setPinned, setReaction } from './message-activity.js';
import { renderView } from './methods/views.js';
import { applyViewResponse, type InputValue, stateOf } from './modal-state.js';
import { type AppAnswer, type DeliveryOptions, SLACK_ANSWER_MS, type SlackRequest } from './transport.js';
import { slashCommandText } from './typed-text.js';
import type { EmulatedEphemeral, EmulatedMessage, EmulatedUser, EmulatedView } from './workspace.js';
import { APP_ID, TEAM_DOMAIN, TEAM_ID } from './workspace.js';

export type { InputValue } from './modal-state.js';

export interface CommandResult extends AppAnswer {
  /** What the user saw from the ack: the ephemeral text, when the app answered with one. */
  ackText: string | undefined;
  /** The trigger_id Slack sent with the command (the app's idempotency key for it). */
  triggerId: string;
  /** The app answered after Slack's 3 seconds: the person saw "operation_timeout", not the answer. */
  timedOut: boolean;
}

export interface SubmitResult extends AppAnswer {
  /** Field errors the app returned (`response_action: errors`); the modal stays open. */
  errors: Record<string, string> | undefined;
  /** Whether the modal closed. */
  closed: boolean;
  /** Why Slack refused the app's answer (the person sees "We had some trouble connecting"). */
  refused?: string;
}

function formRequest(payload: Record<string, unknown>): SlackRequest {
  return {
    kind: 'interactive',
    rawBody: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    payload,
  };
}

/** The blocks of a slash command's answer, when it answered with a message object that has them. */
function blocksOf(answer: AppAnswer): unknown[] | undefined {
  if (answer.status !== 200 || !answer.json || typeof answer.json !== 'object') return undefined;
  const blocks = (answer.json as { blocks?: unknown }).blocks;
  return Array.isArray(blocks) ? blocks : undefined;
}

function textOf(answer: AppAnswer): string | undefined {
  if (answer.status !== 200 || !answer.body) return undefined;
  if (answer.json && typeof answer.json === 'object') {
    const text = (answer.json as { text?: unknown }).text;
    return typeof text === 'string' ? text : undefined;
  }
  return answer.body;
}

/**
 * A person in the sandbox workspace doing what people do in Slack: typing a slash command, clicking a
 * button that is really on screen, submitting a modal they really have open, posting, pinning and
 * reacting. Each action sends the app the same request Slack would.
 */
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
    options: { channel?: string; command?: string; delivery?: DeliveryOptions; raw?: boolean } = {},
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
      // As the person typed it, encoded as Slack encodes a command with should_escape (unless `raw`).
      text: options.raw ? text : slashCommandText(text, this.emulator.workspace),
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
    // Slack gives up on an app after 3 seconds: whatever it says later is never shown.
    if (answer.durationMs > SLACK_ANSWER_MS) {
      this.emulator.workspace.ephemerals.push({
        channel: channelId,
        user: this.id,
        text: `${fields.command} failed with the error "operation_timeout"`,
        at: Date.now(),
        source: 'ack',
      });
      return { ...answer, ackText: undefined, triggerId: fields.trigger_id, timedOut: true };
    }
    const ackText = textOf(answer);
    if (ackText) {
      const blocks = blocksOf(answer);
      this.emulator.workspace.ephemerals.push({
        channel: channelId,
        user: this.id,
        text: ackText,
        ...(blocks ? { blocks } : {}),
        at: Date.now(),
        source: 'ack',
      });
    }
    return { ...answer, ackText, triggerId: fields.trigger_id, timedOut: false };
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
    const target = findElement(current.blocks, actionId, options.value);
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
      actions: [actionOf(this.emulator.workspace, target, options.selected)],
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
    const target = findElement(ephemeral.blocks, actionId, options.value);
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
      actions: [actionOf(this.emulator.workspace, target)],
    };
    return this.emulator.deliver(formRequest(payload), options.delivery);
  }

  /** The modal this user has open on top, if any. */
  openView(): EmulatedView | undefined {
    return [...this.emulator.workspace.views.values()].filter((v) => v.user === this.id && !v.closed).at(-1);
  }

  /** Closes the modal on top with its Cancel button (the app hears nothing unless it asked to). */
  cancel(): void {
    const view = this.openView();
    if (!view) throw new Error(`${this.profile.name} has no modal open`);
    view.closed = true;
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
    const state = stateOf(view, values);
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
    return { ...answer, ...applyViewResponse(this.emulator.workspace, view, answer) };
  }

  /** Posts a message in a channel, as a person typing it. */
  post(channel: string, text: string, threadTs?: string): Promise<EmulatedMessage> {
    return postMessage(this.emulator, this.profile, channel, text, threadTs);
  }

  /** Edits one of this user's messages. */
  edit(channel: string, ts: string, text: string): Promise<void> {
    return editMessage(this.emulator, this.profile, channel, ts, text);
  }

  /** Deletes one of this user's messages. */
  delete(channel: string, ts: string): Promise<void> {
    return deleteMessage(this.emulator, this.profile, channel, ts);
  }

  /** Pins a message to the channel. */
  pin(channel: string, ts: string): Promise<void> {
    return setPinned(this.emulator, this.profile, channel, ts, true);
  }

  /** Unpins a message. */
  unpin(channel: string, ts: string): Promise<void> {
    return setPinned(this.emulator, this.profile, channel, ts, false);
  }

  /** Adds an emoji reaction (name without colons) to a message. */
  react(channel: string, ts: string, name: string): Promise<void> {
    return setReaction(this.emulator, this.profile, channel, ts, name, true);
  }

  /** Removes this user's emoji reaction. */
  unreact(channel: string, ts: string, name: string): Promise<void> {
    return setReaction(this.emulator, this.profile, channel, ts, name, false);
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
}
