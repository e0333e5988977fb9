// A real Abgleich server for browser tests: `init --json` over a fresh SQLite data directory,
// then `serve --port 0` on loopback, exactly as an operator would start it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'bin', 'abgleich.js');

export interface TestServer {
  url: string;
  adminToken: string;
  /** Everything the server process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** `prepare` runs after `init` and before `serve`, on the data directory (to add a face model, for instance). */
export async function startServer(options: { prepare?: (dataDir: string) => void | Promise<void> } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'abg-e2e-'));
  const env = { ...process.env, ABGLEICH_LOG_LEVEL: 'warn' };
  const init = JSON.parse(execFileSync(process.execPath, [cli, 'init', '--data', dataDir, '--json'], { cwd: root, env, encoding: 'utf8' })) as { token: string };
  await options.prepare?.(dataDir);
  const child = spawn(process.execPath, [cli, 'serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${err}`)), 30_000);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      err += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${err}`));
    });
  });
  return {
    url,
    adminToken: init.token,
    stderr: () => err,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}
