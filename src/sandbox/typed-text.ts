/**
 * @module sandbox/typed-text
 * What a person types, as Slack sends it in a slash command with `should_escape: true`: `&`, `<` and
 * `>` escaped, `@name` of a member turned into `<@U…|name>`, `#channel` into `<#C…|channel>`,
 * `@here`/`@channel`/`@everyone` into `<!here>`…, and bare links into `<https://…>`. Tokens already in
 * that form (a mention picked from Slack's autocomplete) pass as they are.
 */
import type { Workspace } from './workspace.js';

const TOKEN = /<(?:[@#!][^<>\s]+|(?:https?|mailto):[^<>\s]+)>/g;

function encodePlain(text: string, workspace: Workspace): string {
  const users = new Map([...workspace.users.values()].map((u) => [u.name, u.id]));
  const channels = new Map([...workspace.channels.values()].map((c) => [c.name, c.id]));
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/(^|[\s(])((?:https?|mailto):[^\s&]+)/g, (_all, before: string, url: string) => `${before}<${url}>`)
    .replace(/(^|[^\w@<])@(here|channel|everyone)\b/g, (_all, before: string, name: string) => `${before}<!${name}>`)
    .replace(/(^|[^\w@<])@([a-z0-9][\w.-]*)/g, (all, before: string, name: string) => {
      const id = users.get(name);
      return id ? `${before}<@${id}|${name}>` : all;
    })
    .replace(/(^|[^\w#<&])#([a-z0-9][\w-]*)/g, (all, before: string, name: string) => {
      const id = channels.get(name);
      return id ? `${before}<#${id}|${name}>` : all;
    });
}

/**
 * The text of a slash command as Slack delivers it.
 * @example
 * slashCommandText('roll back @raj & <@U0LEE00003|lee>', workspace) // 'roll back <@U0RAJ00002|raj> &amp; <@U0LEE00003|lee>'
 */
export function slashCommandText(typed: string, workspace: Workspace): string {
  let out = '';
  let last = 0;
  for (const match of typed.matchAll(TOKEN)) {
    out += encodePlain(typed.slice(last, match.index), workspace) + match[0];
    last = match.index + match[0].length;
  }
  return out + encodePlain(typed.slice(last), workspace);
}
