// The master key that wraps every data key: from ABGLEICH_MASTER_KEY (32 bytes, base64 or hex),
// else from <data>/keys/master.key, created (mode 0600) on first start. Every replica of a
// server deployment must be given the same key; losing it makes all images and core data unreadable.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../domain/errors.ts';

export function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) fail('ABG_ERR_KEY_MISSING', `${where} must hold 32 bytes as 64 hex digits or base64.`);
  return key;
}

export function loadMasterKey(keysDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.ABGLEICH_MASTER_KEY) return parseKey(env.ABGLEICH_MASTER_KEY, 'ABGLEICH_MASTER_KEY');
  const file = join(keysDir, 'master.key');
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') fail('ABG_ERR_CONFIG', `Cannot create ${file}: ${(e as Error).message}`);
  }
  return parseKey(readFileSync(file, 'utf8'), file);
}
