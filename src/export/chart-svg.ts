/** @module export/chart-svg — the markup the chart is written in: escaping, SVG elements and their attributes. */

const MARKUP = /[&<>"']/;
const MARKUP_ALL = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML and SVG, in element content and in quoted attributes alike: `&`, `<`, `>`, `"` and `'`
 * become entities (in one pass, so an `&` of an entity it wrote is never escaped again). Most texts have none of
 * them, and come back as they are.
 * @example
 * escapeMarkup(`<a href="x">Tom & Jerry's</a>`) // '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;'
 */
export function escapeMarkup(text: string): string {
  return MARKUP.test(text) ? text.replace(MARKUP_ALL, (char) => ENTITIES[char] as string) : text;
}

export type Attrs = Record<string, string | number | undefined>;

/** A coordinate or length, to a tenth of a unit: enough for a screen, and short markup. */
export function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/**
 * An element with its attributes escaped (undefined ones left out); self-closing when it has no content. The attributes
 * come from one object, or from several written one after the other (as one object spread from them would be, none
 * naming an attribute another does): a spread costs more than the element on a chart of thousands of marks.
 */
export function el(name: string, attrs: Attrs | readonly Attrs[], content?: string): string {
  return content === undefined ? `<${name}${attributes(attrs)}/>` : `${openTag(name, attrs)}${content}</${name}>`;
}

/** An element's start tag, for content written after it (and `</name>` after that). */
export function openTag(name: string, attrs: Attrs | readonly Attrs[]): string {
  return `<${name}${attributes(attrs)}>`;
}

/** ` key="value"` for each attribute, escaped; undefined ones left out. */
function attributes(attrs: Attrs | readonly Attrs[]): string {
  if (!Array.isArray(attrs)) return attributesOf(attrs as Attrs);
  let list = '';
  for (const each of attrs) list += attributesOf(each);
  return list;
}

function attributesOf(attrs: Attrs): string {
  let list = '';
  for (const key in attrs) {
    const value = attrs[key];
    // A number is written in digits, a point and a sign: nothing to escape.
    if (value !== undefined) list += ` ${key}="${typeof value === 'number' ? num(value) : escapeMarkup(value)}"`;
  }
  return list;
}

/** A `<text>` element at (x, y), its body escaped; its other attributes as el takes them. */
export function text(x: number, y: number, body: string, attrs: Attrs | readonly Attrs[] = []): string {
  return el('text', [{ x, y }, ...(Array.isArray(attrs) ? attrs : [attrs as Attrs])], escapeMarkup(body));
}

/** A label drawn over lines: a white halo keeps it legible where a mark crosses it. */
export const HALO: Attrs = { stroke: '#fff', 'stroke-width': 3, 'stroke-linejoin': 'round', 'paint-order': 'stroke' };
