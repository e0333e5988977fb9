#!/usr/bin/env node
// Builds the web UI (web/ -> web/dist) with Vite. `--if-needed` builds only when web/dist is
// missing or older than a source file, so `npm start` on a fresh clone shows the UI.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const builtIndex = join(web, 'dist', 'index.html');
const sourceEntries = ['src', 'public', 'index.html', 'vite.config.ts'];

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** True when web/dist is missing or older than any UI source file. */
export function webBuildIsStale() {
  if (!existsSync(builtIndex)) return true;
  const built = statSync(builtIndex).mtimeMs;
  return sourceEntries.some((e) => existsSync(join(web, e)) && newestMtime(join(web, e)) > built);
}

/** Runs `vite build` with web/vite.config.ts; throws when it fails. */
export function buildWeb() {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status ?? r.signal})`);
}

/** True when Vite is installed (it is a development dependency). */
export function canBuildWeb() {
  return existsSync(join(root, 'node_modules', 'vite', 'bin', 'vite.js'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifNeeded = process.argv.includes('--if-needed');
  if (ifNeeded && !webBuildIsStale()) process.exit(0);
  if (ifNeeded && !canBuildWeb()) {
    // Installed without development dependencies: the API still starts; / explains what is missing.
    process.stderr.write('web UI not built and Vite is not installed (npm install without --omit=dev); starting without it\n');
    process.exit(0);
  }
  try {
    buildWeb();
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
