/**
 * @module sandbox/mentions
 * Who a message would notify in real Slack: `<!channel>`, `<!here>`, `<!everyone>` and `<@U…>` in
 * mrkdwn text. plain_text never notifies; top-level `text` is mrkdwn unless `mrkdwn` is false.
 */

export interface Mentions {
  broadcasts: string[];
  users: string[];
}

const BROADCAST = /<!(channel|here|everyone)(?:\|[^>]*)?>/g;
const USER = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;

function collectMrkdwn(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectMrkdwn(item, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (record.type === 'mrkdwn' && typeof record.text === 'string') out.push(record.text);
  if (record.type === 'broadcast' && typeof record.range === 'string') out.push(`<!${record.range}>`);
  if (record.type === 'user' && typeof record.user_id === 'string') out.push(`<@${record.user_id}>`);
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'text' || typeof value !== 'string') collectMrkdwn(value, out);
  }
}

/** The notifications a message with this text and these blocks would fire. */
export function mentionsOf(text: string | undefined, blocks: unknown, mrkdwn = true): Mentions {
  const sources: string[] = [];
  if (text && mrkdwn) sources.push(text);
  collectMrkdwn(blocks, sources);
  const broadcasts = new Set<string>();
  const users = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(BROADCAST)) broadcasts.add(match[1] as string);
    for (const match of source.matchAll(USER)) users.add(match[1] as string);
  }
  return { broadcasts: [...broadcasts], users: [...users] };
}
