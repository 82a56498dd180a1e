/**
 * @module sandbox/github/pagination
 * GitHub's page-based pagination: `per_page` (default 30, at most 100) and `page` (from 1), and the
 * `Link` header with rel prev, next, last and first, in that order, as recorded from api.github.com.
 * Links use the `/repositories/{id}/…` form GitHub sends, which the emulator also serves.
 */

export interface Page<T> {
  items: T[];
  /** The `Link` header, absent when everything fits on one page. */
  link?: string;
}

function positiveInt(raw: string | null, fallback: number): number {
  const value = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * One page of `items` for the request's `per_page`/`page`.
 * @example
 * paginate(runs, query, `${api}/repositories/${repo.id}/actions/runs`)
 */
export function paginate<T>(items: readonly T[], query: URLSearchParams, linkBase: string): Page<T> {
  const perPage = Math.min(positiveInt(query.get('per_page'), 30), 100);
  const page = positiveInt(query.get('page'), 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (last === 1) return { items: slice };
  const linkTo = (target: number, rel: string) => {
    const params = new URLSearchParams(query);
    params.delete('page');
    params.set('page', String(target));
    return `<${linkBase}?${params.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(linkTo(Math.min(page - 1, last), 'prev'));
  if (page < last) links.push(linkTo(page + 1, 'next'), linkTo(last, 'last'));
  if (page > 1) links.push(linkTo(1, 'first'));
  return { items: slice, link: links.join(', ') };
}

/** The page's `Link` header as answer headers (none on a single page). */
export function linkHeaders(page: Page<unknown>): Record<string, string> {
  return page.link ? { link: page.link } : {};
}
