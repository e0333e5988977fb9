import type { Command } from 'commander';
import { buildApp } from '../../api/app.ts';
import { scheduleCheckpoints } from '../../audit/audit-log.ts';
import { loadConfig } from '../config.ts';
import { action } from '../output.ts';
import { openRuntime } from '../runtime.ts';
import { commonFlags, type CommonFlags } from './common-flags.ts';
import { version } from '../version.ts';

/** A signed checkpoint of the audit log every hour while the log grows (also on demand at GET /v1/log/checkpoint). */
const CHECKPOINT_INTERVAL_MS = 60 * 60_000;

export function registerServe(program: Command) {
  commonFlags(
    program
      .command('serve')
      .description('run the HTTP API (OpenAPI at /openapi.json, documentation at /docs)')
      .option('--port <n>', 'port (default 8080; env ABGLEICH_PORT)')
      .option('--host <addr>', 'address to listen on (default 127.0.0.1: nothing listens beyond this machine unless asked; env ABGLEICH_HOST)'),
  ).action(
    action(async (opts: CommonFlags & { port?: string; host?: string }) => {
      const config = loadConfig({ flags: { dataDir: opts.data, databaseUrl: opts.databaseUrl, config: opts.config, port: opts.port, host: opts.host } });
      const rt = await openRuntime(config);
      const app = await buildApp(rt.services, {
        bodyLimit: config.bodyLimit,
        rateLimitPerMinute: config.rateLimitPerMinute,
        logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
        version,
      });
      const address = await app.listen({ port: config.port, host: config.host });
      const agencies = await rt.services.deps.store.agencies.count();
      process.stderr.write(`Abgleich ${version} listening on ${address} (docs: ${address}/docs, database: ${rt.services.deps.store.dialect})\n`);
      if (agencies === 0) process.stderr.write(`No agency yet: run "npx abgleich init --data ${config.dataDir}" to create the host agency and an admin token.\n`);
      const stopCheckpoints = scheduleCheckpoints(rt.auditLog, CHECKPOINT_INTERVAL_MS, (e) =>
        process.stderr.write(`warn: scheduled log checkpoint failed: ${(e as Error).message}\n`));
      let closing = false;
      const shutdown = async () => {
        if (closing) return;
        closing = true;
        stopCheckpoints();
        await app.close();
        await rt.close();
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
    }),
  );
}
