import type { Kysely, Selectable } from 'kysely';
import type { MediaItem, MediaType } from '../../domain/media.ts';
import type { MediaItemStore } from '../media.store.ts';
import type { Database, MediaItemsTable } from './schema.ts';
import { mapped } from './db-errors.ts';
import { json, parse } from './codec.ts';

const toItem = (r: Selectable<MediaItemsTable>): MediaItem => ({
  id: r.id, galleryId: r.gallery_id, fileName: r.file_name, size: Number(r.size), type: r.type as MediaType,
  sha256: r.sha256, md5: r.md5, sha1: r.sha1, pdq: r.pdq, pdqQuality: r.pdq_quality === null ? null : Number(r.pdq_quality),
  vpdq: r.vpdq === null ? null : parse(r.vpdq), video: r.video === null ? null : parse(r.video), exif: r.exif === null ? null : parse(r.exif),
  triageRunId: r.triage_run_id, createdAt: r.created_at,
});

// Large IN lists are split so neither dialect hits its parameter limit.
const CHUNK = 500;
export function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

export class MediaItemRepo implements MediaItemStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMany(items: MediaItem[]): Promise<void> {
    for (const part of chunks(items)) {
      await mapped(this.db.insertInto('media_items').values(part.map((m) => ({
        id: m.id, gallery_id: m.galleryId, file_name: m.fileName, size: m.size, type: m.type, sha256: m.sha256, md5: m.md5, sha1: m.sha1,
        pdq: m.pdq, pdq_quality: m.pdqQuality, vpdq_frames: m.vpdq?.length ?? null, vpdq: m.vpdq && json(m.vpdq), video: m.video && json(m.video),
        exif: m.exif && json(m.exif), triage_run_id: m.triageRunId, created_at: m.createdAt,
      }))).execute());
    }
  }

  async get(id: string) {
    const r = await this.db.selectFrom('media_items').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toItem(r);
  }

  async listByGallery(galleryId: string, o: { limit?: number; offset?: number } = {}) {
    const rows = await this.db.selectFrom('media_items').selectAll().where('gallery_id', '=', galleryId).orderBy('created_at').orderBy('id').limit(o.limit ?? 1000).offset(o.offset ?? 0).execute();
    return rows.map(toItem);
  }

  async findBySha256(galleryIds: string[], digests: string[]) {
    if (galleryIds.length === 0 || digests.length === 0) return [];
    const out: MediaItem[] = [];
    for (const part of chunks(digests)) {
      const rows = await this.db.selectFrom('media_items').selectAll().where('gallery_id', 'in', galleryIds).where('sha256', 'in', part).orderBy('id').execute();
      out.push(...rows.map(toItem));
    }
    return out;
  }

  async perceptual(galleryIds: string[]) {
    if (galleryIds.length === 0) return [];
    const rows = await this.db.selectFrom('media_items').select(['id', 'gallery_id', 'type', 'pdq', 'pdq_quality', 'vpdq'])
      .where('gallery_id', 'in', galleryIds).where((eb) => eb.or([eb('pdq', 'is not', null), eb('vpdq', 'is not', null)])).orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id, galleryId: r.gallery_id, type: r.type as MediaType, pdq: r.pdq, pdqQuality: r.pdq_quality === null ? null : Number(r.pdq_quality),
      vpdq: r.vpdq === null ? null : parse<MediaItem['vpdq']>(r.vpdq),
    }));
  }

  async countByGallery(galleryId: string) {
    const r = await this.db.selectFrom('media_items').select((eb) => eb.fn.countAll().as('n')).where('gallery_id', '=', galleryId).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
