/**
 * @module sandbox/prometheus/api
 * The emulated Prometheus 2.42 HTTP API: `/api/v1/query` and `/api/v1/query_range` (GET, or POST
 * with a form-encoded body), `/-/ready` and `/-/healthy`. Each call goes through the checks the
 * real server makes, in its order: the Authorization header (when one is required, as
 * --web.config.file's basic_auth_users would), the method, then the parameters as web/api/v1's
 * query and queryRange read them (time; or start, end, end ≥ start, step > 0, at most 11,000 points
 * per series), timeout, and the query itself. Messages and statuses are 2.42's (see errors.ts). An unknown query matches nothing: an empty vector, or
 * an empty matrix for a range. Every call is recorded.
 */
import {
  apiError,
  invalidParameter,
  MESSAGES,
  methodNotAllowed,
  notFound,
  type PromAnswer,
  serverError,
  unauthorized,
} from './errors.js';
import { type Endpoint, type PrometheusFault, PrometheusFaults } from './faults.js';
import { formValues, parseDuration, parseTime } from './params.js';
import { type Definition, evaluateInstant, evaluateRange, normalizeQuery, rangeSteps } from './series.js';
import { successJson, type WireData } from './wire.js';

export interface RecordedPrometheusCall {
  seq: number;
  method: string;
  path: string;
  endpoint?: Endpoint;
  /** What Prometheus reads with r.FormValue: a form-encoded POST body's first, then the URL's. */
  params: Record<string, string>;
  /** Whether the parameters came in the URL or (at least partly) in a form-encoded body. */
  encoding: 'url' | 'form';
  /** Request headers, lower-case, without Authorization. */
  headers: Record<string, string>;
  /** Whether the Authorization header was the one required; absent when none is required. */
  authorized?: boolean;
  /** 0 when the connection was cut. */
  status: number;
  errorType?: string;
  error?: string;
  /** The body as sent. */
  response: string;
  fault?: PrometheusFault['kind'];
  /** The emulator's clock when the call arrived (ms since the epoch). */
  at: number;
}

export interface PromOutcome {
  answer: PromAnswer;
  delayMs: number;
  /** Destroy the connection instead of answering. */
  reset: boolean;
}

export interface PrometheusApiHost {
  /** The exact Authorization header value required, if any. */
  authorization: string | undefined;
  /** The emulator's clock, ms since the epoch. */
  now(): number;
  definition(query: string): Definition | undefined;
  /** --query.timeout (default 2 min). */
  queryTimeoutMs: number;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };
const ROUTES: Record<string, Endpoint | 'ready' | 'healthy'> = {
  '/api/v1/query': 'query',
  '/api/v1/query_range': 'query_range',
  '/-/ready': 'ready',
  '/-/healthy': 'healthy',
};

function ok(data: WireData, warnings: readonly string[]): PromAnswer {
  return { status: 200, headers: { 'content-type': 'application/json' }, text: successJson(data, warnings) };
}

type Checked = { answer: PromAnswer } | { timeoutMs: number | undefined; evaluate: () => PromAnswer };

export class PrometheusApi {
  readonly calls: RecordedPrometheusCall[] = [];
  readonly faults = new PrometheusFaults(normalizeQuery);

  constructor(
    private readonly host: PrometheusApiHost,
    private readonly onCall: () => void,
  ) {}

  handle(method: string, url: URL, headers: Record<string, string | undefined>, body: string): PromOutcome {
    const { values: params, inBody } = formValues(method, url, headers['content-type'], body);
    const record: RecordedPrometheusCall = {
      seq: this.calls.length + 1,
      method,
      path: url.pathname,
      params: Object.fromEntries(params),
      encoding: inBody ? 'form' : 'url',
      headers: Object.fromEntries(
        Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'authorization'),
      ),
      status: 0,
      response: '',
      at: this.host.now(),
    };
    const outcome = this.outcome(method, url.pathname, headers, params, record);
    record.status = outcome.answer.status;
    record.response = outcome.answer.text;
    if (outcome.answer.headers['content-type'] === 'application/json' && outcome.answer.status >= 400) {
      const error = JSON.parse(outcome.answer.text) as { errorType: string; error: string };
      record.errorType = error.errorType;
      record.error = error.error;
    }
    this.calls.push(record);
    this.onCall();
    return outcome;
  }

  private outcome(
    method: string,
    path: string,
    headers: Record<string, string | undefined>,
    params: Map<string, string>,
    record: RecordedPrometheusCall,
  ): PromOutcome {
    const plain = (answer: PromAnswer, delayMs = 0): PromOutcome => ({ answer, delayMs, reset: false });
    if (this.host.authorization !== undefined) {
      record.authorized = headers.authorization === this.host.authorization;
      if (!record.authorized) return plain(unauthorized());
    }
    const route = ROUTES[path];
    if (route === undefined) return plain(notFound());
    if (route === 'ready' || route === 'healthy') {
      if (method !== 'GET' && method !== 'HEAD') return plain(methodNotAllowed());
      const word = route === 'ready' ? 'Ready' : 'Healthy';
      return plain({ status: 200, headers: TEXT, text: `Prometheus Server is ${word}.\n` });
    }
    record.endpoint = route;
    // The API answers a CORS preflight with an empty 204, whatever the parameters.
    if (method === 'OPTIONS') return plain({ status: 204, headers: {}, text: '' });
    if (method !== 'GET' && method !== 'POST') return plain(methodNotAllowed());
    const query = params.get('query') ?? '';
    const fault = this.faults.take(route, query);
    if (fault) record.fault = fault.kind;
    const faultDelay = fault?.kind === 'slow' ? fault.delayMs : (fault?.delayMs ?? 0);
    if (fault?.kind === 'reset')
      return { answer: { status: 0, headers: {}, text: '' }, delayMs: faultDelay, reset: true };
    if (fault?.kind === 'server-error') return plain(serverError(fault.status), faultDelay);
    const checked = route === 'query' ? this.checkInstant(params) : this.checkRange(params);
    if ('answer' in checked) return plain(checked.answer);
    const timeoutMs = Math.min(checked.timeoutMs ?? Number.POSITIVE_INFINITY, this.host.queryTimeoutMs);
    if (timeoutMs < 1) return plain(apiError('timeout', MESSAGES.timeoutInQueue));
    if (faultDelay > timeoutMs) return plain(apiError('timeout', MESSAGES.timeoutInEvaluation), timeoutMs);
    if (fault?.kind === 'timeout')
      return plain(apiError('timeout', fault.message ?? MESSAGES.timeoutInEvaluation), faultDelay);
    if (fault?.kind === 'execution')
      return plain(apiError('execution', fault.message ?? MESSAGES.manyToMany), faultDelay);
    return plain(checked.evaluate(), faultDelay);
  }

  /** The timeout parameter in ms, an answer when it does not parse, or undefined when absent. */
  private timeout(params: Map<string, string>): { timeoutMs: number | undefined } | { answer: PromAnswer } {
    const text = params.get('timeout') ?? '';
    if (text === '') return { timeoutMs: undefined };
    const parsed = parseDuration(text);
    if ('error' in parsed) return { answer: invalidParameter('timeout', parsed.error) };
    return { timeoutMs: Number(parsed.value) / 1e6 };
  }

  /** The query's definition, or the parse error Prometheus would give for it. */
  private parse(query: string): { definition: Definition | undefined } | { answer: PromAnswer } {
    if (query.trim() === '') return { answer: invalidParameter('query', MESSAGES.noExpression) };
    const definition = this.host.definition(query);
    if (definition?.kind === 'bad') return { answer: invalidParameter('query', definition.parseError) };
    return { definition };
  }

  private checkInstant(params: Map<string, string>): Checked {
    const timeText = params.get('time') ?? '';
    let atMs = Math.floor(this.host.now());
    if (timeText !== '') {
      const parsed = parseTime(timeText);
      if ('error' in parsed)
        return { answer: invalidParameter('time', `Invalid time value for 'time': ${parsed.error}`) };
      atMs = parsed.value;
    }
    const timeout = this.timeout(params);
    if ('answer' in timeout) return timeout;
    const parsed = this.parse(params.get('query') ?? '');
    if ('answer' in parsed) return parsed;
    const { definition } = parsed;
    return {
      timeoutMs: timeout.timeoutMs,
      evaluate: () => {
        if (definition?.kind === 'scalar')
          return ok({ resultType: 'scalar', atMs, value: definition.value(atMs / 1000) }, definition.warnings);
        if (definition?.kind !== 'vector') return ok({ resultType: 'vector', series: [] }, []);
        return ok({ resultType: 'vector', series: evaluateInstant(definition, atMs) }, definition.warnings);
      },
    };
  }

  private checkRange(params: Map<string, string>): Checked {
    const start = parseTime(params.get('start') ?? '');
    if ('error' in start) return { answer: invalidParameter('start', start.error) };
    const end = parseTime(params.get('end') ?? '');
    if ('error' in end) return { answer: invalidParameter('end', end.error) };
    if (end.value < start.value) return { answer: invalidParameter('end', MESSAGES.endBeforeStart) };
    const step = parseDuration(params.get('step') ?? '');
    if ('error' in step) return { answer: invalidParameter('step', step.error) };
    if (step.value <= 0n) return { answer: invalidParameter('step', MESSAGES.nonPositiveStep) };
    // api.go: `if end.Sub(start)/step > 11000`, integer division of two time.Durations.
    if ((BigInt(end.value - start.value) * 1_000_000n) / step.value > 11_000n)
      return { answer: apiError('bad_data', MESSAGES.tooManyPoints) };
    const timeout = this.timeout(params);
    if ('answer' in timeout) return timeout;
    const parsed = this.parse(params.get('query') ?? '');
    if ('answer' in parsed) return parsed;
    const { definition } = parsed;
    const stepMs = Number(step.value / 1_000_000n);
    return {
      timeoutMs: timeout.timeoutMs,
      evaluate: () => {
        const steps = rangeSteps(start.value, end.value, stepMs);
        const series = definition ? evaluateRange(definition, steps) : [];
        const warnings = definition && definition.kind !== 'bad' ? definition.warnings : [];
        return ok({ resultType: 'matrix', series }, warnings);
      },
    };
  }
}
