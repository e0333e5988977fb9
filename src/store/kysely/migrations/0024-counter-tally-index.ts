import type { Kysely } from 'kysely';

// Statistics are summed in the database (src/store/kysely/audit-counters.ts tallyCounters): one
// index holding every column a tally reads, led by grain and period, so that an answer reads only
// its grain's period range from the index and never visits the table. It replaces the
// (grain, period) index of 0018, which it begins with.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('audit_counters_tally_idx')
    .on('audit_counters')
    .columns(['grain', 'period', 'metric', 'outcome', 'action', 'decision', 'agency', 'gallery', 'purpose', 'reason', 'amount'])
    .execute();
  await db.schema.dropIndex('audit_counters_period_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_counters_period_idx').on('audit_counters').columns(['grain', 'period']).execute();
  await db.schema.dropIndex('audit_counters_tally_idx').execute();
}
