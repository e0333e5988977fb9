// Commands that act as a user: shared flags, the runtime, authentication with --token, output.
import type { Command } from 'commander';
import type { Actor } from '../../domain/entities.ts';
import type { Services } from '../../services/services.ts';
import { loadConfig } from '../../app/config.ts';
import { action, printJson, printTable } from '../output.ts';
import { openRuntime, type Runtime } from '../../app/runtime.ts';
import { fail } from '../../domain/errors.ts';
import { commonFlags, type CommonFlags } from './common-flags.ts';

type Flags = CommonFlags & { token?: string; json?: boolean };

/** `named` turns the rows of a listing into what its table shows (names next to ids); --json prints the rows as they are. */
export type TableRows = (s: Services, actor: Actor, rows: Record<string, unknown>[]) => Promise<Record<string, unknown>[]>;

/** Adds the shared flags and runs `fn` with an authenticated actor. */
export function actorCommand<A extends unknown[]>(cmd: Command, fn: (s: Services, actor: Actor, opts: any, ...args: A) => Promise<unknown>, columns: string[], named?: TableRows) {
  commonFlags(cmd).option('--token <token>', 'API token (env ABGLEICH_TOKEN)').option('--json', 'print JSON');
  cmd.action(
    action(async (...raw: unknown[]) => {
      const opts = raw[raw.length - 2] as Flags;
      const args = raw.slice(0, raw.length - 2) as A;
      const rt = await openRuntime(loadConfig({ flags: { dataDir: opts.data, databaseUrl: opts.databaseUrl, config: opts.config } }));
      try {
        const actor = await cliActor(rt, opts.token);
        const result = await fn(rt.services, actor, opts, ...args);
        if (result === undefined) return;
        if (opts.json || !Array.isArray(result)) printJson(result);
        else printTable(named ? await named(rt.services, actor, result as Record<string, unknown>[]) : (result as Record<string, unknown>[]), columns);
      } finally {
        await rt.close();
      }
    }),
  );
  return cmd;
}

/** Authenticates a CLI command with the token from --token or ABGLEICH_TOKEN. */
export async function cliActor(rt: Runtime, token: string | undefined): Promise<Actor> {
  const t = token ?? process.env.ABGLEICH_TOKEN;
  if (!t) fail('ABG_ERR_UNAUTHENTICATED', 'Pass --token or set ABGLEICH_TOKEN.');
  return rt.services.auth.authenticate(t);
}
