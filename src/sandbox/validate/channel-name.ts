/**
 * @module sandbox/validate/channel-name
 * Slack's rules for a new channel's name, with the error codes conversations.create answers.
 */

export const CHANNEL_NAME_MAX = 80;

/**
 * The error Slack gives for this name, or undefined when Slack would accept it.
 * @example
 * channelNameError('Inc 42') // 'invalid_name_specials'
 */
export function channelNameError(name: string | undefined): string | undefined {
  if (name === undefined || name.length === 0) return 'invalid_name_required';
  if ([...name].length > CHANNEL_NAME_MAX) return 'invalid_name_maxlength';
  if (/^[-_]+$/.test(name)) return 'invalid_name_punctuation';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'invalid_name_specials';
  return undefined;
}
