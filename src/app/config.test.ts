import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveLimitsOf, databaseUrlOf, loadConfig } from './config.ts';
import { AbgError } from '../domain/errors.ts';

test('defaults: ./data, 127.0.0.1:8080, SQLite in the data directory', () => {
  const c = loadConfig({ env: {} });
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, 8080);
  assert.match(databaseUrlOf(c), /^sqlite:.*data[/\\]abgleich\.db$/);
});

test('precedence: file < environment < flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-cfg-'));
  try {
    writeFileSync(join(dir, 'abgleich.json'), JSON.stringify({ port: 1111, host: '0.0.0.0', logLevel: 'warn' }));
    const c = loadConfig({ env: { ABGLEICH_DATA: dir, ABGLEICH_PORT: '2222' }, flags: { host: '127.0.0.2' } });
    assert.equal(c.port, 2222);
    assert.equal(c.host, '127.0.0.2');
    assert.equal(c.logLevel, 'warn');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a named config file that is missing is an error; invalid values name their key', () => {
  assert.throws(() => loadConfig({ env: { ABGLEICH_CONFIG: '/nonexistent/abgleich.json' } }), (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_CONFIG');
  assert.throws(() => loadConfig({ env: { ABGLEICH_PORT: '99999' } }), (e: unknown) => e instanceof AbgError && /port/.test(e.message));
});

test('upload, timeout, image and archive limits come from the environment and are checked', () => {
  const c = loadConfig({ env: { ABGLEICH_UPLOAD_TOTAL_LIMIT: '1048576', ABGLEICH_BODY_IDLE_TIMEOUT_MS: '0', ABGLEICH_IMAGE_MAX_PIXELS: '1000', ABGLEICH_ARCHIVE_MAX_RATIO: '20' } });
  assert.deepEqual([c.uploadTotalLimit, c.bodyIdleTimeoutMs, c.imageMaxPixels, c.archiveMaxRatio], [1048576, 0, 1000, 20]);
  assert.deepEqual(archiveLimitsOf(c), { maxEntries: 100_000, maxEntryBytes: 256 * 1024 * 1024, maxTotalBytes: 4 * 1024 ** 3, maxRatio: 20 });
  assert.throws(() => loadConfig({ env: { ABGLEICH_REQUEST_TIMEOUT_MS: 'soon' } }), (e: unknown) => e instanceof AbgError && /requestTimeoutMs/.test(e.message));
  assert.throws(() => loadConfig({ env: { ABGLEICH_UPLOAD_FILES: '0' } }), (e: unknown) => e instanceof AbgError && /uploadFiles/.test(e.message));
});

test('exchangeFieldMapping: EBTS tags by default, replaced from the file; a tag outside Type-2 or an unknown core data field names the key', () => {
  assert.equal(loadConfig({ env: {} }).exchangeFieldMapping['2.018'], 'name');
  const dir = mkdtempSync(join(tmpdir(), 'abg-cfg-'));
  try {
    const file = join(dir, 'abgleich.json');
    writeFileSync(file, JSON.stringify({ exchangeFieldMapping: { '2.030': 'name' } }));
    assert.deepEqual(loadConfig({ env: { ABGLEICH_CONFIG: file } }).exchangeFieldMapping, { '2.030': 'name' });
    for (const bad of [{ '10.018': 'name' }, { '2.018': 'shoeSize' }]) {
      writeFileSync(file, JSON.stringify({ exchangeFieldMapping: bad }));
      assert.throws(() => loadConfig({ env: { ABGLEICH_CONFIG: file } }), (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_CONFIG' && /exchangeFieldMapping/.test(e.message));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
