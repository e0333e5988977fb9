import type { Kysely } from 'kysely';
import type { Gallery } from '../../domain/entities.ts';
import type { GalleryStore } from '../store.ts';
import type { Database } from './schema.ts';
import { mapped } from './db-errors.ts';
import { fromGallery, toGallery } from './rows.ts';

export class GalleryRepo implements GalleryStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(gallery: Gallery): Promise<void> {
    await mapped(this.db.insertInto('galleries').values(fromGallery(gallery)).execute());
  }

  async get(id: string): Promise<Gallery | undefined> {
    const r = await this.db.selectFrom('galleries').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toGallery(r);
  }

  async listByAgency(agencyId: string): Promise<Gallery[]> {
    return (await this.db.selectFrom('galleries').selectAll().where('agency_id', '=', agencyId).orderBy('created_at').orderBy('id').execute()).map(toGallery);
  }

  async update(id: string, patch: Partial<Pick<Gallery, 'name' | 'legalBasis' | 'purposes' | 'retentionDays' | 'thresholdFmr' | 'requiredFpir' | 'maxCandidates' | 'keepGps'>>): Promise<Gallery | undefined> {
    const set: Record<string, unknown> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.legalBasis !== undefined) set.legal_basis = patch.legalBasis;
    if (patch.purposes !== undefined) set.purposes = JSON.stringify(patch.purposes);
    if (patch.retentionDays !== undefined) set.retention_days = patch.retentionDays;
    if (patch.thresholdFmr !== undefined) set.threshold_fmr = patch.thresholdFmr;
    if (patch.requiredFpir !== undefined) set.required_fpir = patch.requiredFpir;
    if (patch.maxCandidates !== undefined) set.max_candidates = patch.maxCandidates;
    if (patch.keepGps !== undefined) set.keep_gps = patch.keepGps ? 1 : 0;
    if (Object.keys(set).length > 0) await mapped(this.db.updateTable('galleries').set(set).where('id', '=', id).execute());
    return this.get(id);
  }

  async delete(id: string): Promise<boolean> {
    const r = await mapped(this.db.deleteFrom('galleries').where('id', '=', id).executeTakeFirst());
    return Number(r.numDeletedRows) > 0;
  }
}
