// Test harness for a real PostgreSQL server: each suite gets its own schema, dropped afterwards.
// Locally the suites skip unless ABGLEICH_TEST_PG_URL is set; with ABGLEICH_REQUIRE_PG=1 (CI) a
// missing server fails the run instead of skipping.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { StoreHarness } from '../store/store.contract.ts';
import { openStore } from '../store/kysely/kysely-store.ts';

export const pgUrl = process.env.ABGLEICH_TEST_PG_URL;

/** Runs one statement on the test server's default database. */
async function admin(q: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

export function pgHarness(): StoreHarness | { skip: string } {
  if (!pgUrl) {
    if (process.env.ABGLEICH_REQUIRE_PG === '1') throw new Error('ABGLEICH_REQUIRE_PG=1 but ABGLEICH_TEST_PG_URL is not set: PostgreSQL tests must run');
    return { skip: 'PostgreSQL tests skipped: set ABGLEICH_TEST_PG_URL=postgres://user@host:port/db to run them' };
  }
  const schema = `abg_test_${randomBytes(6).toString('hex')}`;
  return {
    open: async () => {
      await admin(`create schema ${schema}`);
      return openStore({ dialect: 'postgres', url: pgUrl, schema });
    },
    dispose: () => admin(`drop schema if exists ${schema} cascade`),
  };
}

/** A fresh PostgreSQL database for one test (a whole runtime with its own schema objects); dropped by `drop`. */
export async function pgTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!pgUrl) throw new Error('ABGLEICH_TEST_PG_URL is not set');
  const name = `abg_test_${randomBytes(6).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** Why PostgreSQL suites skip here, or false when they run (throws when CI requires them). */
export function pgSkipReason(): string | false {
  const h = pgHarness();
  return 'skip' in h ? h.skip : false;
}
