// A witness against a real log: the runtime over a SQLite file served on 127.0.0.1, the witness
// in-process and once as an `abgleich witness` process. Then the database is tampered with as
// someone with access to it would: the tail is cut, history is rewritten, a payload changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { COSIGNATURE_V1 } from '../../audit/cosignature.ts';
import { loadOrCreateSigner } from '../../audit/key-files.ts';
import { parseVerifierKey } from '../../audit/signed-note.ts';
import { verifyExportFile } from '../../audit/verify-export.ts';
import { Witness } from '../../audit/witness.ts';
import { AbgError } from '../../domain/errors.ts';
import { apiHarness } from '../../testing/api-harness.ts';
import { testEntry } from '../../testing/test-log.ts';
import { witnessOnce } from './witness.ts';

const bin = fileURLToPath(new URL('../../../bin/abgleich.js', import.meta.url));

/** Runs `abgleich …` as a child process without blocking the server in this process. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 }, (e, stdout, stderr) => resolve({ code: e ? Number(e.code ?? 1) : 0, stdout, stderr }));
  });
}

const refusedWith = (code: string, pattern: RegExp) => (e: unknown) => e instanceof AbgError && e.code === code && pattern.test(e.message);

test('a witness cosigns a growing log, refuses it once truncated or rewritten, and log verify fails on the tampered database', async () => {
  const h = await apiHarness();
  const dir = mkdtempSync(join(tmpdir(), 'abg-witness-cli-'));
  try {
    const base = await h.app.listen({ host: '127.0.0.1', port: 0 });
    const admin = await h.services.auth.authenticate(h.adminToken);
    const u = await h.services.users.create(admin, { name: 'dsb', roles: ['auditor'] });
    const token = (await h.services.tokens.issue({ ...admin, userId: u.id, roles: ['auditor'] }, { label: 'witness' })).token;
    const log = h.runtime.auditLog;
    const logKeyFile = join(dir, 'log.pub');
    writeFileSync(logKeyFile, `${log.publicKey}\n`);
    const state = join(dir, 'witness-state');
    const signer = loadOrCreateSigner(join(state, 'witness.key'), 'dsb.example/witness', COSIGNATURE_V1);
    const witness = new Witness(signer, state, new Map([[log.origin, parseVerifierKey(log.publicKey)]]));
    const witnessKeyFile = join(dir, 'witness.pub');
    writeFileSync(witnessKeyFile, `${signer.verifierKey}\n`);
    const grow = async (n: number) => {
      for (let i = 0; i < n; i++) await log.append(testEntry(i));
    };
    const exportTo = async (name: string) => {
      const res = await h.app.inject({ method: 'GET', url: '/v1/log/export', headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.statusCode, 200, res.body);
      writeFileSync(join(dir, name), res.body);
      return join(dir, name);
    };

    // In-process rounds, then one `abgleich witness cosign` process continuing from the same state.
    await grow(5);
    const first = await witnessOnce(witness, base, token);
    assert.equal(first.oldSize, 0);
    await grow(4);
    const second = await witnessOnce(witness, base, token);
    assert.equal(second.oldSize, first.size);
    await grow(3);
    const run = await cli(['witness', 'cosign', '--url', base, '--token', token, '--log-key', logKeyFile, '--state', state]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`cosigned ${log.origin} at size \\d+ \\(before: ${second.size}\\)`));
    assert.match(run.stdout, /\n\u2014 dsb\.example\/witness \S+\n$/);
    const cosigned = witness.record(log.origin)!;
    assert.ok(cosigned.checkpoint.size > second.size);
    // The log serves the checkpoint with the cosignature appended.
    const served = await h.call('GET', '/v1/log/checkpoint', token);
    assert.ok(served.json.note.includes(run.stdout.trim().split('\n').at(-1)));

    const goodFile = await exportTo('good.jsonl');
    const good = await verifyExportFile(goodFile, { publicKey: log.publicKey, witnesses: [signer.verifierKey] });
    assert.deepEqual(good.problems, []);
    assert.equal(good.witnessed?.size, cosigned.checkpoint.size);
    const verified = await cli(['log', 'verify', goodFile, '--public-key', logKeyFile, '--witness', witnessKeyFile]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, new RegExp(`witnessed up to size ${cosigned.checkpoint.size} of \\d+ by dsb\\.example/witness`));

    // Truncation: cut the tail rows (leaves and the tree nodes over them); the checkpoints stay.
    const db = new Database(join(h.dataDir, 'abgleich.db'));
    const keep = cosigned.checkpoint.size - 4;
    const cut = (k: number) => {
      db.prepare('DELETE FROM audit_leaves WHERE seq >= ?').run(k);
      db.prepare('DELETE FROM audit_nodes WHERE (seq + 1) * (1 << level) > ?').run(k);
    };
    cut(keep);
    await assert.rejects(witnessOnce(witness, base, token), refusedWith('ABG_ERR_LOG_TRUNCATED', new RegExp(`at size ${keep} \\(cosigned size ${cosigned.checkpoint.size} before\\)`)));
    const refusedCli = await cli(['witness', 'cosign', '--url', base, '--token', token, '--log-key', logKeyFile, '--state', state]);
    assert.equal(refusedCli.code, 1);
    assert.match(refusedCli.stderr, new RegExp(`^error ABG_ERR_LOG_TRUNCATED: .*entries were cut off.*Refusing to cosign ${log.origin} at size ${keep} \\(cosigned size ${cosigned.checkpoint.size} before\\)`, 'm'));
    assert.equal(witness.record(log.origin)!.checkpoint.size, cosigned.checkpoint.size);
    const truncated = await verifyExportFile(await exportTo('truncated.jsonl'), { publicKey: log.publicKey });
    assert.equal(truncated.ok, false);
    assert.ok(truncated.problems.some((p) => p.kind === 'missing-entries'), JSON.stringify(truncated.problems));

    // Removing the larger checkpoints as well leaves nothing the witness cosigned, and its kept copy still fails the export.
    db.prepare('DELETE FROM audit_checkpoints WHERE size > ?').run(keep);
    const hidden = await exportTo('hidden.jsonl');
    const anchored = await verifyExportFile(hidden, { publicKey: log.publicKey, witnesses: [witnessKeyFile].map((f) => readFileSync(f, 'utf8').trim()) });
    assert.equal(anchored.ok, false);
    assert.ok(anchored.problems.some((p) => p.kind === 'witness' && new RegExp(`newest checkpoint \\(size ${keep}\\) carries no valid cosignature of dsb\\.example/witness`).test(p.message)), JSON.stringify(anchored.problems));
    const failed = await cli(['log', 'verify', hidden, '--public-key', logKeyFile, '--witness', witnessKeyFile]);
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, new RegExp(`^FAILED\n  - \\[witness\\] The newest checkpoint \\(size ${keep}\\) carries no valid cosignature of dsb\\.example/witness`));
    const kept = await verifyExportFile(hidden, { publicKey: log.publicKey, trustedCheckpoints: [cosigned.note] });
    assert.ok(kept.problems.some((p) => p.kind === 'missing-entries'));

    // Rewriting: new entries take the cut positions, the log re-signs, and the tree grows past the cosigned size.
    await grow(8);
    await assert.rejects(witnessOnce(witness, base, token), refusedWith('ABG_ERR_LOG_INCONSISTENT', /consistency proof from size \d+ to \d+ does not verify/));
    const rewritten = await verifyExportFile(await exportTo('rewritten.jsonl'), { publicKey: log.publicKey, trustedCheckpoints: [cosigned.note] });
    assert.ok(rewritten.problems.some((p) => p.kind === 'trusted-checkpoint'), JSON.stringify(rewritten.problems));

    // A changed payload is named at its index.
    db.prepare("UPDATE audit_leaves SET payload = replace(payload, 'case-1\"', 'case-9\"') WHERE seq = ?").run(keep - 2);
    const changed = await verifyExportFile(await exportTo('changed.jsonl'), { publicKey: log.publicKey });
    assert.equal(changed.firstBadIndex, keep - 2);
    db.close();
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
