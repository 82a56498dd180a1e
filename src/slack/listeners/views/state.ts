/**
 * @module slack/listeners/views/state
 * Reading what a responder entered in a modal (view.state.values) and the modal's private metadata.
 */
import type { ViewOutput } from '@slack/bolt';
import { z } from 'zod';

type Values = ViewOutput['state']['values'];

/** The text typed into input `id` (block_id and action_id are the same), trimmed; '' when empty. */
export function textValue(values: Values, id: string): string {
  const value: unknown = values[id]?.[id]?.value;
  return typeof value === 'string' ? value.trim() : '';
}

export function selectedValue(values: Values, id: string): string | undefined {
  const value: unknown = values[id]?.[id]?.selected_option?.value;
  return typeof value === 'string' ? value : undefined;
}

export function checkedValues(values: Values, id: string): string[] {
  const options: unknown = values[id]?.[id]?.selected_options;
  return Array.isArray(options) ? options.map((o: { value?: unknown }) => String(o?.value ?? '')) : [];
}

/** Parses private_metadata with a schema; undefined when it is not what warroom put there. */
export function metadata<T>(view: ViewOutput, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(view.private_metadata || '{}'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const incidentMetadataSchema = z.object({ incidentId: z.string().regex(/^INC-\d+$/) });
export const declareMetadataSchema = z.object({ declaredIn: z.string(), responseUrl: z.string().url().optional() });
