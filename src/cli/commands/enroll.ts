// `abgleich enroll <gallery> <folders, files or zips...>`: enrollment through the API, one upload
// per file, with progress and one JSON line per file. The subject reference comes from a manifest, or from each file's folder.
import { basename, dirname, extname } from 'node:path';
import type { Command } from 'commander';
import { parseJson } from '../../api/form-json.ts';
import { enrollmentManifest } from '../../api/schemas/subject.schemas.ts';
import { fail } from '../../domain/errors.ts';
import { readZip } from '../../media/archive.ts';
import { manifestEntryOf, type BatchProvenance, type ManifestEntry } from '../../services/enrollment-items.ts';
import type { Api } from '../client/api.ts';
import { asForm } from '../client/multipart.ts';
import { exchangeExtensions, expandPaths, imageExtensions, readInputFile, readInputText } from '../files.ts';
import { printJson } from '../output.ts';
import { Progress } from '../progress.ts';
import { galleryRef } from '../resolve.ts';
import { apiCommand } from './with-server.ts';

interface Image { fileName: string; bytes: Uint8Array; entry: ManifestEntry | undefined }

export function registerEnrollCommand(program: Command) {
  apiCommand(
    program.command('enroll <gallery> <paths...>')
      .description('enroll images (files, folders, zip archives) into a face gallery of your agency (name or id); one request and one JSON line per file')
      .requiredOption('--source <text>', 'provenance of the images')
      .option('--capture-date <date>', 'ISO date the images were taken')
      .option('--legal-basis <text>', "default: the gallery's legal basis")
      .option('--manifest <file.json>', 'JSON: file name → {subjectRef, coreData?, source?, captureDate?}')
      .option('--ref-from <folder|file>', 'without a manifest: subject reference from the parent folder (default) or the file name', 'folder'),
    async (api, o, gallery: string, paths: string[]) => {
      const manifest = o.manifest ? parseJson(enrollmentManifest, readInputText(o.manifest), 'manifest') : undefined;
      const images = await collect(paths, (name) => (manifest
        ? manifestEntryOf(manifest, name)
        : { subjectRef: o.refFrom === 'file' ? basename(name, extname(name)) : basename(dirname(name)) }));
      const galleryId = await galleryRef(api, gallery);
      if (images.length === 0) fail('ABG_ERR_VALIDATION', 'No image files found.');
      const batch = { source: o.source, captureDate: o.captureDate ?? null, ...(o.legalBasis ? { legalBasis: o.legalBasis } : {}) };
      const progress = new Progress('enroll', images.length);
      let enrolled = 0;
      let refused = 0;
      for (const [i, image] of images.entries()) {
        // A transaction answers with one result per face record.
        for (const r of await enrollOne(api, galleryId, image, batch)) {
          const result = { ...r, file: image.fileName };
          if (result.ok) enrolled++;
          else refused++;
          printJson(result);
        }
        progress.tick(i + 1, `${enrolled} enrolled`);
      }
      return { enrolled, refused };
    },
    [],
  );
}

/** One file in one request, as a one-entry manifest: a file without a reference comes back refused on its own line; an exchange file brings its own references. */
async function enrollOne(api: Api, galleryId: string, image: Image, batch: BatchProvenance): Promise<{ ok: boolean }[]> {
  const name = basename(image.fileName);
  const exchange = exchangeExtensions.has(extname(name).toLowerCase());
  const entry = image.entry?.subjectRef ? { [name]: { ...image.entry, source: image.entry.source || batch.source, ...(image.entry.captureDate || batch.captureDate ? { captureDate: image.entry.captureDate || batch.captureDate! } : {}) } } : {};
  const answer = await api.call(api.client.POST('/v1/galleries/{id}/enrollments', {
    params: { path: { id: galleryId } },
    ...asForm({ source: batch.source, captureDate: batch.captureDate ?? undefined, legalBasis: batch.legalBasis, manifest: exchange ? undefined : JSON.stringify(entry) }, [{ field: 'image', name, bytes: image.bytes }]),
  }));
  return answer.results;
}

async function collect(paths: string[], entryOf: (name: string) => ManifestEntry | undefined): Promise<Image[]> {
  const items: Image[] = [];
  const add = (fileName: string, bytes: Uint8Array) => items.push({ fileName, bytes, entry: entryOf(fileName) });
  for (const file of expandPaths(paths, { extensions: new Set([...imageExtensions, '.zip']) })) {
    if (extname(file).toLowerCase() === '.zip') {
      await readZip(file, (entry, data) => {
        if (imageExtensions.has(extname(entry.name).toLowerCase())) add(entry.name, data);
      });
    } else add(file, readInputFile(file));
  }
  return items;
}
