import type { Kysely } from 'kysely';
import type { Agency } from '../../domain/entities.ts';
import type { AgencyStore } from '../store.ts';
import type { Database } from './schema.ts';
import { mapped } from './db-errors.ts';
import { EntityRepo } from './entity-repo.ts';
import { fromAgency, toAgency } from './rows.ts';

export class AgencyRepo extends EntityRepo<Agency> implements AgencyStore {
  constructor(db: Kysely<Database>) {
    super(db, 'agencies', fromAgency, toAgency);
  }

  async getByName(name: string): Promise<Agency | undefined> {
    return this.findBy('name', name);
  }

  async list(): Promise<Agency[]> {
    return (await this.db.selectFrom('agencies').selectAll().orderBy('created_at').orderBy('id').execute()).map(toAgency);
  }

  async update(id: string, patch: Partial<Pick<Agency, 'name' | 'country' | 'reviewsRequired' | 'singleReviewBasis' | 'onDisagreement'>>): Promise<Agency | undefined> {
    const set: Record<string, unknown> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.country !== undefined) set.country = patch.country;
    if (patch.reviewsRequired !== undefined) set.reviews_required = patch.reviewsRequired;
    if (patch.singleReviewBasis !== undefined) set.single_review_basis = patch.singleReviewBasis;
    if (patch.onDisagreement !== undefined) set.on_disagreement = patch.onDisagreement;
    if (Object.keys(set).length > 0) await mapped(this.db.updateTable('agencies').set(set).where('id', '=', id).execute());
    return this.get(id);
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('agencies').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
