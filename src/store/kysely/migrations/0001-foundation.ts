import type { Kysely } from 'kysely';
import { createTable, dropTables } from '../migration-ddl.ts';

// Agencies, users, API tokens and galleries.
export async function up(db: Kysely<unknown>): Promise<void> {
  await createTable(db, 'agencies', {
    id: 'text primary key',
    name: 'text not null unique',
    country: 'text',
    is_host: 'integer default 0 not null',
    created_at: 'text not null',
  });
  await createTable(db, 'users', {
    id: 'text primary key',
    agency_id: 'text not null references agencies.id',
    name: 'text not null',
    roles: 'text not null',
    disabled: 'integer default 0 not null',
    created_at: 'text not null',
    users_agency_name_unique: 'unique (agency_id, name)',
  });
  await createTable(db, 'api_tokens', {
    id: 'text primary key',
    user_id: 'text not null references users.id',
    label: 'text not null',
    digest: 'text not null unique',
    created_at: 'text not null',
    expires_at: 'text',
    revoked_at: 'text',
    last_used_at: 'text',
    api_tokens_user_idx: 'index (user_id)',
  });
  await createTable(db, 'galleries', {
    id: 'text primary key',
    agency_id: 'text not null references agencies.id',
    name: 'text not null',
    kind: 'text not null',
    legal_basis: 'text not null',
    purposes: 'text not null',
    retention_days: 'integer not null',
    model_id: 'text',
    created_at: 'text not null',
    galleries_agency_name_unique: 'unique (agency_id, name)',
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, ['galleries', 'api_tokens', 'users', 'agencies']);
}
