/** @module export/chart-svg — the markup the chart is written in: escaping, SVG elements and their attributes. */

/** Escapes text for HTML and SVG, in element content and in quoted attributes alike. */
export function escapeMarkup(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export type Attrs = Record<string, string | number | undefined>;

/** A coordinate or length, to a tenth of a unit: enough for a screen, and short markup. */
export function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** An element with its attributes escaped (undefined ones left out); self-closing when it has no content. */
export function el(name: string, attrs: Attrs, content?: string): string {
  const list = Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeMarkup(typeof value === 'number' ? num(value) : value)}"`)
    .join('');
  return content === undefined ? `<${name}${list}/>` : `<${name}${list}>${content}</${name}>`;
}

/** A `<text>` element at (x, y), its body escaped. */
export function text(x: number, y: number, body: string, attrs: Attrs = {}): string {
  return el('text', { x, y, ...attrs }, escapeMarkup(body));
}

/** A label drawn over lines: a white halo keeps it legible where a mark crosses it. */
export const HALO: Attrs = { stroke: '#fff', 'stroke-width': 3, 'stroke-linejoin': 'round', 'paint-order': 'stroke' };
