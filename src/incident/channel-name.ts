/**
 * @module incident/channel-name
 * An incident channel's name from a template such as `inc-{date}-{slug}`: lowercase letters, digits,
 * `-` and `_` only, at most 80 characters, accents folded, punctuation turned into dashes.
 */

export const DEFAULT_CHANNEL_TEMPLATE = 'inc-{date}-{slug}';
const MAX_LENGTH = 80;

/**
 * The title as a channel-name fragment.
 * @example
 * slugify('Pagos: ¡Checkout caído!') // 'pagos-checkout-caido'
 */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßẞ]/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[đĐðÐ]/g, 'd')
    .replace(/[þÞ]/g, 'th')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Template text made channel-safe: folded, lowercase, anything else a dash; `_` kept. */
function clean(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-');
}

/**
 * The name for an incident channel; `suffix` (2, 3, …) makes it unique after `name_taken`. A title
 * with nothing foldable into Latin letters falls back to the incident id.
 * @example
 * channelName('inc-{date}-{slug}', { date: '20261129', slug: 'checkout-down', id: 'INC-7' }) // 'inc-20261129-checkout-down'
 */
export function channelName(
  template: string,
  values: { date: string; slug: string; id: string },
  suffix?: number,
): string {
  const end = suffix && suffix > 1 ? `-${suffix}` : '';
  const filled = template.replaceAll('{date}', values.date).replaceAll('{id}', values.id);
  const hasSlug = filled.includes('{slug}');
  const [before = '', after = ''] = filled.split('{slug}');
  const head = clean(before);
  const tail = clean(after);
  const room = Math.max(0, MAX_LENGTH - end.length - head.length - tail.length);
  const slug = hasSlug ? (values.slug || slugify(values.id)).slice(0, room) : '';
  const name = `${head}${slug}${tail}`.replace(/-{2,}/g, '-').replace(/^[-_]+|[-_]+$/g, '');
  return `${(name || slugify(values.id)).slice(0, MAX_LENGTH - end.length).replace(/[-_]+$/, '')}${end}`;
}
