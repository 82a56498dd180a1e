/**
 * @module templates/load-yaml
 * Loads a YAML template and validates it with zod; every problem is reported with the file, the line
 * and column, the path inside the file, and what is wrong, e.g.
 * `templates/roles.yaml:12:5 roles.ops.dutys: unknown field "dutys"`.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ErrorCode, WarroomError } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';

export interface TemplateProblem {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

export class TemplateError extends WarroomError {
  constructor(readonly problems: TemplateProblem[]) {
    super(
      ErrorCode.TemplateInvalid,
      problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'),
    );
    this.name = 'TemplateError';
  }
}

type Key = string | number;

/** The node at `path`, or the deepest ancestor that exists (for a missing field: its parent). */
function nodeAt(root: Node | null | undefined, path: readonly Key[], key?: string): Node | undefined {
  let node: Node | undefined = root ?? undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair || !isNode(pair.value)) return node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!isNode(item)) return node;
      node = item;
    } else {
      return node;
    }
  }
  if (key && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
    if (pair && isNode(pair.key)) return pair.key;
  }
  return node;
}

function describe(issue: z.core.$ZodIssue): { message: string; key?: string } {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return { message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`, key: issue.keys[0] };
  }
  return { message: issue.message };
}

/** Where a template lives, for messages: relative to the project when inside it. */
export function displayPath(file: string): string {
  const rel = relative(PROJECT_ROOT, file);
  return rel.startsWith('..') ? file : rel;
}

/**
 * Parses and validates one YAML file.
 * @example
 * const roles = loadYamlTemplate('templates/roles.yaml', rolesFileSchema);
 */
export function loadYamlTemplate<T>(file: string, schema: z.ZodType<T>, refine?: (value: T) => TemplateProblemAt[]): T {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new TemplateError([{ file: shown, line: 1, column: 1, path: '', message: 'file not found or unreadable' }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (node: Node | undefined) => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new TemplateError(
      doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { file: shown, line, column: col, path: '', message: error.message.split('\n')[0] ?? 'invalid YAML' };
      }),
    );
  }
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new TemplateError(
      parsed.error.issues.map((issue) => {
        const { message, key } = describe(issue);
        const path = issue.path.filter((p): p is Key => typeof p === 'string' || typeof p === 'number');
        const fullPath = key ? [...path, key] : path;
        return { file: shown, ...position(nodeAt(doc.contents, path, key)), path: fullPath.join('.'), message };
      }),
    );
  }
  const extra = refine?.(parsed.data) ?? [];
  if (extra.length > 0) {
    throw new TemplateError(
      extra.map((p) => ({
        file: shown,
        ...position(nodeAt(doc.contents, p.path)),
        path: p.path.join('.'),
        message: p.message,
      })),
    );
  }
  return parsed.data;
}

/** A problem found after the schema passed (cross-references), located by its path in the file. */
export interface TemplateProblemAt {
  path: Key[];
  message: string;
}
