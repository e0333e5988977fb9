import type { Kysely } from 'kysely';
import { addColumns } from '../migration-ddl.ts';

// Blind review: each agency says what settles a split between its two examiners (a third
// examiner by default), each hit keeps the rule it was found under, and each review records
// whether a match below the gallery's threshold was acknowledged. Hits found before this
// migration were found under the earlier rule, where a split was inconclusive; they keep it.
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, {
    agencies: { on_disagreement: "text default 'third-examiner' not null" },
    hits: { on_disagreement: "text default 'inconclusive' not null" },
    hit_reviews: { below_threshold: 'integer default 0 not null' },
  });
}
