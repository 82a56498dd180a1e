/**
 * @module export — one entry point for every export format: `renderExport(timeline, format, templatesDir)`, and
 * `renderExportChunks` for the same text a chunk at a time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gathered, joined } from './chunks.js';
import { toCsvChunks } from './csv.js';
import { renderHtmlChunks } from './html.js';
import { toJsonChunks } from './json.js';
import { renderMarkdownChunks } from './markdown.js';
import type { Timeline } from './model.js';

export type ExportFormat = 'md' | 'html' | 'json' | 'csv';

/** Every format `renderExport` renders. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['md', 'html', 'json', 'csv'];

/** The file in the templates folder that lays out the Markdown postmortem. */
export const POSTMORTEM_TEMPLATE = 'postmortem.md';

export type ExportErrorCode = 'unsupported_format';

/** A format this dispatcher does not know (a caller outside the type system passed something else). */
export class ExportError extends Error {
  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/**
 * Renders a timeline in one format. Markdown reads `<templatesDir>/postmortem.md` (the team's layout); HTML
 * (src/export/html.ts), JSON and CSV need no template.
 * @throws ExportError for a format that is not one of EXPORT_FORMATS.
 * @example
 * process.stdout.write(renderExport(timeline, 'md', templates.dir));
 */
export function renderExport(timeline: Timeline, format: ExportFormat, templatesDir: string): string {
  return joined(pieces(timeline, format, templatesDir));
}

/**
 * renderExport's text as chunks of about CHUNK_CHARS characters, rendered as they are taken: a writer that writes
 * each before taking the next never holds the document. Joined, they are renderExport's text.
 * @throws ExportError for a format that is not one of EXPORT_FORMATS (at once, before any chunk).
 * @example
 * for (const chunk of renderExportChunks(timeline, 'html', templates.dir)) stream.write(chunk);
 */
export function renderExportChunks(timeline: Timeline, format: ExportFormat, templatesDir: string): Iterable<string> {
  return gathered(pieces(timeline, format, templatesDir));
}

/** The format's renderer, in pieces; the Markdown template is read here, before any piece. */
function pieces(timeline: Timeline, format: ExportFormat, templatesDir: string): Iterable<string> {
  switch (format) {
    case 'md':
      return renderMarkdownChunks(timeline, readFileSync(join(templatesDir, POSTMORTEM_TEMPLATE), 'utf8'));
    case 'html':
      return renderHtmlChunks(timeline);
    case 'json':
      return toJsonChunks(timeline);
    case 'csv':
      return toCsvChunks(timeline);
    default: {
      const unknown: never = format;
      throw new ExportError(
        'unsupported_format',
        `There is no export format "${String(unknown)}"; formats are ${EXPORT_FORMATS.join(', ')}.`,
      );
    }
  }
}
