import type { Command } from 'commander';
import { loadConfig } from '../../app/config.ts';
import { action, printJson } from '../output.ts';
import { commonFlags, type CommonFlags } from './common-flags.ts';

export function registerInit(program: Command) {
  commonFlags(
    program
      .command('init')
      .description('create the data directory, the host agency and its first admin; prints the admin token once (runs locally on the server\'s data directory)')
      .option('--agency <name>', 'name of the host agency', 'Host agency')
      .option('--country <code>', 'country code of the host agency')
      .option('--admin <name>', 'name of the first admin user', 'admin')
      .option('--json', 'print one JSON line {"agency","user","token"}'),
  ).action(
    action(async (opts: CommonFlags & { agency: string; admin: string; country?: string; json?: boolean }) => {
      const [{ openRuntime }, { bootstrap }] = await Promise.all([import('../../app/runtime.ts'), import('../../services/bootstrap.service.ts')]);
      const rt = await openRuntime(loadConfig({ flags: { dataDir: opts.data, databaseUrl: opts.databaseUrl, config: opts.config } }));
      try {
        const r = await bootstrap(rt.services.deps, { agencyName: opts.agency, adminName: opts.admin, country: opts.country ?? null });
        if (opts.json) {
          printJson({ agency: r.agency, user: r.user, token: r.token });
        } else {
          process.stdout.write(
            `Initialised ${rt.config.dataDir}\n  agency: ${r.agency.name} (${r.agency.id})\n  admin:  ${r.user.name} (${r.user.id})\n\n` +
              `Admin API token (shown once; store it safely):\n\n  ${r.token}\n\n` +
              `Start the service with: abgleich serve --data ${rt.config.dataDir}\n`,
          );
        }
      } finally {
        await rt.close();
      }
    }),
  );
}
