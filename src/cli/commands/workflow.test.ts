// The search-only workflow with the CLI against a server: enroll, search (multipart probe), blind
// review by two examiners, disclosure request and decision, core data, 1:1 verification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { faceModels } from '../../signals/face/models.ts';
import { lfwAbsent, lfwImage } from '../../testing/face-test-data.ts';
import { serverForTests } from '../../testing/server-process.ts';

const shared = serverForTests({ agency: 'BKA', admin: 'alice' }, 'abg-workflow-cli-', lfwAbsent);

test('enroll → search → hit decide ×2 → disclosure request/decide → core-data → verify, all through the CLI', { skip: lfwAbsent }, () => {
  const { server, dir } = shared;
  const json = (args: string[], token?: string) => {
    const r = server.cli([...args, '--json'], token);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  };
  const tokenOf = (name: string, roles: string) => {
    json(['user', 'create', name, '--roles', roles]);
    return json(['token', 'create', 'cli', '--user', name]).token as string;
  };
  json(['gallery', 'create', 'Mugshots', '--kind', 'face', '--legal-basis', 'BKAG §16', '--purposes', 'criminal-investigation', '--model', faceModels()[0]!.id]);
  const [operator, ex1, ex2, officer] = [tokenOf('olga', 'operator'), tokenOf('erika', 'examiner'), tokenOf('emil', 'examiner'), tokenOf('otto', 'owner-officer')];

  mkdirSync(join(dir, 'intake'));
  copyFileSync(lfwImage('George_W_Bush', 1), join(dir, 'intake', 'gwb.jpg'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ 'gwb.jpg': { subjectRef: 'S-1', coreData: { name: 'George Walker Bush' } } }));
  const enrolled = json(['enroll', 'Mugshots', join(dir, 'intake'), '--source', 'press photo', '--manifest', join(dir, 'manifest.json')], operator);
  assert.deepEqual(enrolled, { enrolled: 1, refused: 0 });

  const probe = join(dir, 'probe.jpg');
  copyFileSync(lfwImage('George_W_Bush', 2), probe);
  const case_ = ['--purpose', 'criminal-investigation', '--case', 'ST 12/26', '--authorisation', 'AG 4 Gs 17/26'];
  const search = json(['search', probe, ...case_, '--mode', 'investigation', '--galleries', 'Mugshots', '--top', '1'], operator);
  const candidate = search.galleries[0].candidates[0];
  assert.ok(candidate.hitId && candidate.score > 0, JSON.stringify(search));

  const listed = server.cli(['hit', 'list'], ex1);
  assert.match(listed.stdout.split('\n')[1]!, new RegExp(`^${candidate.hitId}\\s+Mugshots\\s`), 'the table names the gallery');
  for (const ex of [ex1, ex2]) json(['hit', 'decide', candidate.hitId, 'match', '--note', 'ear shape and brow agree', '--acknowledge-below-threshold'], ex);
  assert.equal(json(['hit', 'show', candidate.hitId], ex1).state, 'confirmed');

  const requested = json(['disclosure', 'request', candidate.hitId, '--justification', 'identity needed for the warrant'], operator);
  const disclosureId = requested.disclosure.id;
  json(['disclosure', 'decide', disclosureId, 'approve', '--note', 'covered by the order'], officer);
  const core = json(['disclosure', 'core-data', disclosureId, '--case', 'ST 12/26'], operator);
  assert.equal(core.coreData.name, 'George Walker Bush');
  const verified = json(['verify', probe, '--disclosure', disclosureId, ...case_], operator);
  assert.equal(verified.decision, 'match');
});
