// A real Abgleich server process for tests of its clients (the CLI, the workbench): `init --json`
// over a fresh SQLite data directory (or an existing one), then `serve --port 0` on loopback, as an
// operator would start it; `cli` runs `abgleich` against it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './cli-process.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'abgleich.js');

export interface ServerProcess {
  url: string;
  /** The token of the first admin `init` printed (empty when the data directory was given initialised). */
  adminToken: string;
  dataDir: string;
  /** Everything the server process wrote to stderr so far. */
  stderr(): string;
  /** Runs `abgleich <args>` against this server as the user of `token` (default the admin). */
  cli(args: string[], token?: string, env?: NodeJS.ProcessEnv): ReturnType<typeof runCli>;
  stop(): Promise<void>;
  /** Kills the process with SIGKILL (as a crash would) and keeps the data directory. */
  kill(): Promise<void>;
}

export interface ServerOptions {
  /** Serve this data directory as it is instead of a fresh, initialised one; it is kept on stop. */
  dataDir?: string;
  agency?: string;
  admin?: string;
  logLevel?: string;
  env?: NodeJS.ProcessEnv;
  /** The address to listen on; null: serve's own default. */
  host?: string | null;
  /** The port to listen on (default 0: any free one). */
  port?: number;
  /** Runs after `init` and before `serve`, on the data directory (to add a face model, for instance). */
  prepare?: (dataDir: string) => void | Promise<void>;
}

/**
 * A server process and a scratch directory for the tests of one file: started before them,
 * stopped and removed after them; not started when `skip` (a test's skip flag or reason) is set.
 * Read the fields inside the tests.
 */
export function serverForTests(options: ServerOptions, scratchPrefix: string, skip: boolean | string = false): { server: ServerProcess; dir: string } {
  const shared = { server: undefined as unknown as ServerProcess, dir: '' };
  before(async () => {
    if (skip) return;
    shared.server = await startServerProcess(options);
    shared.dir = mkdtempSync(join(tmpdir(), scratchPrefix));
  });
  after(async () => {
    await shared.server?.stop();
    if (shared.dir) rmSync(shared.dir, { recursive: true, force: true });
  });
  return shared;
}

/** Starts a server process and waits until it listens. */
export async function startServerProcess(options: ServerOptions = {}): Promise<ServerProcess> {
  const own = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'abg-server-'));
  const env = { ...process.env, ABGLEICH_LOG_LEVEL: options.logLevel ?? 'warn', ...options.env };
  let adminToken = '';
  if (own) {
    const args = ['init', '--data', dataDir, '--json', ...(options.agency ? ['--agency', options.agency] : []), ...(options.admin ? ['--admin', options.admin] : [])];
    adminToken = (JSON.parse(execFileSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8' })) as { token: string }).token;
  }
  await options.prepare?.(dataDir);
  const host = options.host === undefined ? ['--host', '127.0.0.1'] : options.host === null ? [] : ['--host', options.host];
  const child = spawn(process.execPath, [bin, 'serve', '--data', dataDir, '--port', String(options.port ?? 0), ...host], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${err}`)), 60_000);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      err += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${err}`));
    });
  });
  return {
    url,
    adminToken,
    dataDir,
    stderr: () => err,
    cli: (args, token = adminToken, extra = {}) => runCli(args, { ABGLEICH_SERVER: url, ABGLEICH_TOKEN: token, ...extra }),
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    },
    async stop() {
      await stopChild(child);
      if (own) rmSync(dataDir, { recursive: true, force: true });
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
