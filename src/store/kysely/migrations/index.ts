// Versioned migrations, applied in name order on start. Never edit a released migration; add one.
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
};
