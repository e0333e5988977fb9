// Which server a command talks to and with which token: flags, then the environment
// (ABGLEICH_SERVER, ABGLEICH_TOKEN, ABGLEICH_PROFILE), then the selected profile, then the default.
import { defaults } from '../../app/config.ts';
import { fail } from '../../domain/errors.ts';
import { cliConfigPath, readCliConfig, type CliConfig } from './profiles.ts';

export interface ConnectionFlags { server?: string; token?: string; profile?: string }
export interface Connection { server: string; token: string | undefined; profile: string | undefined }

/** The server `abgleich serve` listens on when started without flags. */
export const defaultServer = `http://127.0.0.1:${defaults.port}`;

/** The server and token for a command, by precedence: flags > environment > profile > default. */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection {
  const set = (v: string | undefined) => (v ? v : undefined);
  const profileName = flags.profile ?? set(env.ABGLEICH_PROFILE);
  const needProfile = profileName !== undefined || (flags.server ?? set(env.ABGLEICH_SERVER)) === undefined || (flags.token ?? set(env.ABGLEICH_TOKEN)) === undefined;
  const config: CliConfig = needProfile ? readCliConfig(cliConfigPath(env)) : { profiles: {} };
  const name = profileName ?? config.current;
  const profile = name ? config.profiles[name] : undefined;
  if (profileName !== undefined && !profile) {
    const known = Object.keys(config.profiles);
    fail('ABG_ERR_NOT_FOUND', `Profile ${profileName}: no such profile${known.length ? `; known: ${known.join(', ')}` : '; run "abgleich login --profile ' + profileName + '"'}.`);
  }
  const server = normaliseServer(flags.server ?? set(env.ABGLEICH_SERVER) ?? profile?.server ?? defaultServer);
  return { server, token: flags.token ?? set(env.ABGLEICH_TOKEN) ?? profile?.token, profile: profile ? name : undefined };
}

/** A server URL without its trailing slash; anything but http(s) is refused. */
export function normaliseServer(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return fail('ABG_ERR_VALIDATION', `--server must be a URL such as ${defaultServer}; got "${url}".`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') fail('ABG_ERR_VALIDATION', `--server must be an http:// or https:// URL; got "${url}".`);
  return u.toString().replace(/\/+$/, '');
}
