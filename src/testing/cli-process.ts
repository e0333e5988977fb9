// Runs `abgleich` as a real process, as a user would, and initialises a data directory for it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/abgleich.js', import.meta.url));

/** Runs one command line in a new process; its output, exit status and stderr. */
export const runCli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ABGLEICH_LOG_LEVEL: 'silent', ...env }, timeout: 60_000 });

/** `abgleich init` in `data` with host agency `agency`; the environment that authenticates its admin. */
export function initCli(data: string, agency: string): { ABGLEICH_TOKEN: string } {
  const init = runCli(['init', '--data', data, '--agency', agency, '--admin', 'alice', '--json']);
  if (init.status !== 0) throw new Error(`abgleich init failed: ${init.stderr}`);
  return { ABGLEICH_TOKEN: (JSON.parse(init.stdout.trim()) as { token: string }).token };
}
