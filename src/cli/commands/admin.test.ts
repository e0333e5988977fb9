// Admin commands through real processes: what settles a split between examiners, the declared
// reliability on gallery create and update, and the coded refusals of bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faceModels } from '../../signals/face/models.ts';
import { runCli as cli } from '../../testing/cli-process.ts';

test('abgleich gallery create/update set the declared reliability; sample provenance refuses bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-admin-cli-'));
  try {
    const init = cli(['init', '--data', dir, '--agency', 'LKA', '--admin', 'alice', '--json']);
    assert.equal(init.status, 0, init.stderr);
    const env = { ABGLEICH_TOKEN: JSON.parse(init.stdout.trim()).token };
    const run = (...args: string[]) => cli([...args, '--data', dir, '--json'], env);
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
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('agency update sets onDisagreement for the own agency; an unknown rule is refused and changes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-cli-agency-'));
  try {
    const init = cli(['init', '--data', dir, '--json']);
    assert.equal(init.status, 0, init.stderr);
    const { agency, token } = JSON.parse(init.stdout.trim());
    assert.equal(agency.onDisagreement, 'third-examiner', 'a third examiner settles a split by default');
    const env = { ABGLEICH_TOKEN: token };

    const bad = cli(['agency', 'update', agency.id, '--data', dir, '--on-disagreement', 'coin-toss'], env);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /ABG_ERR_VALIDATION/);
    assert.match(cli(['agency', 'list', '--data', dir], env).stdout, /third-examiner/);
    const set = cli(['agency', 'update', agency.id, '--data', dir, '--on-disagreement', 'inconclusive', '--json'], env);
    assert.equal(set.status, 0, set.stderr);
    assert.equal(JSON.parse(set.stdout).onDisagreement, 'inconclusive');
    const list = cli(['agency', 'list', '--data', dir], env);
    assert.match(list.stdout, /onDisagreement/);
    assert.match(list.stdout, /inconclusive/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
