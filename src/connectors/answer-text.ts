/**
 * @module connectors/answer-text
 * An HTTP answer's body turned into a short line for Slack: the JSON `message` when there is one,
 * the `<title>` of an HTML error page (a proxy's 502), else the text itself, squeezed to one line
 * and cut to length; and secrets taken out of whatever is shown.
 */

/** One line, at most `max` characters (an ellipsis marks a cut). */
export function oneLine(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** What a non-JSON body says: an HTML page's title, or its text. */
export function plainAnswer(text: string, max = 300): string {
  const title = text.match(/<title>([^<]*)<\/title>/i)?.[1];
  if (title) return oneLine(title, max);
  return oneLine(text.replace(/<[^>]+>/g, ' '), max);
}

/** `text` with every occurrence of each non-empty secret replaced. */
export function withoutSecrets(text: string, ...secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
