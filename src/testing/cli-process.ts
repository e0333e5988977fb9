// Runs `abgleich` as a real process, as a user would, and initialises a data directory for it.
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/abgleich.js', import.meta.url));
/** A profile file no test writes: the CLI under test never reads the profiles of the person running the tests. */
const noProfiles = join(tmpdir(), `abg-no-cli-profiles-${process.pid}`, 'cli.json');

const envOf = (env: NodeJS.ProcessEnv) => ({ ...process.env, ABGLEICH_LOG_LEVEL: 'silent', ABGLEICH_CLI_CONFIG: noProfiles, ...env });

/** Runs one command line in a new process; its output, exit status and stderr. */
export const runCli = (args: string[], env: NodeJS.ProcessEnv = {}, input?: string) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: envOf(env), timeout: 120_000, ...(input !== undefined ? { input } : {}) });

/** `runCli` without blocking the test's event loop, for commands that run while the test acts. */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env: envOf(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

/** `abgleich init` in `data` with host agency `agency`; the environment that authenticates its admin. */
export function initCli(data: string, agency: string): { ABGLEICH_TOKEN: string } {
  const init = runCli(['init', '--data', data, '--agency', agency, '--admin', 'alice', '--json']);
  if (init.status !== 0) throw new Error(`abgleich init failed: ${init.stderr}`);
  return { ABGLEICH_TOKEN: (JSON.parse(init.stdout.trim()) as { token: string }).token };
}
