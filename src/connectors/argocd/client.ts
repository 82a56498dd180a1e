/**
 * @module connectors/argocd/client
 * warroom's Argo CD client for rollbacks, on fetch: read an Application (auto-sync, health, the
 * operation, the history), and roll it back to a history id. It never retries or sleeps: every
 * failure is a ConnectorError that says whether the job's retry can help and when.
 */
import { withoutSecrets } from '../answer-text.js';
import { ConnectorError, isConnectorError } from '../errors.js';
import { deadline, networkReason } from '../network.js';
import { type ArgoApp, applicationSchema, toArgoApp } from './application.js';
import { type ArgoCallSubject, argoAnswerError, argoNetworkError } from './errors.js';

export type { ArgoApp, ArgoHistoryEntry, ArgoOperation } from './application.js';
export { historyIdFor } from './application.js';

export interface ArgoCdClientOptions {
  /** The Argo CD server, e.g. `https://argocd.example.com` (the API is under `/api/v1`). */
  url: string;
  /** An API token (project or account) or a session JWT, sent as `Authorization: Bearer`. */
  token: string;
  /** Give up on one request after this long (default 10 s). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * @example
 * const argo = new ArgoCdClient({ url: 'https://argocd.example.com', token: process.env.ARGOCD_TOKEN ?? '' });
 * const app = await argo.getApplication('checkout');
 * const id = historyIdFor(app, 'a1b2c3d');
 * if (id !== undefined) await argo.rollback('checkout', id, { prune: false });
 */
export class ArgoCdClient {
  private readonly base: string;
  private readonly host: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: ArgoCdClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.host = new URL(options.url).host;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * The application `name`. Naming its `project` makes a missing app a 404 rather than Argo CD's
   * "permission denied".
   */
  async getApplication(name: string, project?: string): Promise<ArgoApp> {
    const query = project ? `?project=${encodeURIComponent(project)}` : '';
    return this.send('GET', `${this.appPath(name)}${query}`, { app: name, project, action: 'read' });
  }

  /**
   * Rolls `name` back to history entry `historyId` (see `historyIdFor`) and returns the app with the
   * operation requested. Argo CD refuses while auto-sync is on or another operation runs.
   */
  async rollback(
    name: string,
    historyId: number,
    options: { project?: string; prune?: boolean } = {},
  ): Promise<ArgoApp> {
    const subject: ArgoCallSubject = { app: name, project: options.project, action: 'roll back' };
    if (!Number.isSafeInteger(historyId) || historyId < 0)
      throw new ConnectorError({
        system: 'argocd',
        status: undefined,
        retryable: false,
        detail: `${historyId} is not an Argo CD history id (a whole number from the app's history)`,
      });
    const body = {
      name,
      id: historyId,
      dryRun: false,
      prune: options.prune ?? false,
      ...(options.project ? { project: options.project } : {}),
    };
    return this.send('POST', `${this.appPath(name)}/rollback`, subject, body);
  }

  private appPath(name: string): string {
    return `/api/v1/applications/${encodeURIComponent(name)}`;
  }

  private async send(method: 'GET' | 'POST', path: string, subject: ArgoCallSubject, body?: unknown): Promise<ArgoApp> {
    const { signal, expired } = deadline(this.timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: 'application/json',
          'user-agent': 'warroom',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal,
      });
      status = response.status;
      text = await response.text();
      if (status >= 400) {
        const headers = Object.fromEntries(response.headers);
        throw argoAnswerError({ status, headers, text }, subject);
      }
    } catch (error) {
      throw this.redacted(
        isConnectorError(error)
          ? error
          : argoNetworkError(
              this.host,
              expired() ? { timedOutAfterMs: this.timeoutMs, message: 'timeout' } : { message: networkReason(error) },
              subject,
              error,
            ),
      );
    }
    return this.read(status, text);
  }

  private read(status: number, text: string): ArgoApp {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = applicationSchema.safeParse(json);
    if (parsed.success) return toArgoApp(parsed.data);
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ConnectorError({
      system: 'argocd',
      status,
      retryable: false,
      detail: `Argo CD answered ${status} with an application warroom cannot read (${where}${issue?.message ?? 'not JSON'})`,
    });
  }

  private redacted(error: ConnectorError): ConnectorError {
    const detail = withoutSecrets(error.detail, this.options.token);
    if (detail === error.detail) return error;
    const { system, status, retryable, retryAfterMs, cause } = error;
    return new ConnectorError({ system, status, retryable, retryAfterMs, detail, cause });
  }
}
