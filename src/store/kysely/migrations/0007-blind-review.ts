import type { Kysely } from 'kysely';

// Blind review: each agency says what settles a split between its two examiners (a third
// examiner by default), each hit keeps the rule it was found under, and each review records
// whether a match below the gallery's threshold was acknowledged. Hits found before this
// migration were found under the earlier rule, where a split was inconclusive; they keep it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('agencies').addColumn('on_disagreement', 'text', (c) => c.notNull().defaultTo('third-examiner')).execute();
  await db.schema.alterTable('hits').addColumn('on_disagreement', 'text', (c) => c.notNull().defaultTo('inconclusive')).execute();
  await db.schema.alterTable('hit_reviews').addColumn('below_threshold', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
