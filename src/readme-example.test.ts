// The README's worked example, run as it stands: two agencies, five people and the whole
// search-only flow through the CLI against a real server, so the document cannot drift from the product.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lfwAbsent, lfwImage } from './testing/face-test-data.ts';
import { serverForTests } from './testing/server-process.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const marker = '<!-- run by src/readme-example.test.ts -->';

/** The shell block that follows the marker in README.md. */
function readmeBlock(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `README.md lost its marker ${marker}`);
  const m = /^```sh\n([\s\S]*?)^```$/m.exec(readme.slice(at));
  assert.ok(m, 'no ```sh block after the marker');
  return m[1]!;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const shared = serverForTests({ agency: 'Bundeskriminalamt', admin: 'alice' }, 'abg-readme-', lfwAbsent);

test("the README's worked example runs as written and ends with the released core data", { skip: lfwAbsent, timeout: 900_000 }, async () => {
  const { server, dir } = shared;
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'abgleich'), `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'bin', 'abgleich.js')}" "$@"\n`);
  chmodSync(join(bin, 'abgleich'), 0o755);
  copyFileSync(lfwImage('Colin_Powell', 1), join(dir, 'jane.jpg'));
  copyFileSync(lfwImage('Colin_Powell', 2), join(dir, 'probe.jpg'));
  const env = {
    ...process.env, PATH: `${bin}:${process.env.PATH}`, A: server.adminToken, ABGLEICH_SERVER: server.url,
    ABGLEICH_CLI_CONFIG: join(dir, 'cli.json'), ABGLEICH_TOKEN: '', ABGLEICH_PROFILE: '',
  };
  const r = await bash(readmeBlock(), dir, env);
  assert.equal(r.status, 0, `the example stopped:\n${r.stderr}\n${r.stdout}`);
  const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { coreData: { name: string } };
  assert.equal(last.coreData.name, 'Jane Doe');
});
