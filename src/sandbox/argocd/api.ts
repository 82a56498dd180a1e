/**
 * @module sandbox/argocd/api
 * The emulated Argo CD REST API (grpc-gateway in front of ApplicationService): list, get, rollback
 * and sync, with the checks of api-behaviour.json in the server's order: the session (Bearer token
 * or `argocd.token` cookie), the app (403 "permission denied" when missing, 404 when a project is
 * named), auto-sync (rollback refused), the history id, an operation already in progress. Bodies are
 * decoded as Go's encoding/json would (a string id is a 400). Every call is recorded.
 */
import type { Application } from './application.js';
import { historyOf } from './application.js';
import { type ArgoAnswer, appNotFound, GRPC, grpcError } from './errors.js';
import { type ArgoFault, ArgoFaults, faultAnswer } from './faults.js';
import { operationInProgress } from './operations.js';

export interface RecordedArgoCall {
  seq: number;
  /** The swagger operationId, e.g. `ApplicationService_Rollback`, when the call reached one. */
  operation?: string;
  method: string;
  path: string;
  query: Record<string, string[]>;
  /** Request headers, lower-case, without Authorization or Cookie. */
  headers: Record<string, string>;
  body: unknown;
  status: number;
  response: unknown;
  fault?: ArgoFault['kind'];
  at: number;
}

export interface ArgoOutcome {
  answer: ArgoAnswer;
  delayMs: number;
  /** Cut the connection without answering. */
  down: boolean;
}

export interface ArgoApiHost {
  token: string;
  apps(): readonly Application[];
  rollback(app: Application, id: number, dryRun: boolean, prune: boolean): void;
  sync(app: Application, revision: string | undefined, dryRun: boolean, prune: boolean): void;
}

type Decoded = { body: Record<string, unknown> } | { answer: ArgoAnswer };
type FieldType = 'string' | 'bool' | 'int64';

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

/** Roughly what encoding/json says about a body that is not JSON. */
function goSyntaxError(raw: string): string {
  const text = raw.trim();
  if (/^[[{"]/.test(text)) return 'unexpected EOF';
  return `invalid character '${text[0]}' looking for beginning of value`;
}

/** Decodes a request body into a Go struct's fields, with encoding/json's error messages. */
function decode(raw: string, struct: string, fields: Record<string, FieldType>): Decoded {
  let body: unknown = {};
  try {
    if (raw.trim() !== '') body = JSON.parse(raw);
  } catch {
    return { answer: grpcError(GRPC.InvalidArgument, goSyntaxError(raw)) };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return {
      answer: grpcError(
        GRPC.InvalidArgument,
        `json: cannot unmarshal ${jsonType(body)} into Go value of type application.${struct}`,
      ),
    };
  for (const [name, type] of Object.entries(fields)) {
    const value = (body as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    const fits =
      type === 'string'
        ? typeof value === 'string'
        : type === 'bool'
          ? typeof value === 'boolean'
          : Number.isInteger(value);
    if (fits) continue;
    const given = typeof value === 'number' ? `number ${value}` : jsonType(value);
    return {
      answer: grpcError(
        GRPC.InvalidArgument,
        `json: cannot unmarshal ${given} into Go struct field ${struct}.${name} of type ${type}`,
      ),
    };
  }
  return { body: body as Record<string, unknown> };
}

const ROUTES = [
  { operation: 'ApplicationService_List', method: 'GET', pattern: /^\/api\/v1\/applications$/ },
  { operation: 'ApplicationService_Get', method: 'GET', pattern: /^\/api\/v1\/applications\/([^/]+)$/ },
  { operation: 'ApplicationService_Rollback', method: 'POST', pattern: /^\/api\/v1\/applications\/([^/]+)\/rollback$/ },
  { operation: 'ApplicationService_Sync', method: 'POST', pattern: /^\/api\/v1\/applications\/([^/]+)\/sync$/ },
] as const;

export class ArgoApi {
  readonly calls: RecordedArgoCall[] = [];
  readonly faults = new ArgoFaults();

  constructor(
    private readonly host: ArgoApiHost,
    private readonly onCall: () => void,
  ) {}

  handle(method: string, url: URL, headers: Record<string, string | undefined>, raw: string): ArgoOutcome {
    const record: RecordedArgoCall = {
      seq: this.calls.length + 1,
      method,
      path: url.pathname,
      query: Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.getAll(k)])),
      headers: Object.fromEntries(
        Object.entries(headers).filter(
          (e): e is [string, string] => e[1] !== undefined && e[0] !== 'authorization' && e[0] !== 'cookie',
        ),
      ),
      body: raw === '' ? undefined : raw,
      status: 0,
      response: undefined,
      at: Date.now(),
    };
    try {
      record.body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      // Recorded as the raw text.
    }
    const outcome = this.outcome(method, url, headers, raw, record);
    // The answer shows the app as it is now, even if it is sent later (a slow fault) or changes after.
    if (outcome.answer.json !== undefined) outcome.answer.json = structuredClone(outcome.answer.json);
    record.status = outcome.answer.status;
    record.response = outcome.answer.json ?? outcome.answer.text;
    this.calls.push(record);
    this.onCall();
    return outcome;
  }

  private outcome(
    method: string,
    url: URL,
    headers: Record<string, string | undefined>,
    raw: string,
    record: RecordedArgoCall,
  ): ArgoOutcome {
    const plain = (answer: ArgoAnswer): ArgoOutcome => ({ answer, delayMs: 0, down: false });
    const route = ROUTES.find((r) => r.method === method && r.pattern.test(url.pathname));
    if (!route)
      return plain({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, text: 'Not Found\n' });
    record.operation = route.operation;
    const fault = this.faults.take(route.operation);
    if (fault) record.fault = fault.kind;
    if (fault?.kind === 'down') return { answer: { status: 0 }, delayMs: 0, down: true };
    const refused = fault && faultAnswer(fault);
    if (refused) return plain(refused);
    const delayMs = fault?.kind === 'slow' ? fault.delayMs : 0;
    const session = this.session(headers);
    if (session) return { answer: session, delayMs, down: false };
    const name = decodeURIComponent(url.pathname.match(route.pattern)?.[1] ?? '');
    const answer =
      route.operation === 'ApplicationService_List'
        ? this.list(url.searchParams)
        : route.operation === 'ApplicationService_Get'
          ? this.get(name, url.searchParams)
          : route.operation === 'ApplicationService_Rollback'
            ? this.rollback(name, raw)
            : this.sync(name, raw);
    return { answer, delayMs, down: false };
  }

  /** The 401 for a call without a valid session, or undefined. */
  private session(headers: Record<string, string | undefined>): ArgoAnswer | undefined {
    const bearer = headers.authorization?.startsWith('Bearer ') ? headers.authorization.slice(7) : undefined;
    const cookie = headers.cookie?.match(/(?:^|;\s*)argocd\.token=([^;]+)/)?.[1];
    const token = bearer ?? cookie;
    if (token === undefined) return grpcError(GRPC.Unauthenticated, 'no session information');
    if (token !== this.host.token)
      return grpcError(GRPC.Unauthenticated, 'invalid session: token signature is invalid');
    return undefined;
  }

  private find(name: string, appNamespace: string | undefined, project: string | undefined): Application | ArgoAnswer {
    const namespace = appNamespace || 'argocd';
    const app = this.host.apps().find((a) => a.metadata.name === name && a.metadata.namespace === namespace);
    if (!app || (project && app.spec.project !== project)) return appNotFound(name, Boolean(project));
    return app;
  }

  private list(query: URLSearchParams): ArgoAnswer {
    const projects = [...query.getAll('projects'), ...query.getAll('project')];
    const selector = (query.get('selector') ?? '')
      .split(',')
      .filter(Boolean)
      .map((s) => s.split('='));
    const items = this.host
      .apps()
      .filter((a) => !query.get('name') || a.metadata.name === query.get('name'))
      .filter((a) => !query.get('appNamespace') || a.metadata.namespace === query.get('appNamespace'))
      .filter((a) => projects.length === 0 || projects.includes(a.spec.project))
      .filter((a) => !query.get('repo') || a.spec.source.repoURL === query.get('repo'))
      .filter((a) => selector.every(([k, v]) => k !== undefined && a.metadata.labels[k] === v))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const version = Math.max(0, ...this.host.apps().map((a) => Number(a.metadata.resourceVersion)));
    return { status: 200, json: { metadata: { resourceVersion: String(version) }, items } };
  }

  private get(name: string, query: URLSearchParams): ArgoAnswer {
    const project = query.getAll('project')[0] ?? query.getAll('projects')[0];
    const app = this.find(name, query.get('appNamespace') ?? undefined, project);
    return 'metadata' in app ? { status: 200, json: app } : app;
  }

  private rollback(name: string, raw: string): ArgoAnswer {
    const decoded = decode(raw, 'ApplicationRollbackRequest', {
      name: 'string',
      id: 'int64',
      dryRun: 'bool',
      prune: 'bool',
      appNamespace: 'string',
      project: 'string',
    });
    if ('answer' in decoded) return decoded.answer;
    const { body } = decoded;
    const app = this.find(name, body.appNamespace as string | undefined, body.project as string | undefined);
    if (!('metadata' in app)) return app;
    if (app.spec.syncPolicy?.automated && app.spec.syncPolicy.automated.enabled !== false)
      return grpcError(GRPC.FailedPrecondition, 'rollback cannot be initiated when auto-sync is enabled');
    const id = (body.id as number | undefined) ?? 0;
    if (!historyOf(app, id))
      return grpcError(
        GRPC.InvalidArgument,
        `application ${app.metadata.namespace}/${app.metadata.name} does not have deployment with id ${id}`,
      );
    if (operationInProgress(app)) return grpcError(GRPC.FailedPrecondition, 'another operation is already in progress');
    this.host.rollback(app, id, body.dryRun === true, body.prune === true);
    return { status: 200, json: app };
  }

  private sync(name: string, raw: string): ArgoAnswer {
    const decoded = decode(raw, 'ApplicationSyncRequest', {
      name: 'string',
      revision: 'string',
      dryRun: 'bool',
      prune: 'bool',
      appNamespace: 'string',
      project: 'string',
    });
    if ('answer' in decoded) return decoded.answer;
    const { body } = decoded;
    const app = this.find(name, body.appNamespace as string | undefined, body.project as string | undefined);
    if (!('metadata' in app)) return app;
    const revision = typeof body.revision === 'string' && body.revision !== '' ? body.revision : undefined;
    const target = app.spec.source.targetRevision || 'HEAD';
    if (app.spec.syncPolicy?.automated && body.dryRun !== true && revision && revision !== target)
      return grpcError(GRPC.FailedPrecondition, `Cannot sync to ${revision}: auto-sync currently set to ${target}`);
    if (operationInProgress(app)) return grpcError(GRPC.FailedPrecondition, 'another operation is already in progress');
    this.host.sync(app, revision, body.dryRun === true, body.prune === true);
    return { status: 200, json: app };
  }
}
