import type { Command } from 'commander';
import { archiveLimitsOf, loadConfig } from '../../app/config.ts';
import { action } from '../output.ts';
import { commonFlags, type CommonFlags } from './common-flags.ts';
import { version } from '../version.ts';

export function registerServe(program: Command) {
  commonFlags(
    program
      .command('serve')
      .description('run the HTTP API (OpenAPI at /openapi.json, documentation at /docs); the other commands are its clients')
      .option('--port <n>', 'port (default 8080; env ABGLEICH_PORT)')
      .option('--host <addr>', 'address to listen on (default 127.0.0.1: nothing listens beyond this machine unless asked; env ABGLEICH_HOST)'),
  ).action(
    action(async (opts: CommonFlags & { port?: string; host?: string }) => {
      const config = loadConfig({ flags: { dataDir: opts.data, databaseUrl: opts.databaseUrl, config: opts.config, port: opts.port, host: opts.host } });
      // Loaded here, not at start-up: the client commands need neither the runtime nor the web framework.
      const [{ openRuntime }, { buildApp }, { startPeriodicJobs }] = await Promise.all([import('../../app/runtime.ts'), import('../../api/app.ts'), import('../../app/periodic-jobs.ts')]);
      const rt = await openRuntime(config);
      const app = await buildApp(rt.services, {
        bodyLimit: config.bodyLimit,
        uploadLimit: config.uploadLimit,
        uploadTotalLimit: config.uploadTotalLimit,
        uploadFiles: config.uploadFiles,
        uploadFields: config.uploadFields,
        requestTimeoutMs: config.requestTimeoutMs,
        bodyIdleTimeoutMs: config.bodyIdleTimeoutMs,
        archiveLimits: archiveLimitsOf(config),
        rateLimitPerMinute: config.rateLimitPerMinute,
        logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
        version,
      });
      const address = await app.listen({ port: config.port, host: config.host });
      const agencies = await rt.services.deps.store.agencies.count();
      process.stderr.write(`Abgleich ${version} listening on ${address} (docs: ${address}/docs, database: ${rt.services.deps.store.dialect})\n`);
      // Re-embedding jobs cut off by a stop or a crash go on from their last committed batch.
      const resumed = await rt.services.reembeds.resume();
      if (resumed.length > 0) app.log.info({ galleries: resumed }, 'reembed: resumed');
      if (agencies === 0) process.stderr.write(`No agency yet: run "npx abgleich init --data ${config.dataDir}" to create the host agency and an admin token.\n`);
      // Signed checkpoints on a schedule (and on demand through the API), retention now and once a day; one replica at a time.
      const stopJobs = startPeriodicJobs(rt, app.log);
      // Models added or calibrated with the local commands on this host join without a restart.
      const modelTimer = config.modelRefreshSeconds > 0 ? setInterval(() => {
        rt.services.faceModels.refresh().then((ids) => ids.length > 0 && app.log.info({ models: ids }, 'face models offered'), (e: unknown) => app.log.error({ err: e }, 'face model refresh failed'));
      }, config.modelRefreshSeconds * 1000) : undefined;
      modelTimer?.unref();
      let closing = false;
      const shutdown = async () => {
        if (closing) return;
        closing = true;
        stopJobs();
        clearInterval(modelTimer);
        await app.close();
        await rt.close();
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
    }),
  );
}
