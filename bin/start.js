#!/usr/bin/env node
// `npm start|web|worker`: runs the built code (dist/, built by `npm ci` through the prepare script).
// When the sources changed since the last build (a developer's checkout), it builds first and says so;
// otherwise it starts at once, without compiling anything.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'dist', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (item.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = join(root, 'src');
const stale = !existsSync(entry) || (existsSync(sources) && newestSource(sources) > statSync(entry).mtimeMs);
if (stale) {
  process.stderr.write('warroom: building (the sources changed since the last build)…\n');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (built.status !== 0) {
    process.stderr.write('warroom: the build failed; see above\n');
    process.exit(1);
  }
}
process.argv.splice(2, 0, ...(process.argv.length > 2 ? [] : ['all']));
await import(new URL('../dist/main.js', import.meta.url).href);
