// Named CLI profiles (server and token) in one JSON file, written with mode 0600 and refused when
// group or others may read it, because it holds API tokens.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fail } from '../../domain/errors.ts';

export interface Profile { server: string; token: string }
export interface CliConfig { current?: string; profiles: Record<string, Profile> }

/** The profile file: ABGLEICH_CLI_CONFIG, else $XDG_CONFIG_HOME/abgleich/cli.json, else ~/.config/abgleich/cli.json. */
export function cliConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ABGLEICH_CLI_CONFIG) return env.ABGLEICH_CLI_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'abgleich', 'cli.json');
}

/** The profiles in `path`; none when it does not exist. A file group or others can read is refused. */
export function readCliConfig(path: string): CliConfig {
  if (!existsSync(path)) return { profiles: {} };
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    fail('ABG_ERR_INSECURE_CONFIG', `${path} can be read by other users; run "chmod 600 ${path}".`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return fail('ABG_ERR_CONFIG', `${path} is not valid JSON; fix it or remove it and run "abgleich login" again.`);
  }
  const c = parsed as Partial<CliConfig>;
  if (!c || typeof c !== 'object' || typeof c.profiles !== 'object' || c.profiles === null) fail('ABG_ERR_CONFIG', `${path} has no "profiles" object.`);
  return { ...(typeof c.current === 'string' ? { current: c.current } : {}), profiles: c.profiles as Record<string, Profile> };
}

/** Writes the profiles to `path` with mode 0600 (the folder 0700), replacing the file in one step. */
export function writeCliConfig(path: string, config: CliConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
