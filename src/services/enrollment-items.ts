// Enrollment items from named images and a manifest, the same for the API and the CLI: each file's
// reference, core data and provenance, with the batch's provenance as the default.
import type { CoreData } from '../domain/workflow.ts';
import type { EnrollItem } from './enrollment.service.ts';

/** What a manifest says about one file. */
export interface ManifestEntry {
  subjectRef: string;
  coreData?: CoreData;
  source?: string;
  captureDate?: string;
}

/** File name (or its base name) → entry. */
export type EnrollmentManifest = Record<string, ManifestEntry>;

/** Provenance of the whole batch; an entry's source and capture date take precedence. */
export interface BatchProvenance {
  source: string;
  captureDate?: string | null;
  legalBasis?: string;
}

/** The manifest entry of a file: by its name as given, else by its base name. */
export function manifestEntryOf(manifest: EnrollmentManifest, fileName: string): ManifestEntry | undefined {
  const own = (key: string) => (Object.hasOwn(manifest, key) ? manifest[key] : undefined);
  return own(fileName) ?? own(fileName.split(/[\\/]/).pop()!);
}

/** One enrollment item; without an entry the reference is empty, which enrollment refuses for that file. */
export function enrollmentItem(file: { fileName: string; image: Uint8Array }, batch: BatchProvenance, entry: ManifestEntry | undefined): EnrollItem {
  return {
    fileName: file.fileName, image: file.image, subjectRef: entry?.subjectRef ?? '',
    ...(entry?.coreData ? { coreData: entry.coreData } : {}),
    provenance: {
      source: entry?.source || batch.source,
      captureDate: entry?.captureDate || (batch.captureDate ?? null),
      ...(batch.legalBasis ? { legalBasis: batch.legalBasis } : {}),
    },
  };
}
