import type { Kysely } from 'kysely';
import type { Gallery } from '../../domain/entities.ts';
import type { GalleryStore } from '../store.ts';
import type { Database } from './schema.ts';
import { mapped } from './db-errors.ts';
import { EntityRepo } from './entity-repo.ts';
import { fromGallery, toGallery } from './rows.ts';

export class GalleryRepo extends EntityRepo<Gallery> implements GalleryStore {
  constructor(db: Kysely<Database>) {
    super(db, 'galleries', fromGallery, toGallery);
  }

  async listByAgency(agencyId: string): Promise<Gallery[]> {
    return this.listBy('agency_id', agencyId);
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
