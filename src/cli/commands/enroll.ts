// `abgleich enroll <gallery> <folders, files or zips...>`: batch enrollment with progress and one
// JSON line per file. The subject reference comes from a manifest, or from each file's folder.
import { basename, dirname, extname } from 'node:path';
import type { Command } from 'commander';
import { parseJson } from '../../api/form-json.ts';
import { enrollmentManifest } from '../../api/schemas/subject.schemas.ts';
import { fail } from '../../domain/errors.ts';
import { readZip } from '../../media/archive.ts';
import { enrollmentItem, manifestEntryOf, type BatchProvenance, type ManifestEntry } from '../../services/enrollment-items.ts';
import type { EnrollItem } from '../../services/enrollment.service.ts';
import { expandPaths, imageExtensions, readInputFile, readInputText } from '../files.ts';
import { printJson } from '../output.ts';
import { Progress } from '../progress.ts';
import { galleryRef } from '../resolve.ts';
import { actorCommand } from './with-actor.ts';

export function registerEnrollCommand(program: Command) {
  actorCommand(
    program.command('enroll <gallery> <paths...>')
      .description('enroll images (files, folders, zip archives) into a face gallery of your agency (name or id); one JSON line per file')
      .requiredOption('--source <text>', 'provenance of the images')
      .option('--capture-date <date>', 'ISO date the images were taken')
      .option('--legal-basis <text>', "default: the gallery's legal basis")
      .option('--manifest <file.json>', 'JSON: file name → {subjectRef, coreData?, source?, captureDate?}')
      .option('--ref-from <folder|file>', 'without a manifest: subject reference from the parent folder (default) or the file name', 'folder'),
    async (s, actor, o, gallery: string, paths: string[]) => {
      const manifest = o.manifest ? parseJson(enrollmentManifest, readInputText(o.manifest), 'manifest') : undefined;
      const galleryId = await galleryRef(s, actor, gallery);
      const batch = { source: o.source, captureDate: o.captureDate ?? null, ...(o.legalBasis ? { legalBasis: o.legalBasis } : {}) };
      const items = await collect(paths, batch, (name) => (manifest
        ? manifestEntryOf(manifest, name)
        : { subjectRef: o.refFrom === 'file' ? basename(name, extname(name)) : basename(dirname(name)) }));
      const progress = new Progress('enroll', items.length);
      let ok = 0;
      const results = await s.enrollment.enroll(actor, galleryId, items, (done, _total, last) => {
        if (last.ok) ok++;
        printJson(last);
        progress.tick(done, `${ok} enrolled`);
      });
      return { enrolled: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length };
    },
    [],
  );
}

async function collect(paths: string[], batch: BatchProvenance, entryOf: (name: string) => ManifestEntry | undefined): Promise<EnrollItem[]> {
  const items: EnrollItem[] = [];
  const add = (fileName: string, image: Uint8Array) => items.push(enrollmentItem({ fileName, image }, batch, entryOf(fileName)));
  for (const file of expandPaths(paths, { extensions: new Set([...imageExtensions, '.zip']) })) {
    if (extname(file).toLowerCase() === '.zip') {
      await readZip(file, (entry, data) => {
        if (imageExtensions.has(extname(entry.name).toLowerCase())) add(entry.name, data);
      });
    } else add(file, readInputFile(file));
  }
  if (items.length === 0) fail('ABG_ERR_VALIDATION', 'No image files found.');
  return items;
}
