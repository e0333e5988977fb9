// Admin commands through real processes: what settles a split between examiners, the declared
// reliability on gallery create and update, and the coded refusals of bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { faceModels } from '../../signals/face/models.ts';
import { startServerProcess, type ServerProcess } from '../../testing/server-process.ts';

let server: ServerProcess;
before(async () => {
  server = await startServerProcess({ agency: 'LKA', admin: 'alice' });
});
after(() => server?.stop());

test('abgleich gallery create/update set the declared reliability; sample provenance refuses bad input', () => {
  const run = (...args: string[]) => server.cli([...args, '--json']);
  const face = ['--kind', 'face', '--legal-basis', 'BKAG §16', '--purposes', 'criminal-investigation', '--model', faceModels()[0]!.id];

  const created = run('gallery', 'create', 'Mugshots', ...face, '--required-fpir', '0.01');
  assert.equal(created.status, 0, created.stderr);
  const g = JSON.parse(created.stdout);
  assert.equal(g.requiredFpir, 0.01);
  assert.equal(JSON.parse(run('gallery', 'create', 'Default', ...face).stdout).requiredFpir, null, 'default: none declared');
  for (const bad of ['2', 'abc']) {
    const r = run('gallery', 'create', `Bad ${bad}`, ...face, '--required-fpir', bad);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /ABG_ERR_VALIDATION.*required-?[Ff]pir/);
  }

  const cleared = run('gallery', 'update', g.id, '--required-fpir', 'none');
  assert.equal(cleared.status, 0, cleared.stderr);
  assert.equal(JSON.parse(cleared.stdout).requiredFpir, null);
  const set = run('gallery', 'update', g.id, '--required-fpir', '0.05', '--max-candidates', '7');
  assert.deepEqual([JSON.parse(set.stdout).requiredFpir, JSON.parse(set.stdout).maxCandidates], [0.05, 7]);
  assert.match(run('gallery', 'update', g.id).stderr, /ABG_ERR_VALIDATION/);
  assert.match(run('gallery', 'update', 'no-such-gallery', '--required-fpir', '0.1').stderr, /ABG_ERR_NOT_FOUND/);

  assert.match(run('subject', 'samples', 'no-such-subject').stderr, /ABG_ERR_NOT_FOUND/);
  assert.match(run('sample', 'provenance', 'no-such-sample').stderr, /ABG_ERR_VALIDATION.*Give --source/);
  assert.match(run('sample', 'provenance', 'no-such-sample', '--source', 'scan').stderr, /ABG_ERR_NOT_FOUND/);
});

test('agency update sets onDisagreement for the own agency; an unknown rule is refused and changes nothing', () => {
  const cli = (args: string[]) => server.cli(args);
  const [agency] = JSON.parse(cli(['agency', 'list', '--json']).stdout);
  assert.equal(agency.onDisagreement, 'third-examiner', 'a third examiner settles a split by default');

  const bad = cli(['agency', 'update', agency.id, '--on-disagreement', 'coin-toss']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /ABG_ERR_VALIDATION/);
  assert.match(cli(['agency', 'list']).stdout, /third-examiner/);
  const set = cli(['agency', 'update', agency.id, '--on-disagreement', 'inconclusive', '--json']);
  assert.equal(set.status, 0, set.stderr);
  assert.equal(JSON.parse(set.stdout).onDisagreement, 'inconclusive');
  const list = cli(['agency', 'list']);
  assert.match(list.stdout, /onDisagreement/);
  assert.match(list.stdout, /inconclusive/);
});
