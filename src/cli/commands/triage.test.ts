// `abgleich hashset import|list|export` and `abgleich triage` through a real process: one JSON line
// per file, a summary line, progress on stderr, and files added to a media gallery by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServerProcess } from '../../testing/server-process.ts';

const bridge = fileURLToPath(new URL('../../../../shared/data/pdq/images/bridge-mods/', import.meta.url));
const skip = existsSync(bridge) ? false : 'shared data not found: ../shared/data/pdq/images/bridge-mods';
test('hashset import/list/export and triage of a folder into a media gallery', { skip }, async () => {
  const server = await startServerProcess({ agency: 'LKA', admin: 'alice' });
  const dir = mkdtempSync(join(tmpdir(), 'abg-cli-triage-'));
  try {
    const cli = (args: string[], token?: string) => server.cli(args, token);
    const user = JSON.parse(cli(['user', 'create', 'olga', '--roles', 'operator', '--json']).stdout.trim());
    const op = JSON.parse(cli(['token', 'create', 'cli', '--user', user.id, '--json']).stdout.trim()).token;
    assert.equal(cli(['gallery', 'create', 'Case media', '--kind', 'media', '--legal-basis', 'StPO §94', '--purposes', 'criminal-investigation']).status, 0);

    const md5 = createHash('md5').update(readFileSync(join(bridge, 'aaa-orig.jpg'))).digest('hex');
    const list = join(dir, 'known.csv');
    writeFileSync(list, `md5,category\n${md5},1\nzz,2\n`);
    const imp = cli(['hashset', 'import', list, '--name', 'Known', '--source', 'partner'], op);
    assert.equal(imp.status, 0, imp.stderr);
    const imported = JSON.parse(imp.stdout.trim());
    assert.equal(imported.imported, 1);
    assert.deepEqual(imported.errors.map((e: { row: number }) => e.row), [3]);
    assert.match(cli(['hashset', 'list'], op).stdout, /Known/);
    const exp = cli(['hashset', 'export', imported.hashSet.id, '--format', 'csv'], op);
    assert.ok(exp.stdout.includes(md5), exp.stderr);

    const run = cli(['triage', bridge, '--case', 'K-1', '--gallery', 'Case media'], op);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const summary = lines.pop();
    assert.equal(lines.length, 12);
    const orig = lines.find((l) => l.file.endsWith('aaa-orig.jpg'));
    assert.equal(orig.verdict, 'known');
    assert.deepEqual(orig.categories, ['1']);
    assert.ok(lines.filter((l) => l.verdict === 'near-duplicate').length >= 10, 'the edits are near-duplicates of the known original');
    assert.equal(summary.files, 12);
    assert.equal(summary.added, 12);
    assert.match(run.stderr, /triage \[#+\] 12\/12 100%/);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
