/**
 * @module sandbox/statuspage/request-body
 * A write's body, read the way the spec says to send it: "form urlencoded or JSON, but make sure the
 * Content-Type header matches the body structure". The emulator's choices, since the spec documents
 * only 400 for a bad request: no body, a JSON Content-Type on a body that is not a JSON object, and
 * a form body whose keys do not nest are 400 (the spec's "Bad request"); a Content-Type that is
 * neither JSON nor form-encoded (text/plain, multipart, none at all) is 415, as it is neither of the
 * two encodings the spec names.
 */
import { type Answer, badRequest, errorEntity } from './errors.js';
import { parseForm } from './form.js';

export type Encoding = 'json' | 'form';
export type DecodedBody = { body: Record<string, unknown>; encoding: Encoding } | { answer: Answer };

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The body as an object, or the answer that refuses it. */
export function decodeBody(raw: string, contentType: string | undefined): DecodedBody {
  const type = mediaType(contentType);
  if (raw.trim() === '') return { answer: badRequest('A request body is required') };
  if (type === 'application/json' || type.endsWith('+json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { answer: badRequest('The body is not valid JSON, but the Content-Type says it is') };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      return { answer: badRequest('The JSON body must be an object') };
    return { body: parsed as Record<string, unknown>, encoding: 'json' };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const decoded = parseForm(raw);
    if ('error' in decoded) return { answer: badRequest(decoded.error) };
    return { body: decoded.form, encoding: 'form' };
  }
  return {
    answer: errorEntity(
      415,
      `Unsupported Content-Type ${type ? `"${type}"` : '(none)'}: send application/json or application/x-www-form-urlencoded`,
    ),
  };
}

/** The named top-level hash (`incident`, `component`), or the 400 Rails gives when it is missing. */
export function requireHash(
  body: Record<string, unknown>,
  name: string,
): { hash: Record<string, unknown> } | { answer: Answer } {
  const value = body[name];
  if (value === undefined || value === null || value === '')
    return { answer: badRequest(`param is missing or the value is empty: ${name}`) };
  if (typeof value !== 'object' || Array.isArray(value)) return { answer: badRequest(`${name} must be an object`) };
  return { hash: value as Record<string, unknown> };
}
