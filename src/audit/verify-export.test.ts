import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from './audit-log.ts';
import { canonicalJson } from './canonical-json.ts';
import { exportLog } from './export-format.ts';
import { MemoryAuditStore } from '../testing/memory-audit-store.ts';
import { leafHash } from './merkle-tree.ts';
import { generateSignerKey, parseSignerKey } from './signed-note.ts';
import { newTestLog, testEntry, testOrigin } from '../testing/test-log.ts';
import { verifyExportFile, verifyExportLines } from './verify-export.ts';
import { cosignatureLine, generateCosignerKey, parseCosignerKey } from './cosignature.ts';

const testEntryPayload = (i: number) => canonicalJson({ v: 1, ...testEntry(i, new Date(Date.UTC(2021 + Math.floor(i / 2), 0, 1)).toISOString()) });

const SIZE = 50;
const positions = [0, 1, 7, 8, 23, 31, 48, 49];

async function collect(gen: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of gen) out.push(l);
  return out;
}

async function exportedLog(size = SIZE) {
  const t = newTestLog();
  for (let i = 0; i < size; i++) {
    await t.log.append(testEntry(i));
    if ((i + 1) % 16 === 0) await t.log.checkpoint();
  }
  await t.log.checkpoint();
  const lines = await collect(exportLog(t.log));
  return { ...t, lines, publicKey: t.log.publicKey };
}

// Line 0 is the header; entry i is line i + 1.
const entryLine = (i: number) => i + 1;

test('an untouched export verifies: every entry, receipt and checkpoint, with the pinned key', async () => {
  const { lines, publicKey } = await exportedLog();
  const r = await verifyExportLines(lines, { publicKey });
  assert.deepEqual(r.problems, []);
  assert.equal(r.ok, true);
  assert.equal(r.entries, SIZE);
  assert.equal(r.firstBadIndex, null);
  assert.deepEqual(r.checkpoints, { total: 4, verified: 4 });
  assert.equal(r.keyPinned, true);
});

test('changing any one character of an entry line names that entry', async () => {
  const { lines, publicKey } = await exportedLog();
  let tried = 0;
  for (const i of [0, 7, 31, 49]) {
    const line = lines[entryLine(i)]!;
    // Every 11th character of the line: inside the payload, the hashes, the receipt, the keys.
    for (let c = 0; c < line.length; c += 11) {
      const replacement = line[c] === 'x' ? 'y' : 'x';
      const tampered = [...lines];
      tampered[entryLine(i)] = line.slice(0, c) + replacement + line.slice(c + 1);
      const r = await verifyExportLines(tampered, { publicKey });
      assert.equal(r.ok, false, `entry ${i}, char ${c}`);
      assert.equal(r.firstBadIndex, i, `entry ${i}, char ${c} (${line.slice(Math.max(0, c - 10), c + 10)}): ${JSON.stringify(r.problems[0])}`);
      tried += 1;
    }
  }
  assert.ok(tried > 50);
});

test('changing a stored entry in the database is caught at its index', async () => {
  for (const i of positions) {
    const t = newTestLog();
    for (let k = 0; k < SIZE; k++) await t.log.append(testEntry(k));
    const row = t.store.rawLeaves[i]!;
    t.store.rawLeaves[i] = { ...row, payload: row.payload!.replace(`case-${i}"`, `case-X"`) };
    const r = await verifyExportLines(await collect(exportLog(t.log)), { publicKey: t.log.publicKey });
    assert.equal(r.firstBadIndex, i);
    assert.equal(r.problems[0]?.kind, 'entry-hash');
  }
});

test('an insider who also recomputes the stored leaf hash is still caught at that index by the receipt', async () => {
  for (const i of positions) {
    const t = newTestLog();
    for (let k = 0; k < SIZE; k++) await t.log.append(testEntry(k));
    const row = t.store.rawLeaves[i]!;
    const payload = row.payload!.replace(`case-${i}"`, `case-X"`);
    t.store.rawLeaves[i] = { ...row, payload, leafHash: leafHash(Buffer.from(payload)) };
    const r = await verifyExportLines(await collect(exportLog(t.log)), { publicKey: t.log.publicKey });
    assert.equal(r.firstBadIndex, i);
    assert.deepEqual(r.problems.map((p) => p.kind).slice(0, 1), ['receipt']);
  }
});

test('deleting one entry names its index', async () => {
  const { lines, publicKey } = await exportedLog();
  for (const i of positions) {
    const tampered = lines.filter((_, k) => k !== entryLine(i));
    const r = await verifyExportLines(tampered, { publicKey });
    assert.equal(r.ok, false);
    assert.equal(r.firstBadIndex, i, `deleted ${i}`);
  }
});

test('swapping two entries names the earlier index', async () => {
  const { lines, publicKey } = await exportedLog();
  for (const [i, j] of [[0, 1], [7, 8], [3, 40], [23, 31], [48, 49]] as const) {
    const tampered = [...lines];
    [tampered[entryLine(i)], tampered[entryLine(j)]] = [tampered[entryLine(j)]!, tampered[entryLine(i)]!];
    const r = await verifyExportLines(tampered, { publicKey });
    assert.equal(r.firstBadIndex, i, `swapped ${i} and ${j}`);
  }
  // Swapping and renumbering so that the indexes look right still fails at the earlier one.
  const tampered = [...lines];
  const a = JSON.parse(lines[entryLine(5)]!);
  const b = JSON.parse(lines[entryLine(9)]!);
  tampered[entryLine(5)] = canonicalJson({ ...b, index: 5 });
  tampered[entryLine(9)] = canonicalJson({ ...a, index: 9 });
  assert.equal((await verifyExportLines(tampered, { publicKey })).firstBadIndex, 5);
});

test('inserting an entry names the index where it was inserted, even when it is self-consistent', async () => {
  const { lines, publicKey } = await exportedLog();
  for (const i of positions) {
    // A copy of another entry.
    const copy = [...lines];
    copy.splice(entryLine(i), 0, lines[entryLine((i + 5) % SIZE)]!);
    assert.equal((await verifyExportLines(copy, { publicKey })).firstBadIndex, i, `copy inserted at ${i}`);
    // A forged entry with the right index, a matching leaf hash and a receipt copied from its neighbour.
    const original = JSON.parse(lines[entryLine(i)]!);
    const entry = { ...original.entry, caseRef: 'forged' };
    const forged = canonicalJson({ ...original, entry, leafHash: leafHash(Buffer.from(canonicalJson(entry))).toString('base64') });
    const withForged = [...lines];
    withForged.splice(entryLine(i), 0, forged);
    const r = await verifyExportLines(withForged, { publicKey });
    assert.equal(r.firstBadIndex, i, `forged entry inserted at ${i}`);
  }
});

test('removing entries at the end is caught by the checkpoints that cover them', async () => {
  const { lines, publicKey } = await exportedLog();
  const cut = lines.filter((_, k) => k < entryLine(45) || k > entryLine(SIZE - 1));
  const r = await verifyExportLines(cut, { publicKey });
  assert.equal(r.ok, false);
  assert.equal(r.firstBadIndex, 45);
});

test('a log re-signed with another key verifies only when no key is pinned, and says so', async () => {
  const { lines, publicKey } = await exportedLog(20);
  // Rebuild the same entries under a new key, as someone who rewrote the log would.
  const forger = new AuditLog({ store: new MemoryAuditStore(), signer: parseSignerKey(generateSignerKey(testOrigin)) });
  for (const l of lines.slice(1, 21)) await forger.append(JSON.parse(l).entry);
  const forgedLines = await collect(exportLog(forger));
  const unpinned = await verifyExportLines(forgedLines);
  assert.equal(unpinned.ok, true);
  assert.equal(unpinned.keyPinned, false);
  const pinned = await verifyExportLines(forgedLines, { publicKey });
  assert.equal(pinned.ok, false);
  assert.equal(pinned.firstBadIndex, 0);
  assert.ok(pinned.problems.some((p) => p.kind === 'public-key'));
});

test('a kept checkpoint catches a history rewritten by someone holding the key', async () => {
  const t = newTestLog();
  for (let i = 0; i < 20; i++) await t.log.append(testEntry(i));
  const kept = (await t.log.checkpoint()).note;
  // The key holder rebuilds the log with entry 3 changed and more entries on top.
  const rewritten = new AuditLog({ store: new MemoryAuditStore(), signer: parseSignerKey(t.skey) });
  for (let i = 0; i < 30; i++) await rewritten.append(i === 3 ? { ...testEntry(i), caseRef: 'changed' } : testEntry(i));
  await rewritten.checkpoint();
  const lines = await collect(exportLog(rewritten));
  assert.equal((await verifyExportLines(lines, { publicKey: t.log.publicKey })).ok, true, 'self-consistent on its own');
  const r = await verifyExportLines(lines, { publicKey: t.log.publicKey, trustedCheckpoints: [kept] });
  assert.equal(r.ok, false);
  assert.ok(r.problems.some((p) => p.kind === 'trusted-checkpoint'));
  // The honest log extends the kept checkpoint.
  for (let i = 20; i < 30; i++) await t.log.append(testEntry(i));
  assert.equal((await verifyExportLines(await collect(exportLog(t.log)), { publicKey: t.log.publicKey, trustedCheckpoints: [kept] })).ok, true);
});

test('a forked checkpoint signed by the log key is reported as inconsistent', async () => {
  const { lines, skey, publicKey } = await exportedLog(20);
  const fork = new AuditLog({ store: new MemoryAuditStore(), signer: parseSignerKey(skey) });
  for (let i = 0; i < 18; i++) await fork.append(i === 2 ? { ...testEntry(i), caseRef: 'fork' } : testEntry(i));
  const forkNote = (await fork.checkpoint()).note;
  const r = await verifyExportLines([...lines, canonicalJson({ type: 'checkpoint', size: 18, time: '2026-01-01T00:00:00.000Z', note: forkNote })], { publicKey });
  assert.equal(r.ok, false);
  assert.ok(r.problems.some((p) => p.kind === 'checkpoint-root'));
});

test('an export after retention still verifies, and a changed kept leaf hash is named', async () => {
  let now = new Date('2026-01-01T00:00:00.000Z');
  const t = newTestLog(() => now);
  for (let i = 0; i < 12; i++) await t.log.append(testEntry(i, new Date(Date.UTC(2021 + Math.floor(i / 2), 0, 1)).toISOString()));
  await t.log.checkpoint();
  // Three years before 2026-12-01 reaches back into December 2023: the entries of 2021–2023 expire.
  now = new Date('2026-12-01T00:00:00.000Z');
  assert.equal(await t.log.applyRetention(3 * 365), 6);
  const lines = await collect(exportLog(t.log));
  const r = await verifyExportLines(lines, { publicKey: t.log.publicKey });
  assert.deepEqual(r.problems, []);
  assert.equal(r.redacted, 6);
  const tampered = [...lines];
  const line4 = JSON.parse(lines[entryLine(4)]!);
  tampered[entryLine(4)] = canonicalJson({ ...line4, leafHash: Buffer.alloc(32, 1).toString('base64') });
  assert.equal((await verifyExportLines(tampered, { publicKey: t.log.publicKey })).firstBadIndex, 4);
});

test('a file on disk verifies standalone; a file that is no export is refused with a reason', async () => {
  const { lines, publicKey } = await exportedLog(10);
  const dir = mkdtempSync(join(tmpdir(), 'abg-export-'));
  try {
    writeFileSync(join(dir, 'log.jsonl'), lines.join('\n') + '\n');
    assert.equal((await verifyExportFile(join(dir, 'log.jsonl'), { publicKey })).ok, true);
    writeFileSync(join(dir, 'other.jsonl'), '{"hello":1}\n');
    const r = await verifyExportFile(join(dir, 'other.jsonl'));
    assert.equal(r.ok, false);
    assert.equal(r.problems[0]?.kind, 'header');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a payload removed without a covering signed retention statement fails, named at its index, even with a back-dated time', async () => {
  let now = new Date('2026-01-01T00:00:00.000Z');
  const t = newTestLog(() => now);
  for (let i = 0; i < 12; i++) await t.log.append(testEntry(i, new Date(Date.UTC(2021 + Math.floor(i / 2), 0, 1)).toISOString()));
  now = new Date('2026-12-01T00:00:00.000Z');
  assert.equal(await t.log.applyRetention(3 * 365), 6);
  await t.log.checkpoint();
  const ok = await verifyExportLines(await collect(exportLog(t.log)), { publicKey: t.log.publicKey });
  assert.deepEqual([ok.ok, ok.redacted], [true, 6]);

  // Someone with database access removes the payload of entry 10 (2026): no statement covers it.
  const leaves = t.store.rawLeaves;
  leaves[10] = { ...leaves[10]!, payload: null };
  const recent = await verifyExportLines(await collect(exportLog(t.log)), { publicKey: t.log.publicKey });
  assert.equal(recent.ok, false);
  assert.equal(recent.firstBadIndex, 10);
  assert.deepEqual(recent.problems.map((p) => [p.index, p.kind]), [[10, 'redaction']]);
  assert.match(recent.problems[0]!.message, /Entry 10: its payload was removed, but no signed retention statement/);

  // Back-dating the stored time does not help: the statement names the index below which payloads may go.
  leaves[10] = { ...leaves[10]!, payload: testEntryPayload(10) };
  leaves[7] = { ...leaves[7]!, payload: null, time: '2021-01-01T00:00:00.000Z' };
  const backdated = await verifyExportLines(await collect(exportLog(t.log)), { publicKey: t.log.publicKey });
  assert.deepEqual(backdated.problems.map((p) => [p.index, p.kind]), [[7, 'redaction']]);
});

test('entries cut off the tail fail against the checkpoints the export carries', async () => {
  const t = newTestLog();
  for (let i = 0; i < 20; i++) await t.log.append(testEntry(i));
  await t.log.checkpoint();
  t.store.rawLeaves.length = 15;
  const lines = await collect(exportLog(t.log));
  assert.equal(lines.filter((l) => l.includes('"type":"checkpoint"')).length, 1);
  const r = await verifyExportLines(lines, { publicKey: t.log.publicKey });
  assert.equal(r.ok, false);
  assert.equal(r.firstBadIndex, 15);
  assert.ok(r.problems.some((p) => p.kind === 'missing-entries' && /covers 20 entries; the export holds 15/.test(p.message)));
});

test('with witness keys, the newest checkpoint is the trust anchor and must carry a cosignature of every named witness', async () => {
  const t = newTestLog();
  for (let i = 0; i < 6; i++) await t.log.append(testEntry(i));
  const w1 = parseCosignerKey(generateCosignerKey('dsb.example/w1'));
  const w2 = parseCosignerKey(generateCosignerKey('other.example/w2'));
  const cp = await t.log.checkpoint();
  const body = cp.note.slice(0, cp.note.indexOf('\n\n') + 1);
  await t.log.addCosignatures(cp.note + cosignatureLine(body, w1, new Date()), w1.verifierKey);
  const lines = await collect(exportLog(t.log));
  const r = await verifyExportLines(lines, { publicKey: t.log.publicKey, witnesses: [w1.verifierKey] });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.witnessed, { size: 6, witnesses: ['dsb.example/w1'] });
  const both = await verifyExportLines(lines, { publicKey: t.log.publicKey, witnesses: [w1.verifierKey, w2.verifierKey] });
  assert.equal(both.ok, false);
  assert.deepEqual(both.problems.map((p) => p.kind), ['witness']);
  assert.match(both.problems[0]!.message, /newest checkpoint \(size 6\) carries no valid cosignature of other\.example\/w2/);
  // A newer checkpoint the witness has not seen is no anchor.
  await t.log.append(testEntry(6));
  await t.log.checkpoint();
  const later = await verifyExportLines(await collect(exportLog(t.log)), { publicKey: t.log.publicKey, witnesses: [w1.verifierKey] });
  assert.equal(later.witnessed?.size, null);
  assert.match(later.problems[0]!.message, /size 7\) carries no valid cosignature of dsb\.example\/w1; the newest one cosigned by every named witness has size 6/);
  // A cosignature line that does not verify is refused by the log.
  await assert.rejects(t.log.addCosignatures(cp.note + cosignatureLine(body, w2, new Date()), w1.verifierKey), /no valid cosignature/);
});

test('the export carries the statistics counters; verifying it recounts them from the entries and names a counter that differs', async () => {
  const t = newTestLog();
  for (let i = 0; i < 12; i++) await t.log.append(testEntry(i));
  const lines = await collect(exportLog(t.log));
  const counters = lines.filter((l) => JSON.parse(l).type === 'counter');
  // One year, one month, one day and one hour counter of the entries per gallery, one of each entry once, and one column counter (searches) of each.
  assert.equal(counters.length, 12);
  const ok = await verifyExportLines(lines, { publicKey: t.log.publicKey });
  assert.equal(ok.ok, true);
  assert.equal(ok.statistics?.counters, counters.length);
  // An export written before counters existed still verifies; it simply has none to check.
  const older = await verifyExportLines(lines.filter((l) => !counters.includes(l)), { publicKey: t.log.publicKey });
  assert.deepEqual([older.ok, older.statistics], [true, null]);
  assert.deepEqual(ok.countersNotCarried, []);
  // An export written before hour counters existed verifies the rest and says it carries no hour counters; a changed hour counter in a newer one is named.
  const beforeHours = lines.filter((l) => JSON.parse(l).grain !== 'hour');
  assert.equal(beforeHours.length, lines.length - 3);
  const noHours = await verifyExportLines(beforeHours, { publicKey: t.log.publicKey });
  assert.deepEqual([noHours.ok, noHours.statistics?.counters, noHours.countersNotCarried], [true, 9, ['hour']]);
  const hourChanged = lines.map((l) => (JSON.parse(l).grain === 'hour' && JSON.parse(l).metric === 'entries' ? l.replace('"amount":12', '"amount":11') : l));
  const badHour = await verifyExportLines(hourChanged, { publicKey: t.log.publicKey });
  assert.deepEqual([badHour.ok, badHour.problems.map((p) => p.message)], [false, [`Counter hour 2026-01-01T00 agency-a/g1/search.end/ok entries: the export carries 11, its entries count 12.`]]);
  // An export written before year, column, entry and hour counters existed carries month and day counters only: those verify, and a changed one is still named.
  const beforeYears = lines.filter((l) => { const c = JSON.parse(l); return c.type !== 'counter' || (c.grain !== 'year' && c.grain !== 'hour' && !c.metric.startsWith('column.') && c.metric !== 'entry'); });
  assert.equal(beforeYears.length, lines.length - 10);
  const monthDay = await verifyExportLines(beforeYears, { publicKey: t.log.publicKey });
  assert.deepEqual([monthDay.ok, monthDay.statistics?.counters, monthDay.countersNotCarried], [true, 2, ['year', 'column', 'entry', 'hour']]);
  const changed = beforeYears.map((l) => (JSON.parse(l).grain === 'month' ? l.replace('"amount":12', '"amount":13') : l));
  assert.deepEqual((await verifyExportLines(changed, { publicKey: t.log.publicKey })).problems.map((p) => p.kind), ['counters']);
  // The service's counters were changed in the database: the export carries them, and they do not match its entries.
  const [id, c] = [...t.store.rawCounters].find(([, r]) => r.grain === 'day')!;
  t.store.rawCounters.set(id, { ...c, amount: c.amount + 1 });
  const bad = await verifyExportLines(await collect(exportLog(t.log)), { publicKey: t.log.publicKey });
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.problems.map((p) => p.kind), ['counters']);
  assert.match(bad.problems[0]!.message, new RegExp(`^Counter day ${c.period} agency-a/g1/search.end/ok entries: the export carries ${c.amount + 1}, its entries count ${c.amount}\\.$`));
});
