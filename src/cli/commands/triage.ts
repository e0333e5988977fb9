// `abgleich triage <folders, files or zips...> --case <ref> [--gallery <media gallery>]`: the files
// are uploaded to the server in one triage run; one JSON line per file (verdict, categories,
// matches, cluster, coded error), then a summary line; progress on stderr.
import { basename } from 'node:path';
import type { Command } from 'commander';
import { asForm, type UploadFile } from '../client/multipart.ts';
import { expandPaths, readInputFile } from '../files.ts';
import { printJson } from '../output.ts';
import { Progress } from '../progress.ts';
import { galleryRef } from '../resolve.ts';
import { apiCommand } from './with-server.ts';

export function registerTriageCommand(program: Command) {
  apiCommand(
    program.command('triage <paths...>')
      .description('triage seized media against your hash sets and media galleries: known / near-duplicate of known / new, per file; the files (zip archives too) are uploaded in one run')
      .requiredOption('--case <ref>', 'case reference (logged)')
      .option('--gallery <id|name>', 'a media gallery of your agency to add the files to')
      .option('--faces <model id>', 'list the faces found in photos, detected with this model'),
    async (api, o, paths: string[]) => {
      const local = expandPaths(paths, { all: true });
      const galleryId = o.gallery ? await galleryRef(api, o.gallery) : undefined;
      const progress = new Progress('triage', local.length);
      const files: UploadFile[] = [];
      for (const path of local) {
        files.push({ field: 'file', name: basename(path), bytes: readInputFile(path) });
        progress.tick(files.length, 'read for upload');
      }
      const report = await api.call(api.client.POST('/v1/triage', asForm({ caseRef: o.case, galleryId, faceModelId: o.faces }, files)));
      const localName = localNames(local);
      for (const r of report.results) printJson({ ...r, file: localName(r.file) });
      return { run: report.run.id, caseRef: report.run.caseRef, galleryId: report.run.galleryId, ...report.run.counts, logIndex: report.logIndex };
    },
    [],
  );
}

/** The server names results by the uploaded file name (and the entry inside an archive); this gives back the path named on the command line. */
function localNames(paths: string[]): (name: string) => string {
  const byName = new Map<string, string[]>();
  for (const p of paths) byName.set(basename(p), [...(byName.get(basename(p)) ?? []), p]);
  return (name) => {
    const [head, ...rest] = name.split('/');
    const candidates = byName.get(name) ?? byName.get(head!);
    if (!candidates || candidates.length !== 1) return name;
    return byName.has(name) ? candidates[0]! : [candidates[0]!, ...rest].join('/');
  };
}
