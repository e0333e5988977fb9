// Opens the store and services the configuration names; shared by every command.
import { mkdirSync } from 'node:fs';
import { parseDatabaseUrl } from '../store/kysely/connect.ts';
import { openStore } from '../store/kysely/kysely-store.ts';
import { defaultDeps } from '../services/deps.ts';
import { createServices, type Services } from '../services/services.ts';
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { databaseUrlOf, type Config } from './config.ts';

export interface Runtime {
  config: Config;
  services: Services;
  close(): Promise<void>;
}

export async function openRuntime(config: Config): Promise<Runtime> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store = await openStore(parseDatabaseUrl(databaseUrlOf(config)));
  return { config, services: createServices(defaultDeps(store)), close: () => store.close() };
}

/** Authenticates a CLI admin command with the token from --token or ABGLEICH_TOKEN. */
export async function cliActor(rt: Runtime, token: string | undefined): Promise<Actor> {
  const t = token ?? process.env.ABGLEICH_TOKEN;
  if (!t) fail('ABG_ERR_UNAUTHENTICATED', 'Pass --token or set ABGLEICH_TOKEN.');
  return rt.services.auth.authenticate(t);
}
