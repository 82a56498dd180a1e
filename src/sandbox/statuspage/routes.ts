/**
 * @module sandbox/statuspage/routes
 * The operations served, by the spec's path and operationId, and what each answers: lists newest
 * first (`q`, `limit` ≤ 100, `page` for incidents; `page`, `per_page` for unresolved and components),
 * 201 with the Incident on create, 200 with it on GET and PATCH, 404 for an incident or component
 * that is not on the page. Query integers that are not integers are 400.
 */
import { LIST_LIMIT_MAX, OPERATIONS, type Operation, PER_PAGE_RANGE } from './contract.js';
import { type Answer, badRequest, notFound } from './errors.js';
import { createIncident, updateComponent, updateIncident } from './incidents.js';
import { componentJson, type Incident, incidentJson, type StatuspagePage } from './model.js';
import { type Encoding, requireHash } from './request-body.js';
import { validateComponent, validateIncident } from './validate.js';

export interface RouteContext {
  page: StatuspagePage;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  encoding: Encoding;
}

export interface Route {
  operation: Operation;
  method: 'GET' | 'POST' | 'PATCH';
  pattern: RegExp;
  params: string[];
  handle(ctx: RouteContext): Answer;
}

class BadQuery extends Error {}

function intParam(query: URLSearchParams, name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER) {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw new BadQuery(`${name} must be an integer`);
  const value = Number(raw);
  if (value < min || value > max) throw new BadQuery(`${name} must be between ${min} and ${max}`);
  return value;
}

function slice<T>(items: readonly T[], page: number, perPage: number): T[] {
  return items.slice((page - 1) * perPage, page * perPage);
}

function newestFirst(page: StatuspagePage): Incident[] {
  return [...page.incidents].reverse();
}

function matches(incident: Incident, q: string): boolean {
  const needle = q.toLowerCase();
  return [incident.name, incident.status, ...incident.updates.map((u) => u.body)].some((text) =>
    text.toLowerCase().includes(needle),
  );
}

const ok = (json: unknown): Answer => ({ status: 200, json });

function listIncidents({ page, query }: RouteContext): Answer {
  const limit = Math.min(intParam(query, 'limit', LIST_LIMIT_MAX), LIST_LIMIT_MAX);
  const number = intParam(query, 'page', 1);
  const q = query.get('q');
  const found = newestFirst(page).filter((i) => !q || matches(i, q));
  return ok(slice(found, number, limit).map((i) => incidentJson(page, i)));
}

function listUnresolved({ page, query }: RouteContext): Answer {
  const perPage = intParam(query, 'per_page', 100);
  const number = intParam(query, 'page', 1);
  const open = newestFirst(page).filter((i) => i.status !== 'resolved');
  return ok(slice(open, number, perPage).map((i) => incidentJson(page, i)));
}

function create(ctx: RouteContext): Answer {
  const hash = requireHash(ctx.body, 'incident');
  if ('answer' in hash) return hash.answer;
  const fields = validateIncident(ctx.page, hash.hash, ctx.encoding, 'create');
  if ('answer' in fields) return fields.answer;
  return { status: 201, json: incidentJson(ctx.page, createIncident(ctx.page, fields.value)) };
}

function getIncident({ page, params }: RouteContext): Answer {
  const incident = page.incident(params.incident_id ?? '');
  return incident ? ok(incidentJson(page, incident)) : notFound();
}

function patchIncident(ctx: RouteContext): Answer {
  const incident = ctx.page.incident(ctx.params.incident_id ?? '');
  if (!incident) return notFound();
  const hash = requireHash(ctx.body, 'incident');
  if ('answer' in hash) return hash.answer;
  const fields = validateIncident(ctx.page, hash.hash, ctx.encoding, 'update');
  if ('answer' in fields) return fields.answer;
  updateIncident(ctx.page, incident, fields.value);
  return ok(incidentJson(ctx.page, incident));
}

function listComponents({ page, query }: RouteContext): Answer {
  const perPage = Math.min(
    intParam(query, 'per_page', PER_PAGE_RANGE.effectiveMax, PER_PAGE_RANGE.min, PER_PAGE_RANGE.max),
    PER_PAGE_RANGE.effectiveMax,
  );
  const number = intParam(query, 'page', 1);
  const sorted = [...page.components].sort((a, b) => a.position - b.position);
  return ok(slice(sorted, number, perPage).map((c) => componentJson(page, c)));
}

function getComponent({ page, params }: RouteContext): Answer {
  const component = page.component(params.component_id ?? '');
  return component ? ok(componentJson(page, component)) : notFound();
}

function patchComponent(ctx: RouteContext): Answer {
  const id = ctx.params.component_id ?? '';
  const component = ctx.page.component(id);
  if (!component) return notFound();
  const hash = requireHash(ctx.body, 'component');
  if ('answer' in hash) return hash.answer;
  const fields = validateComponent(hash.hash, ctx.encoding);
  if ('answer' in fields) return fields.answer;
  updateComponent(ctx.page, id, fields.value);
  return ok(componentJson(ctx.page, component));
}

const PAGE = '/v1/pages/([^/]+)';

export const ROUTES: Route[] = [
  {
    operation: OPERATIONS.listUnresolved,
    method: 'GET',
    pattern: new RegExp(`^${PAGE}/incidents/unresolved$`),
    params: ['page_id'],
    handle: listUnresolved,
  },
  {
    operation: OPERATIONS.listIncidents,
    method: 'GET',
    pattern: new RegExp(`^${PAGE}/incidents$`),
    params: ['page_id'],
    handle: listIncidents,
  },
  {
    operation: OPERATIONS.createIncident,
    method: 'POST',
    pattern: new RegExp(`^${PAGE}/incidents$`),
    params: ['page_id'],
    handle: create,
  },
  {
    operation: OPERATIONS.getIncident,
    method: 'GET',
    pattern: new RegExp(`^${PAGE}/incidents/([^/]+)$`),
    params: ['page_id', 'incident_id'],
    handle: getIncident,
  },
  {
    operation: OPERATIONS.updateIncident,
    method: 'PATCH',
    pattern: new RegExp(`^${PAGE}/incidents/([^/]+)$`),
    params: ['page_id', 'incident_id'],
    handle: patchIncident,
  },
  {
    operation: OPERATIONS.listComponents,
    method: 'GET',
    pattern: new RegExp(`^${PAGE}/components$`),
    params: ['page_id'],
    handle: listComponents,
  },
  {
    operation: OPERATIONS.getComponent,
    method: 'GET',
    pattern: new RegExp(`^${PAGE}/components/([^/]+)$`),
    params: ['page_id', 'component_id'],
    handle: getComponent,
  },
  {
    operation: OPERATIONS.updateComponent,
    method: 'PATCH',
    pattern: new RegExp(`^${PAGE}/components/([^/]+)$`),
    params: ['page_id', 'component_id'],
    handle: patchComponent,
  },
];

/** The route for a path (without a `.json` suffix), whatever the method, so a wrong method can be told apart. */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | { methodNotAllowed: true } | undefined {
  let pathMatched = false;
  for (const route of ROUTES) {
    const match = path.match(route.pattern);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params = Object.fromEntries(route.params.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
    return { route, params };
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}

/** Runs a route's handler, turning a bad query parameter into 400. */
export function runRoute(route: Route, ctx: RouteContext): Answer {
  try {
    return route.handle(ctx);
  } catch (error) {
    if (error instanceof BadQuery) return badRequest(error.message);
    throw error;
  }
}
