// `abgleich triage <folders, files or zips...> --case <ref> [--gallery <media gallery>]`: one JSON
// line per file (verdict, categories, matches, cluster, coded error), then a summary line;
// progress on stderr.
import type { Command } from 'commander';
import { archiveLimitsOf, loadConfig } from '../../app/config.ts';
import { countInputs, pathInputs } from '../../media/triage-sources.ts';
import { printJson } from '../output.ts';
import { Progress } from '../progress.ts';
import { galleryRef } from '../resolve.ts';
import { actorCommand } from './with-actor.ts';

export function registerTriageCommand(program: Command) {
  actorCommand(
    program.command('triage <paths...>')
      .description('triage seized media against your hash sets and media galleries: known / near-duplicate of known / new, per file')
      .requiredOption('--case <ref>', 'case reference (logged)')
      .option('--gallery <id|name>', 'a media gallery of your agency to add the files to')
      .option('--faces <model id>', 'list the faces found in photos, detected with this model')
      .option('--concurrency <n>', 'files hashed at once', (v) => Number.parseInt(v, 10)),
    async (s, actor, o, paths: string[]) => {
      let galleryId: string | undefined;
      if (o.gallery) galleryId = await galleryRef(s, actor, o.gallery);
      const archiveLimits = archiveLimitsOf(loadConfig({ flags: { dataDir: o.data, databaseUrl: o.databaseUrl, config: o.config } }));
      const progress = new Progress('triage', await countInputs(paths, archiveLimits));
      let errors = 0;
      const report = await s.triage.run(actor, { caseRef: o.case, ...(galleryId ? { galleryId } : {}), ...(o.faces ? { faceModelId: o.faces } : {}), files: pathInputs(paths, archiveLimits) }, (e) => {
        if (e.error) errors++;
        progress.tick(e.done, errors ? `${errors} errors` : '');
      }, o.concurrency ? { concurrency: o.concurrency } : {});
      for (const r of report.results) printJson(r);
      return { run: report.run.id, caseRef: report.run.caseRef, galleryId: report.run.galleryId, ...report.run.counts, logIndex: report.logIndex };
    },
    [],
  );
}
