/**
 * @module sandbox/github/contract
 * The GitHub data the emulator is held to, copied into contract/ from ../shared/contracts/github so
 * the demo runs without that folder: octokit's example deliveries (the starting point of every
 * payload the emulator sends) and the JSON Schemas of the events it sends.
 */
import { readFileSync } from 'node:fs';
import { type Schema, validateSchema } from './json-schema.js';

const CONTRACT_DIR = new URL('./contract/', import.meta.url);
const cache = new Map<string, Schema>();

/** A schema file under contract/schemas/, e.g. `deployment_status/created.schema.json`. */
export function loadSchema(path: string): Schema {
  let schema = cache.get(path);
  if (!schema) {
    schema = JSON.parse(readFileSync(new URL(`schemas/${path}`, CONTRACT_DIR), 'utf8')) as Schema;
    cache.set(path, schema);
  }
  return schema;
}

/** A fresh copy of one of octokit's example payloads, e.g. `deployment_status.payload.json`. */
export function examplePayload(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`examples/${name}`, CONTRACT_DIR), 'utf8')) as Record<string, unknown>;
}

/** The schema file for an event and action, when the emulator knows one. */
export function schemaFileFor(event: string, action: unknown): string | undefined {
  if (event === 'deployment_status' && action === 'created') return 'deployment_status/created.schema.json';
  if (event === 'workflow_run' && (action === 'requested' || action === 'in_progress' || action === 'completed'))
    return `workflow_run/${action}.schema.json`;
  return undefined;
}

/** Where `payload` breaks the event's schema (empty when it conforms, or when no schema is known). */
export function payloadProblems(event: string, payload: Record<string, unknown>): string[] {
  const file = schemaFileFor(event, payload.action);
  return file ? validateSchema(loadSchema(file), payload, file, loadSchema) : [];
}
