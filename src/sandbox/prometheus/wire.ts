/**
 * @module sandbox/prometheus/wire
 * Prometheus 2.42's JSON, byte for byte: the envelope, sample values as strings formatted by Go's
 * strconv, timestamps as seconds with millisecond precision, and the shapes of vector, matrix and
 * scalar results. Checked against the real 2.42 (Debian 12) on this machine:
 *
 * - a vector or matrix sample's value is `AppendFloat(v, 'f', -1)`, switching to `'e'` when
 *   |v| < 1e-6 or |v| ≥ 1e21 (`"1e-07"`, `"1e+21"`), `"NaN"`, `"+Inf"`, `"-Inf"`, `"-0"`;
 *   its timestamp is written by jsonutil.MarshalTimestamp: `1435781451.781`, `1.500`, `-1.500`, `60`;
 * - a scalar (promql.Scalar's MarshalJSON, encoding/json) writes its value with `'f'` only
 *   (`"0.0000001"`) and its timestamp as a plain float (`1.5`, `1435781451.78`);
 * - strings are escaped as Go's encoding/json does (`<`, `>`, `&`, U+2028, U+2029 as `\u…`);
 * - label names are written sorted; a matrix's series are sorted by their labels.
 */

export type Labels = Readonly<Record<string, string>>;

/** One series in an answer: its labels and its samples as [milliseconds, value]. */
export interface WireSeries {
  labels: Labels;
  samples: readonly (readonly [number, number])[];
}

export type WireData =
  | { resultType: 'vector'; series: readonly WireSeries[] }
  | { resultType: 'matrix'; series: readonly WireSeries[] }
  | { resultType: 'scalar'; atMs: number; value: number };

/** A JSON string as Go's encoding/json (and jsoniter's standard-library mode) writes it. */
export function goString(text: string): string {
  return JSON.stringify(text).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The shortest digits that round-trip `v` (> 0, finite) and the decimal exponent of the first one. */
function shortestDigits(v: number): { digits: string; exponent: number } {
  const [mantissa = '0', exp = '0'] = v.toExponential().split('e');
  return { digits: mantissa.replace('.', ''), exponent: Number(exp) };
}

/** Go's `strconv.FormatFloat(v, format, -1, 64)`. */
export function goFloat(v: number, format: 'f' | 'e'): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  if (v === 0) return format === 'e' ? `${sign}0e+00` : `${sign}0`;
  const { digits, exponent } = shortestDigits(Math.abs(v));
  if (format === 'e') {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exp = Math.abs(exponent).toString().padStart(2, '0');
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${exp}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** A vector or matrix sample's value (jsonutil.MarshalValue). */
export function sampleValue(v: number): string {
  const abs = Math.abs(v);
  return goFloat(v, abs !== 0 && (abs < 1e-6 || abs >= 1e21) ? 'e' : 'f');
}

/** A vector or matrix sample's timestamp (jsonutil.MarshalTimestamp): seconds, 3 decimals unless whole. */
export function sampleTime(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  const fraction = abs % 1000;
  const whole = `${sign}${Math.trunc(abs / 1000)}`;
  return fraction === 0 ? whole : `${whole}.${fraction.toString().padStart(3, '0')}`;
}

function metric(labels: Labels): string {
  const names = Object.keys(labels).sort(compareBytes);
  return `{${names.map((name) => `${goString(name)}:${goString(labels[name] ?? '')}`).join(',')}}`;
}

function point([ms, v]: readonly [number, number]): string {
  return `[${sampleTime(ms)},"${sampleValue(v)}"]`;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Prometheus's labels.Compare: label by label (sorted by name), name then value, shorter first. */
export function compareLabels(a: Labels, b: Labels): number {
  const left = Object.keys(a).sort(compareBytes);
  const right = Object.keys(b).sort(compareBytes);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const byName = compareBytes(left[i] ?? '', right[i] ?? '');
    if (byName !== 0) return byName;
    const byValue = compareBytes(a[left[i] ?? ''] ?? '', b[right[i] ?? ''] ?? '');
    if (byValue !== 0) return byValue;
  }
  return left.length - right.length;
}

/** The `data` object of a successful query. */
export function dataJson(data: WireData): string {
  if (data.resultType === 'scalar')
    return `{"resultType":"scalar","result":[${JSON.stringify(data.atMs / 1000)},"${goFloat(data.value, 'f')}"]}`;
  const items =
    data.resultType === 'vector'
      ? data.series.flatMap((s) => s.samples.map((p) => `{"metric":${metric(s.labels)},"value":${point(p)}}`))
      : data.series.map((s) => `{"metric":${metric(s.labels)},"values":[${s.samples.map(point).join(',')}]}`);
  return `{"resultType":"${data.resultType}","result":[${items.join(',')}]}`;
}

/** `{"status":"success","data":…}`, with `warnings` only when there are some (2.42 has no `infos`). */
export function successJson(data: WireData, warnings: readonly string[] = []): string {
  const tail = warnings.length > 0 ? `,"warnings":[${warnings.map(goString).join(',')}]` : '';
  return `{"status":"success","data":${dataJson(data)}${tail}}`;
}

/** `{"status":"error","errorType":…,"error":…}` (2.42 leaves `data` out when it has none). */
export function errorJson(errorType: string, error: string): string {
  return `{"status":"error","errorType":${goString(errorType)},"error":${goString(error)}}`;
}
