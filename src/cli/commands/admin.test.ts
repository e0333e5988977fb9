// `abgleich agency update` through a real process: what settles a split between examiners.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../bin/abgleich.js', import.meta.url));
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ABGLEICH_LOG_LEVEL: 'silent', ...env }, timeout: 60_000 });

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
