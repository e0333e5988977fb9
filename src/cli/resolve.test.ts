// Galleries, agencies and users by name or id: through real processes, and the rules of the lookup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from '../testing/server-process.ts';
import { isAbgError } from '../domain/errors.ts';
import { faceModels } from '../signals/face/models.ts';
import { roundForTable } from './output.ts';
import { resolveRef } from './resolve.ts';

test('gallery, agency and user by name: enroll, subject list, gallery/agency/user update, agreements listed with names', async () => {
  const server = await startServerProcess({ agency: 'BKA', admin: 'alice' });
  const dir = mkdtempSync(join(tmpdir(), 'abg-names-cli-'));
  try {
    const cli = (args: string[], token?: string) => server.cli(args, token);
    const run = (...args: string[]) => cli(args);
    const face = ['--kind', 'face', '--legal-basis', 'BKAG §16', '--purposes', 'criminal-investigation', '--model', faceModels()[0]!.id];
    const gallery = JSON.parse(run('gallery', 'create', 'Mugshots', ...face, '--json').stdout);
    assert.equal(run('gallery', 'create', 'Archive', ...face).status, 0);

    const updated = run('gallery', 'update', 'Mugshots', '--max-candidates', '7', '--json');
    assert.equal(updated.status, 0, updated.stderr);
    assert.deepEqual([JSON.parse(updated.stdout).id, JSON.parse(updated.stdout).maxCandidates], [gallery.id, 7]);
    const subjects = run('subject', 'list', 'mugshots');
    assert.equal(subjects.status, 0, subjects.stderr);
    assert.equal(subjects.stdout.trim(), '(none)');

    const unknown = run('enroll', 'Mugshot', dir, '--source', 'test');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /^error ABG_ERR_NOT_FOUND: .*Gallery Mugshot: no gallery has this name or id; known: "Mugshots", "Archive"/);

    const erika = JSON.parse(run('user', 'create', 'erika', '--roles', 'examiner', '--json').stdout);
    const disabled = run('user', 'update', 'erika', '--disable', '--json');
    assert.equal(disabled.status, 0, disabled.stderr);
    assert.deepEqual([JSON.parse(disabled.stdout).id, JSON.parse(disabled.stdout).disabled], [erika.id, true]);
    assert.equal(run('token', 'list', '--user', 'erika').status, 0);

    assert.equal(run('agency', 'create', 'LKA Berlin').status, 0);
    assert.equal(run('agency', 'update', 'LKA Berlin', '--country', 'DE', '--json').status, 0);
    assert.equal(run('user', 'create', 'otto', '--roles', 'owner-officer').status, 0);
    const officer = JSON.parse(run('token', 'create', 'cli', '--user', 'otto', '--json').stdout).token;
    const agreed = cli(['agreement', 'create', '--requester', 'LKA Berlin', '--galleries', 'Mugshots,Archive', '--purposes', 'criminal-investigation', '--until', '2099-12-31', '--reference', 'V 2026/4'], officer);
    assert.equal(agreed.status, 0, agreed.stderr);
    const listed = cli(['agreement', 'list'], officer);
    assert.match(listed.stdout, /^id\s+owner\s+requester\s+galleries\s+purposes/);
    assert.match(listed.stdout.split('\n')[1]!, /\sBKA\s+LKA Berlin\s+Mugshots,Archive\s+criminal-investigation\s/);
    const json = JSON.parse(cli(['agreement', 'list', '--json'], officer).stdout);
    assert.deepEqual(json[0].galleryIds.length, 2, '--json keeps the ids');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a name of several is ABG_ERR_AMBIGUOUS_NAME with the candidates; an id always wins', async () => {
  const list = async () => [{ id: 'a1', name: 'Mugshots' }, { id: 'b2', name: 'MUGSHOTS' }, { id: 'c3', name: 'Archive' }];
  assert.equal(await resolveRef('gallery', 'MUGSHOTS', list), 'b2');
  assert.equal(await resolveRef('gallery', 'archive', list), 'c3');
  assert.equal(await resolveRef('gallery', 'c3', list), 'c3');
  const ambiguous = await resolveRef('gallery', 'mugshots', list).catch((e: unknown) => e);
  assert.ok(isAbgError(ambiguous) && ambiguous.code === 'ABG_ERR_AMBIGUOUS_NAME', String(ambiguous));
  assert.deepEqual(ambiguous.details, { candidates: [{ id: 'a1', name: 'Mugshots' }, { id: 'b2', name: 'MUGSHOTS' }] });
  const unlisted = '0b9c7a52-5d1e-4f7a-9a43-2f1b0c6d8e90';
  assert.equal(await resolveRef('gallery', unlisted, list), unlisted, 'an id not listed (a partner gallery) is passed on');
  assert.equal(await resolveRef('agency', 'LKA', async () => { throw new Error('forbidden'); }), 'LKA', 'a list one may not read passes the ref on');
});

test('tables round scores and false-match rates; whole numbers stay whole', () => {
  assert.deepEqual([0.734561234, 0.000012345678, 0.5, 3, 1e-4, 0].map(roundForTable), ['0.735', '1.23e-5', '0.5', '3', '1e-4', '0']);
});
