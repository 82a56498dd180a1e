/** @module export — one entry point for every export format: `renderExport(timeline, format, templatesDir)`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCsv } from './csv.js';
import { renderHtml } from './html.js';
import { toJson } from './json.js';
import { renderMarkdown } from './markdown.js';
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
  switch (format) {
    case 'md':
      return renderMarkdown(timeline, readFileSync(join(templatesDir, POSTMORTEM_TEMPLATE), 'utf8'));
    case 'html':
      return renderHtml(timeline);
    case 'json':
      return toJson(timeline);
    case 'csv':
      return toCsv(timeline);
    default: {
      const unknown: never = format;
      throw new ExportError(
        'unsupported_format',
        `There is no export format "${String(unknown)}"; formats are ${EXPORT_FORMATS.join(', ')}.`,
      );
    }
  }
}
