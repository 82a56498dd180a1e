/**
 * Runs warroom as a real process (as `npm start` does, from the TypeScript sources through tsx) and
 * collects what it prints.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/paths.js';

export interface WarroomProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export function runWarroom(args: string[], env: Record<string, string>): WarroomProcess {
  return watch(
    spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Runs `npm start` (or `npm run web|worker`) exactly as a user types it. */
export function runNpm(script: 'start' | 'web' | 'worker', env: Record<string, string>): WarroomProcess {
  return watch(
    spawn('npm', script === 'start' ? ['start'] : ['run', script], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // npm runs node as a child: signals go to the whole group.
      detached: true,
    }),
  );
}

function watch(child: ChildProcess): WarroomProcess {
  let out = '';
  const waiters: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    waitForOutput: (pattern, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in output:\n${out}`)), timeoutMs);
        waiters.push(check);
        check();
      }),
  };
}

export { freePort } from '../../src/redis/throwaway.js';
