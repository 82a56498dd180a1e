/**
 * @module export/run
 * Exporting one incident: read its log a chunk at a time into the timeline, then render it in a format, whole
 * (exportIncident) or a chunk at a time for a writer (streamExport). Shared by the `/incident export` job, the CLI,
 * the export links and the demo.
 */
import { readEventChunks } from '../store/event-stream.js';
import type { IncidentStore } from '../store/incident-store.js';
import type { Templates } from '../templates/index.js';
import { joined } from './chunks.js';
import { EXPORT_FORMATS, type ExportFormat, renderExportChunks } from './index.js';
import type { Timeline } from './model.js';
import { type TimelineOptions, timelineFold } from './timeline.js';

export const FORMATS = EXPORT_FORMATS;
export type Format = ExportFormat;

export const MEDIA_TYPES: Record<Format, string> = {
  md: 'text/markdown',
  html: 'text/html',
  json: 'application/json',
  csv: 'text/csv',
};

export function isFormat(text: string): text is Format {
  return (FORMATS as readonly string[]).includes(text);
}

export interface ExportResult {
  filename: string;
  content: string;
  timeline: Timeline;
}

/** An export to be written: the text comes a chunk at a time as `chunks` is gone through (once). */
export interface ExportStream {
  filename: string;
  chunks: Iterable<string>;
  timeline: Timeline;
}

/**
 * An incident's timeline, read from its log a chunk at a time (never the whole log at once); undefined when the
 * incident has no log.
 * @throws ZodError when an event in the log is not a recorded event.
 */
export async function readTimeline(
  store: IncidentStore,
  templates: Templates,
  incidentId: string,
  options: TimelineOptions,
): Promise<Timeline | undefined> {
  const fold = timelineFold(templates, options);
  let read = 0;
  for await (const events of readEventChunks(store, incidentId)) {
    fold.add(events);
    read += events.length;
  }
  return read === 0 ? undefined : fold.finish();
}

/**
 * An incident's export, to be written as it is rendered; undefined when the incident does not exist.
 * @example
 * const stream = await streamExport(store, templates, 'INC-42', 'html', { timeZone: 'UTC', now: Date.now() });
 * for (const chunk of stream?.chunks ?? []) process.stdout.write(chunk);
 */
export async function streamExport(
  store: IncidentStore,
  templates: Templates,
  incidentId: string,
  format: Format,
  options: TimelineOptions,
): Promise<ExportStream | undefined> {
  const timeline = await readTimeline(store, templates, incidentId, options);
  if (!timeline) return undefined;
  return {
    filename: `${incidentId.toLowerCase()}-postmortem.${format}`,
    chunks: renderExportChunks(timeline, format, templates.dir),
    timeline,
  };
}

/** Builds and renders an incident's export, whole; undefined when the incident does not exist. */
export async function exportIncident(
  store: IncidentStore,
  templates: Templates,
  incidentId: string,
  format: Format,
  options: TimelineOptions,
): Promise<ExportResult | undefined> {
  const stream = await streamExport(store, templates, incidentId, format, options);
  if (!stream) return undefined;
  return { filename: stream.filename, content: joined(stream.chunks), timeline: stream.timeline };
}
