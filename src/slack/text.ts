/**
 * @module slack/text
 * User text in and out of Slack. What people type is stored as plain text: Slack's escaping and
 * mention tokens are turned into readable words, so `@channel` typed into a title is kept as the
 * words "@channel" and, escaped again on display, never notifies anyone.
 */

/**
 * Plain text from Slack-escaped text (slash commands with `should_escape`, message events).
 * @example
 * fromSlackText('ping <!channel> &amp; <@U1|dana>') // 'ping @channel & @dana'
 */
export function fromSlackText(escaped: string): string {
  return (
    escaped
      // The classes stop at `<` too, so a long run of unclosed `<@` is read in linear time.
      .replace(/<([@#!])([^<>|]+)(?:\|([^<>]*))?>/g, (_all, sigil: string, id: string, label: string | undefined) => {
        if (sigil === '@') return label ? `@${label}` : `@${id}`;
        if (sigil === '#') return label ? `#${label}` : `#${id}`;
        if (id.startsWith('subteam^')) return label ?? '@group';
        if (id.startsWith('date^')) return label ?? '';
        return `@${id}`;
      })
      .replace(/<((?:https?|mailto):[^<>|]+)(?:\|([^<>]*))?>/g, (_all, url: string, label: string | undefined) => {
        if (!label || label === url) return url.replace(/^mailto:/, '');
        return url === `mailto:${label}` ? label : `${label} (${url})`;
      })
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  );
}

/**
 * Plain text made safe for mrkdwn: `&`, `<` and `>` escaped, so no mention or link can form.
 * @example
 * mrkdwn('<!channel> a & b') // '&lt;!channel&gt; a &amp; b'
 */
export function mrkdwn(plain: string): string {
  return plain.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters (by code point), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Plain text escaped for mrkdwn and cut so that the escaped result fits in `max` characters (escaping
 * makes text longer, and Slack's limits apply to what it receives).
 */
export function mrkdwnWithin(plain: string, max: number): string {
  let keep = max;
  let escaped = mrkdwn(truncate(plain, keep));
  while ([...escaped].length > max && keep > 0) {
    keep -= Math.max(1, [...escaped].length - max);
    escaped = mrkdwn(truncate(plain, keep));
  }
  return escaped;
}

/** A mention that notifies: only for people warroom itself means to address. */
export function mention(userId: string): string {
  // What warroom did on its own is signed "warroom", never a broken `<@warroom>`.
  if (userId === 'warroom') return 'warroom';
  return `<@${userId}>`;
}

/** A link to a channel, rendered by Slack with its current name. */
export function channelLink(channelId: string): string {
  return `<#${channelId}>`;
}
