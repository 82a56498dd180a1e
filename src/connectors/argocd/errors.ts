/**
 * @module connectors/argocd/errors
 * Argo CD's answers turned into ConnectorErrors, per ../shared/contracts/argocd/api-behaviour.json
 * (grpc-gateway bodies `{error, code, message}`): a rollback refused because auto-sync is on or the
 * history id is unknown is final; one refused because another operation runs is worth a retry in
 * about 10 s; 401 is a bad token; 403 is a missing app or missing rights (Argo CD will not say
 * which unless the project is named); 5xx, 408, 429 and lost connections are worth a retry.
 */
import { oneLine, plainAnswer } from '../answer-text.js';
import { ConnectorError } from '../errors.js';
import { retryAfterMs, waitInWords } from '../retry-after.js';

/** How long to wait for a running sync to finish before trying the rollback again. */
export const OPERATION_IN_PROGRESS_WAIT_MS = 10_000;

const GRPC_ABORTED = 10;

export interface ArgoAnswer {
  status: number;
  /** Response headers, lower-case names. */
  headers: Readonly<Record<string, string | undefined>>;
  text: string;
}

export interface ArgoCallSubject {
  app: string;
  project?: string;
  /** What was asked, as a verb: `read` or `roll back`. */
  action: 'read' | 'roll back';
}

function parsed(text: string): { message: string; code: number | undefined } {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown; code?: unknown };
    const message = typeof body.message === 'string' && body.message ? body.message : body.error;
    if (typeof message === 'string' && message)
      return { message: oneLine(message), code: typeof body.code === 'number' ? body.code : undefined };
  } catch {
    // Not grpc-gateway's body: a proxy's page, or plain text.
  }
  return { message: plainAnswer(text), code: undefined };
}

const MAYBE_DONE = ': the rollback may have started all the same';

/**
 * The ConnectorError for an answer Argo CD gave with status ≥ 400.
 * @example
 * argoAnswerError({ status: 400, headers: {}, text: '{"error":"…auto-sync is enabled","code":9,"message":"…"}' },
 *   { app: 'checkout', action: 'roll back' }).retryable // false
 */
export function argoAnswerError(
  answer: ArgoAnswer,
  subject: ArgoCallSubject,
  now: number = Date.now(),
): ConnectorError {
  const { status } = answer;
  const { app, project, action } = subject;
  const { message: said, code } = parsed(answer.text);
  const message = said || `HTTP ${status}`;
  const make = (retryable: boolean, detail: string, wait?: number) =>
    new ConnectorError({ system: 'argocd', status, retryable, retryAfterMs: wait, detail });
  const rollingBack = action === 'roll back';
  const doIt = rollingBack ? 'roll it back' : 'read it';

  if (status === 400) {
    if (/auto-sync is enabled/i.test(message))
      return make(
        false,
        `Argo CD refused to roll back ${app}: ${message}. Turn auto-sync off for ${app} (argocd app set ${app} --sync-policy none, or Disable Auto-Sync in the UI), then roll back again.`,
      );
    if (/another operation is already in progress/i.test(message))
      return make(
        true,
        `Argo CD is already running an operation on ${app} (${message}); retry in ${waitInWords(OPERATION_IN_PROGRESS_WAIT_MS)}, when it has finished.`,
        OPERATION_IN_PROGRESS_WAIT_MS,
      );
    if (/does not have deployment with id/i.test(message))
      return make(
        false,
        `Argo CD answered 400: ${message} (it keeps only the last syncs, 10 by default: read the app's history again)`,
      );
    return make(false, `Argo CD answered 400: ${message}`);
  }
  if (status === 401) return make(false, `Argo CD refused ARGOCD_TOKEN: ${message}`);
  if (status === 403)
    return make(
      false,
      project
        ? `Argo CD answered 403 for ${app} in project ${project}: ${message}. ARGOCD_TOKEN lacks the rights to ${doIt}.`
        : `Argo CD answered 403 for ${app}: ${message}. Either there is no application ${app}, or ARGOCD_TOKEN lacks the rights to ${doIt} (Argo CD answers both alike; with the project named, a missing app is a 404).`,
    );
  if (status === 404)
    return make(false, `Argo CD has no application ${app}${project ? ` in project ${project}` : ''} (404: ${message})`);
  const wait = retryAfterMs(answer.headers['retry-after'], now);
  if (status === 408 || status === 429 || (status === 409 && code === GRPC_ABORTED))
    return make(true, `Argo CD answered ${status}: ${message}`, wait);
  if (status >= 500 && status !== 501)
    return make(true, `Argo CD answered ${status}: ${message}${rollingBack ? MAYBE_DONE : ''}`, wait);
  return make(false, `Argo CD answered ${status}: ${message}`);
}

/** The ConnectorError for a call that got no answer: a refused or dropped connection, or our timeout. */
export function argoNetworkError(
  host: string,
  reason: { timedOutAfterMs?: number; message: string },
  subject: ArgoCallSubject,
  cause?: unknown,
): ConnectorError {
  const what =
    reason.timedOutAfterMs !== undefined
      ? `Argo CD at ${host} did not answer within ${waitInWords(reason.timedOutAfterMs)}`
      : `No answer from Argo CD at ${host} (${oneLine(reason.message, 200)})`;
  return new ConnectorError({
    system: 'argocd',
    status: undefined,
    retryable: true,
    detail: `${what}${subject.action === 'roll back' ? MAYBE_DONE : ''}`,
    cause,
  });
}
