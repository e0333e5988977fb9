// Registered face models for processes that run the face pipeline without the whole runtime
// (`abgleich face embed|compare` on the host): read from the configured store and offered here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseDatabaseUrl } from '../store/kysely/connect.ts';
import { openStore } from '../store/kysely/kysely-store.ts';
import { databaseUrlOf, type Config } from './config.ts';
import { onnxModelInstaller } from './runtime.ts';

/** Offers every model registered in the configured store to this process; their ids (none when the data directory has no database). */
export async function offerRegisteredModels(config: Config): Promise<string[]> {
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'abgleich.db'))) return [];
  const store = await openStore(parseDatabaseUrl(databaseUrlOf(config)), { busyTimeoutMs: config.dbBusyTimeoutMs });
  try {
    const installer = await onnxModelInstaller(config);
    const models = await store.faceModels.list();
    for (const m of models) installer.offer(m);
    return models.map((m) => m.id);
  } finally {
    await store.close();
  }
}
