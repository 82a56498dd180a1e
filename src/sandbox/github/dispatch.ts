/**
 * @module sandbox/github/dispatch
 * `POST …/actions/workflows/{workflow_id}/dispatches` as GitHub validates it, in its order: the body
 * against the operation's schema (ref required, inputs an object of at most 25 properties), the
 * workflow's `workflow_dispatch` trigger, the ref (a branch or tag: not a sha), then the inputs
 * against the workflow file (none unknown, every required one given, choices and booleans allowed).
 * Every refusal is a 422 with GitHub's message-only body.
 *
 * Where the messages come from: "Unexpected inputs provided: [...]", "No ref found for: …",
 * "Workflow does not have 'workflow_dispatch' trigger" and "Provided value '…' for input '…' not in
 * the list of allowed values" are quoted from real answers in public issue threads (2021–2026);
 * "Required input '…' not provided" and the "Invalid request.\n\n…" schema messages follow GitHub's
 * known wording but were not found quoted; the number-input message is made up (GitHub's is unknown).
 */
import { type Answer, githubError } from './errors.js';
import type { GitHubState, Repo, Workflow } from './model.js';

export const DISPATCH_DOCS = 'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event';

/** How many inputs a dispatch may carry today (the 2022 description said 10). */
export const MAX_INPUTS = 25;

export interface ValidDispatch {
  branch: string;
  headSha: string;
  /** The inputs the run sees: those given, plus the workflow's defaults for the others. */
  inputs: Record<string, unknown>;
  returnRunDetails: boolean;
}

const refuse = (message: string): { answer: Answer } => ({ answer: githubError(422, message, DISPATCH_DOCS) });

function invalidRequest(detail: string): { answer: Answer } {
  return refuse(`Invalid request.\n\n${detail}`);
}

function checkBodySchema(body: Record<string, unknown>): { answer: Answer } | undefined {
  if (!('ref' in body)) return invalidRequest('"ref" wasn\'t supplied.');
  if (typeof body.ref !== 'string')
    return invalidRequest(`For 'properties/ref', ${JSON.stringify(body.ref)} is not a string.`);
  if ('inputs' in body) {
    const inputs = body.inputs;
    if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs))
      return invalidRequest(`For 'properties/inputs', ${JSON.stringify(inputs)} is not an object.`);
    if (Object.keys(inputs).length > MAX_INPUTS)
      return invalidRequest(
        `For 'properties/inputs', ${JSON.stringify(inputs)} has more than ${MAX_INPUTS} properties.`,
      );
  }
  if ('return_run_details' in body && typeof body.return_run_details !== 'boolean')
    return invalidRequest(
      `For 'properties/return_run_details', ${JSON.stringify(body.return_run_details)} is not a boolean.`,
    );
  return undefined;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function checkInputs(workflow: Workflow, given: Record<string, unknown>): { answer: Answer } | undefined {
  const declared = workflow.inputs ?? [];
  const unexpected = Object.keys(given).filter((name) => !declared.some((input) => input.name === name));
  if (unexpected.length > 0)
    return refuse(`Unexpected inputs provided: [${unexpected.map((n) => JSON.stringify(n)).join(', ')}]`);
  for (const input of declared) {
    const value = given[input.name];
    if (isBlank(value)) {
      if (input.required && input.default === undefined) return refuse(`Required input '${input.name}' not provided`);
      continue;
    }
    const allowed = input.type === 'choice' ? input.options : input.type === 'boolean' ? ['true', 'false'] : undefined;
    if (allowed && !allowed.includes(String(value)))
      return refuse(`Provided value '${String(value)}' for input '${input.name}' not in the list of allowed values`);
    if (input.type === 'number' && Number.isNaN(Number(value)))
      return refuse(`Provided value '${String(value)}' for input '${input.name}' is not a valid number`);
  }
  return undefined;
}

/**
 * Checks a dispatch the way GitHub does; `answer` is the 422 to send when it is refused.
 * @example
 * const checked = validateDispatch(state, repo, workflow, { ref: 'main', inputs: { version: 'v1.4.2' } });
 */
export function validateDispatch(
  state: GitHubState,
  repo: Repo,
  workflow: Workflow,
  body: Record<string, unknown>,
): ValidDispatch | { answer: Answer } {
  const schemaProblem = checkBodySchema(body);
  if (schemaProblem) return schemaProblem;
  if (workflow.dispatchable === false) return refuse("Workflow does not have 'workflow_dispatch' trigger");
  const ref = body.ref as string;
  const resolved = state.resolveRef(repo, ref, false);
  if (!resolved) return refuse(`No ref found for: ${ref}`);
  const given = (body.inputs ?? {}) as Record<string, unknown>;
  const inputProblem = checkInputs(workflow, given);
  if (inputProblem) return inputProblem;
  const inputs: Record<string, unknown> = {};
  for (const input of workflow.inputs ?? []) {
    const value = isBlank(given[input.name]) ? input.default : given[input.name];
    if (value !== undefined) inputs[input.name] = value;
  }
  return { branch: resolved.branch, headSha: resolved.sha, inputs, returnRunDetails: body.return_run_details === true };
}

/** The run's title: the workflow's `run-name` with `${{ inputs.x }}` / `${{ github.actor }}` filled in. */
export function displayTitle(workflow: Workflow, inputs: Record<string, unknown>, actor: string): string {
  if (!workflow.runName) return workflow.name;
  return workflow.runName.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_whole, expression: string) => {
    if (expression === 'github.actor') return actor;
    if (expression.startsWith('inputs.')) return String(inputs[expression.slice(7)] ?? '');
    throw new Error(`run-name expression \${{ ${expression} }} is not emulated`);
  });
}
