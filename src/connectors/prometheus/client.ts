/**
 * @module connectors/prometheus/client
 * Reading a service's key metric from Prometheus's HTTP API: one number now (`/api/v1/query`, the
 * first series of a vector, or a scalar) and a series over a window (`/api/v1/query_range`). Values
 * are strings in the API (`"NaN"`, `"+Inf"` possible); a value that is not a finite number is
 * undefined. Errors are ConnectorErrors: `bad_data` (a PromQL the team must fix) is not retryable,
 * timeouts, 5xx and network failures are. The client never retries or waits itself.
 */
import { z } from 'zod';
import { oneLine } from '../answer-text.js';
import { ConnectorError } from '../errors.js';
import { deadline, networkReason } from '../network.js';

export interface PrometheusClientOptions {
  /** Prometheus's base URL, e.g. https://prometheus.example.com (warroom adds /api/v1/…). */
  url: string;
  /** Sent as the Authorization header as is (e.g. `Bearer …`, `Basic …`), when set. */
  authorization?: string | undefined;
  timeoutMs?: number;
}

export interface Sample {
  /** epoch ms */
  at: number;
  value: number;
}

const sampleValue = z.tuple([z.number(), z.string()]);
const envelope = z.object({
  status: z.enum(['success', 'error']),
  data: z
    .object({
      resultType: z.string(),
      result: z.unknown(),
    })
    .optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
});
const vector = z.array(z.object({ value: sampleValue }).passthrough());
const matrix = z.array(z.object({ values: z.array(sampleValue) }).passthrough());

function toSample([seconds, text]: [number, string]): Sample | undefined {
  const value = Number(text);
  return Number.isFinite(value) ? { at: Math.round(seconds * 1000), value } : undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export class PrometheusClient {
  private readonly base: string;

  constructor(private readonly options: PrometheusClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** The query's value at `at` (ms, default now): undefined when it matches nothing or is not a number. */
  async value(query: string, at?: number): Promise<Sample | undefined> {
    const params = new URLSearchParams({ query, ...(at !== undefined ? { time: String(at / 1000) } : {}) });
    const data = await this.send('/api/v1/query', params);
    if (data.resultType === 'scalar') {
      const parsed = sampleValue.safeParse(data.result);
      return parsed.success ? toSample(parsed.data) : undefined;
    }
    const parsed = vector.safeParse(data.result);
    if (!parsed.success || parsed.data.length === 0) return undefined;
    return toSample(parsed.data[0]?.value as [number, string]);
  }

  /** The query's first series from `from` to `until` (ms), one sample every `stepMs`. */
  async series(query: string, from: number, until: number, stepMs: number): Promise<Sample[]> {
    const params = new URLSearchParams({
      query,
      start: String(from / 1000),
      end: String(until / 1000),
      step: `${Math.max(1, Math.round(stepMs / 1000))}s`,
    });
    const data = await this.send('/api/v1/query_range', params);
    const parsed = matrix.safeParse(data.result);
    if (!parsed.success || parsed.data.length === 0) return [];
    return (parsed.data[0]?.values ?? []).map(toSample).filter((s): s is Sample => s !== undefined);
  }

  private async send(path: string, params: URLSearchParams): Promise<{ resultType: string; result: unknown }> {
    const where = new URL(this.base).host;
    const { signal, expired } = deadline(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          ...(this.options.authorization ? { authorization: this.options.authorization } : {}),
        },
        body: params.toString(),
        signal,
      });
      text = await response.text();
    } catch (error) {
      const why = expired()
        ? `did not answer within ${this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`
        : `(${networkReason(error)})`;
      throw new ConnectorError({
        system: 'prometheus',
        status: undefined,
        retryable: true,
        detail: `No answer from Prometheus at ${where} ${why}`,
        cause: error,
      });
    }
    let body: z.infer<typeof envelope> | undefined;
    try {
      const parsed = envelope.safeParse(JSON.parse(text));
      body = parsed.success ? parsed.data : undefined;
    } catch {
      body = undefined;
    }
    if (response.ok && body?.status === 'success' && body.data) return body.data;
    const said = body?.error
      ? `${body.errorType ?? 'error'}: ${oneLine(body.error, 300)}`
      : oneLine(text, 200) || `HTTP ${response.status}`;
    if (response.status === 401 || response.status === 403) {
      throw new ConnectorError({
        system: 'prometheus',
        status: response.status,
        retryable: false,
        detail: `Prometheus refused PROMETHEUS_AUTHORIZATION (${response.status}: ${said})`,
      });
    }
    // bad_data: the query or its parameters are wrong; execution: it cannot be evaluated as written.
    const retryable = !(response.status === 400 || body?.errorType === 'bad_data' || body?.errorType === 'execution');
    throw new ConnectorError({
      system: 'prometheus',
      status: response.status,
      retryable,
      detail: `Prometheus answered ${response.status}: ${said}`,
    });
  }
}
