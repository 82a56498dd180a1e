/**
 * @module slack/mentions
 * People named in command text. With `should_escape` on, Slack sends a mention as `<@U123|name>`;
 * `me` means whoever typed the command.
 */

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

export type UserRef = { ok: true; user: string } | { ok: false; message: string };

/**
 * @example
 * parseUserRef('<@U0LEE|lee>', 'U0DANA') // { ok: true, user: 'U0LEE' }
 * parseUserRef('me', 'U0DANA') // { ok: true, user: 'U0DANA' }
 */
export function parseUserRef(token: string | undefined, actor: string): UserRef {
  if (!token) return { ok: false, message: 'Say who: mention them with @, or write `me`.' };
  if (token.toLowerCase() === 'me') return { ok: true, user: actor };
  const match = token.match(MENTION);
  if (match) return { ok: true, user: match[1] as string };
  return {
    ok: false,
    message: `\`${token.slice(0, 40)}\` is not a person: mention them with @ so Slack turns it into a link (or write \`me\`).`,
  };
}
