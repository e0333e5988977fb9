// Commands that act as a user through the HTTP API: the connection flags, the typed client, output.
import type { Command } from 'commander';
import { connect, type Api } from '../client/api.ts';
import { resolveConnection, type ConnectionFlags } from '../client/connection.ts';
import { action, printField, printJson, printTable } from '../output.ts';

type Flags = ConnectionFlags & { json?: boolean; get?: string };

/** `named` turns the rows of a listing into what its table shows (names next to ids); --json prints the rows as they are. */
export type TableRows = (api: Api, rows: Record<string, unknown>[]) => Promise<Record<string, unknown>[]>;

/** --server, --token and --profile: where a command sends its requests and as whom. */
export function serverFlags(cmd: Command): Command {
  return cmd
    .option('--server <url>', 'the Abgleich server (env ABGLEICH_SERVER; default: the profile\'s, else http://127.0.0.1:8080)')
    .option('--token <token>', 'API token (env ABGLEICH_TOKEN; default: the profile\'s)')
    .option('--profile <name>', 'a profile saved by "abgleich login" (env ABGLEICH_PROFILE; default: the one selected with "abgleich profile use")');
}

/** The client for the connection the flags, the environment and the profile name. */
export const apiOf = (flags: ConnectionFlags): Api => connect(resolveConnection(flags));

/** Adds the connection flags, --json and --get, and runs `fn` with a client; arrays print as tables of `columns`, anything else as JSON. */
export function apiCommand<A extends unknown[]>(cmd: Command, fn: (api: Api, opts: any, ...args: A) => Promise<unknown>, columns: string[], named?: TableRows) {
  serverFlags(cmd).option('--json', 'print JSON').option('--get <field>', 'print only this field of the answer, for scripts (a dotted path such as token or galleries.0.candidates.0.hitId)');
  cmd.action(
    action(async (...raw: unknown[]) => {
      const opts = raw[raw.length - 2] as Flags;
      const args = raw.slice(0, raw.length - 2) as A;
      const api = apiOf(opts);
      const result = await fn(api, opts, ...args);
      if (result === undefined) return;
      if (opts.get !== undefined) printField(result, opts.get);
      else if (opts.json || !Array.isArray(result)) printJson(result);
      else printTable(named ? await named(api, result as Record<string, unknown>[]) : (result as Record<string, unknown>[]), columns);
    }),
  );
  return cmd;
}
