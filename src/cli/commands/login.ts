// `abgleich login|logout` and `abgleich profile list|use`: named server and token pairs kept in
// the profile file (mode 0600), so that later commands need neither --server nor --token.
import type { Command } from 'commander';
import { fail } from '../../domain/errors.ts';
import { connect } from '../client/api.ts';
import { defaultServer, normaliseServer } from '../client/connection.ts';
import { cliConfigPath, readCliConfig, writeCliConfig } from '../client/profiles.ts';
import { action, printJson, printTable } from '../output.ts';

/** The token from --token, else ABGLEICH_TOKEN, else stdin: piped in, or typed at a prompt that does not echo it. */
async function readToken(flag: string | undefined): Promise<string> {
  const given = flag ?? process.env.ABGLEICH_TOKEN;
  if (given) return given.trim();
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += String(chunk);
    return text.trim();
  }
  process.stderr.write('API token: ');
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  return new Promise((resolve) => {
    let text = '';
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(text.trim());
          return;
        }
        if (ch === '\u0003') process.exit(130);
        text = ch === '\u007f' ? text.slice(0, -1) : text + ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

export function registerLoginCommands(program: Command) {
  program.command('login').description('check a token against a server and save both as a profile (file mode 0600); later commands use it')
    .option('--server <url>', `the Abgleich server (env ABGLEICH_SERVER; default ${defaultServer})`)
    .option('--profile <name>', 'save under this name (default "default"); it becomes the selected profile')
    .option('--token <token>', 'the API token (env ABGLEICH_TOKEN); without it, read from stdin, never echoed')
    .option('--json', 'print JSON')
    .action(action(async (o: { server?: string; profile?: string; token?: string; json?: boolean }) => {
      const path = cliConfigPath();
      const config = readCliConfig(path);
      const server = normaliseServer(o.server ?? process.env.ABGLEICH_SERVER ?? defaultServer);
      const token = await readToken(o.token);
      if (!token) fail('ABG_ERR_UNAUTHENTICATED', 'No token given: pass --token, set ABGLEICH_TOKEN or pipe it in.');
      const api = connect({ server, token, profile: undefined });
      const me = await api.call(api.client.GET('/v1/me'));
      const name = o.profile ?? 'default';
      writeCliConfig(path, { current: name, profiles: { ...config.profiles, [name]: { server, token } } });
      if (o.json) printJson({ profile: name, server, user: me, config: path });
      else process.stdout.write(`Logged in to ${server} as ${me.name} (${me.roles.join(', ')}); profile "${name}" saved in ${path}\n`);
    }));

  program.command('logout').description('remove a saved profile and its token (default: the selected one)')
    .option('--profile <name>', 'the profile to remove')
    .action(action(async (o: { profile?: string }) => {
      const path = cliConfigPath();
      const config = readCliConfig(path);
      const name = o.profile ?? config.current;
      if (!name || !config.profiles[name]) fail('ABG_ERR_NOT_FOUND', `No profile ${name ?? '(none selected)'} in ${path}.`);
      const { [name]: _removed, ...rest } = config.profiles;
      writeCliConfig(path, { ...(config.current && config.current !== name ? { current: config.current } : {}), profiles: rest });
      process.stdout.write(`Profile "${name}" removed from ${path}\n`);
    }));

  const profile = program.command('profile').description('profiles saved by "abgleich login" (run locally, no server)');
  profile.command('list').description('the saved profiles; * marks the selected one (tokens are not shown)')
    .option('--json', 'print JSON')
    .action(action(async (o: { json?: boolean }) => {
      const config = readCliConfig(cliConfigPath());
      const rows = Object.entries(config.profiles).map(([name, p]) => ({ selected: name === config.current ? '*' : '', name, server: p.server }));
      if (o.json) printJson(rows.map(({ selected, ...r }) => ({ ...r, selected: selected === '*' })));
      else printTable(rows, ['selected', 'name', 'server']);
    }));
  profile.command('use <name>').description('select the profile later commands use')
    .action(action(async (name: string) => {
      const path = cliConfigPath();
      const config = readCliConfig(path);
      if (!config.profiles[name]) fail('ABG_ERR_NOT_FOUND', `No profile ${name} in ${path}; known: ${Object.keys(config.profiles).join(', ') || '(none)'}.`);
      writeCliConfig(path, { ...config, current: name });
      process.stdout.write(`Profile "${name}" selected\n`);
    }));
}
