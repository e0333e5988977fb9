// The log commands in-process against a server process over a real SQLite data directory: export
// through the API, then verify the file standalone with the public key, then tamper with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { testEntry } from '../../testing/test-log.ts';
import { bootstrap } from '../../services/bootstrap.service.ts';
import { loadConfig } from '../../app/config.ts';
import { openRuntime } from '../../app/runtime.ts';
import { runLogCommand as run } from '../../testing/cli-run.ts';
import { startServerProcess, type ServerProcess } from '../../testing/server-process.ts';

test('abgleich log export → log verify --public-key names the first tampered entry; stats prints a table', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-logcli-'));
  let server: ServerProcess | undefined;
  try {
    const rt = await openRuntime(loadConfig({ flags: { dataDir: dir } }));
    const boot = await bootstrap(rt.services.deps, { agencyName: 'Host', adminName: 'root' });
    const admin = await rt.services.auth.authenticate(boot.token);
    const aud = await rt.services.users.create(admin, { name: 'aud', roles: ['auditor'] });
    const token = (await rt.services.tokens.issue({ ...admin, userId: aud.id, roles: ['auditor'] }, { label: 'cli' })).token;
    const log = rt.auditLog;
    // Initialisation, the auditor and its token are logged too: entries of this test start after them.
    const base = await log.size();
    for (let i = 0; i < 30; i++) await log.append({ ...testEntry(i), actor: { user: 'u', agency: boot.agency.id, role: 'operator' }, action: 'search.end' });
    await rt.close();

    const key = (await run(['log', 'public-key', '--data', dir])).out.trim();
    assert.match(key, /^abgleich\/log\+[0-9a-f]{8}\+/);
    server = await startServerProcess({ dataDir: dir });
    const at = ['--server', server.url, '--token', token];
    const cp = await run(['log', 'checkpoint', ...at]);
    assert.equal(cp.code, 0, cp.err);
    writeFileSync(join(dir, 'kept.checkpoint'), cp.out);
    const file = join(dir, 'export.jsonl');
    const exp = await run(['log', 'export', ...at, '--out', file]);
    assert.equal(exp.code, 0, exp.err);

    const ok = await run(['log', 'verify', file, '--public-key', key, '--checkpoint', join(dir, 'kept.checkpoint')]);
    assert.equal(ok.code, 0, ok.out);
    // 30 test entries, the auditor's login (first use of its token) and the export itself.
    assert.match(ok.out, new RegExp(`^OK: ${base + 32} entries`));
    assert.match(ok.out, /\(pinned\)/);
    const unpinned = await run(['log', 'verify', file]);
    assert.match(unpinned.out, /warning: no --public-key/);

    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1 + base + 12] = lines[1 + base + 12]!.replace('"case-12"', '"case-21"');
    writeFileSync(join(dir, 'tampered.jsonl'), lines.join('\n'));
    const bad = await run(['log', 'verify', join(dir, 'tampered.jsonl'), '--public-key', key, '--json']);
    assert.equal(bad.code, 1);
    assert.equal(JSON.parse(bad.out).firstBadIndex, base + 12);
    const badText = await run(['log', 'verify', join(dir, 'tampered.jsonl'), '--public-key', key]);
    assert.equal(badText.code, 1);
    const badLines = badText.out.trimEnd().split('\n');
    assert.equal(badLines[0], `FAILED: first bad entry index ${base + 12}`);
    assert.match(badLines[1]!, new RegExp(`^  entry ${base + 12} \\[entry-hash\\] `));
    assert.ok(badLines.length <= 3, badText.out);
    const verbose = await run(['log', 'verify', join(dir, 'tampered.jsonl'), '--public-key', key, '--verbose']);
    assert.equal(verbose.code, 1);
    assert.ok(verbose.out.split('\n').length > badLines.length, verbose.out);
    assert.match(verbose.out, /\(pinned\)/);

    // A removed entry: one verdict line naming its index, not one line per entry after it.
    const removed = lines.filter((_, i) => i !== 1 + base + 5);
    writeFileSync(join(dir, 'removed.jsonl'), removed.join('\n'));
    const gone = await run(['log', 'verify', join(dir, 'removed.jsonl'), '--public-key', key]);
    assert.equal(gone.code, 1);
    assert.match(gone.out, new RegExp(`^FAILED: first bad entry index ${base + 5}\n  entry ${base + 5} \\[`));
    assert.ok(gone.out.trimEnd().split('\n').length <= 3, gone.out);

    const stats = await run(['stats', ...at]);
    assert.equal(stats.code, 0, stats.err);
    assert.match(stats.out, /^agency\s+gallery\s+purpose\s+period\s+searches/);
    assert.match(stats.out.split('\n')[2]!, /^Host\s/, 'the table names the agency instead of its id');
    assert.match(stats.out.trimEnd().split('\n').at(-1)!, /^total\s+30\b/);
    const csv = await run(['stats', ...at, '--agency', '*', '--format', 'csv', '--by', 'month']);
    assert.equal(csv.out.trim().split('\r\n').length, 2, csv.out);
    const counted = await run(['stats', 'verify', ...at]);
    assert.equal(counted.code, 0, counted.err + counted.out);
    assert.match(counted.out, new RegExp(`^OK: ${base + 32} entries recounted, \\d+ counters compared, 0 differ\n$`));
    // A counter changed behind the log's back (database access): named, and the exit status says so.
    const db = new BetterSqlite3(join(dir, 'abgleich.db'));
    db.prepare("update audit_counters set amount = amount + 2 where grain = 'month' and action = 'search.end' and metric = 'entries'").run();
    // The year's searches, which an answer by year reads.
    db.prepare("update audit_column_counters set searches = searches + 2 where grain = 'year' and gallery = 'g1'").run();
    db.close();
    const differs = await run(['stats', 'verify', ...at]);
    assert.equal(differs.code, 1);
    assert.match(differs.out, /^DIFFERENT: .* 2 differ\nmonth 2026-01 agency=\S+ gallery=g1 purpose=criminal-investigation action=search.end outcome=ok entries: stored 32, recounted 30\nyear 2026 agency=\S+ gallery=g1 purpose=criminal-investigation column.searches: stored 32, recounted 30\n$/);
    assert.match((await run(['stats', ...at])).out.trimEnd().split('\n').at(-1)!, /^total\s+32\b/, 'statistics read the counters');
    const retention = await run(['log', 'retention', '--days', '36500', '--server', server.url, '--token', boot.token]);
    assert.equal(retention.code, 0, retention.err);
    assert.deepEqual(JSON.parse(retention.out), { removed: 0 });
    assert.match((await run(['log', 'retention', '--days', '1', ...at])).err, /^error ABG_ERR_FORBIDDEN: .*\(request /, 'auditors do not apply retention');
    const refused = await run(['stats', ...at, '--by', 'week']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /ABG_ERR_VALIDATION/);
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
