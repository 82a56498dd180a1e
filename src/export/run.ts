/**
 * @module export/run
 * Exporting one incident: read its log, build the timeline, render it in a format. Shared by the
 * `/incident export` job, the CLI and the demo.
 */
import type { IncidentStore } from '../store/incident-store.js';
import type { Templates } from '../templates/index.js';
import { EXPORT_FORMATS, type ExportFormat, renderExport } from './index.js';
import type { Timeline } from './model.js';
import { buildTimeline } from './timeline.js';

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

/** Builds and renders an incident's export; undefined when the incident does not exist. */
export async function exportIncident(
  store: IncidentStore,
  templates: Templates,
  incidentId: string,
  format: Format,
  options: { timeZone: string; now: number; people?: Record<string, string> },
): Promise<ExportResult | undefined> {
  const events = await store.readEvents(incidentId);
  if (events.length === 0) return undefined;
  const timeline = buildTimeline(events, templates, options);
  return {
    filename: `${incidentId.toLowerCase()}-postmortem.${format}`,
    content: renderExport(timeline, format, templates.dir),
    timeline,
  };
}
