import type { Kysely } from 'kysely';
import { createIndexes } from '../migration-ddl.ts';

// Statistics are summed in the database (src/store/kysely/audit-counters.ts tallyCounters). Two
// indexes hold every column a tally reads, so an answer never visits the table: one led by grain
// and period (a range of days reads only its days), one led by grain, agency, gallery, purpose,
// period (months grouped as they are read, without a sort). The first replaces the (grain, period)
// index of 0018, which it begins with.
export async function up(db: Kysely<any>): Promise<void> {
  await createIndexes(db, 'audit_counters', {
    audit_counters_tally_idx: 'index (grain, period, metric, outcome, action, decision, agency, gallery, purpose, reason, amount)',
    audit_counters_group_idx: 'index (grain, agency, gallery, purpose, period, metric, outcome, action, decision, reason, amount)',
  });
  await db.schema.dropIndex('audit_counters_period_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await createIndexes(db, 'audit_counters', { audit_counters_period_idx: 'index (grain, period)' });
  await db.schema.dropIndex('audit_counters_group_idx').execute();
  await db.schema.dropIndex('audit_counters_tally_idx').execute();
}
