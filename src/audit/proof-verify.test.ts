import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyConsistency, verifyInclusion } from './proof-verify.ts';

const vectors = fileURLToPath(new URL('../../../shared/data/merkle/testdata/', import.meta.url));
const absent = existsSync(vectors) ? false : 'shared data not found: ../shared/data/merkle/testdata/';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? jsonFiles(full) : name.endsWith('.json') ? [full] : [];
  });
}

const b64 = (s: string) => Buffer.from(s, 'base64');

/** The vectors of one kind whose answer from `verify` contradicts their wantErr. */
function wrongAnswers(kind: 'inclusion' | 'consistency', verify: (v: any) => boolean): string[] {
  const files = jsonFiles(join(vectors, kind));
  assert.ok(files.length > 50, `expected many ${kind} vectors, found ${files.length}`);
  const wrong: string[] = [];
  for (const file of files) {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    const ok = verify(v);
    if (ok === v.wantErr) wrong.push(`${file.slice(vectors.length)} (${v.desc}): got ${ok ? 'accept' : 'reject'}`);
  }
  return wrong;
}

test('every RFC 6962 inclusion vector: accept wantErr false, reject wantErr true', { skip: absent }, () => {
  assert.deepEqual(wrongAnswers('inclusion', (v) => verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root))), []);
});

test('every RFC 6962 consistency vector: accept wantErr false, reject wantErr true', { skip: absent }, () => {
  assert.deepEqual(wrongAnswers('consistency', (v) => verifyConsistency(v.size1, v.size2, b64(v.root1), b64(v.root2), (v.proof ?? []).map(b64))), []);
});

test('the vector set holds both accepting and rejecting cases of each kind', { skip: absent }, () => {
  for (const kind of ['inclusion', 'consistency']) {
    const wants = jsonFiles(join(vectors, kind)).map((f) => JSON.parse(readFileSync(f, 'utf8')).wantErr as boolean);
    assert.ok(wants.includes(true) && wants.includes(false), kind);
  }
});
