import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmkFromVideo } from './tmk-compute.ts';
import { parseTmk } from './tmk-file.ts';
import { tmkLevel1, tmkLevel2 } from './tmk-score.ts';

const dir = new URL('../../../../shared/data/tmk/', import.meta.url);
const noFfmpeg = spawnSync('ffmpeg', ['-version']).error !== undefined;
const skip = !existsSync(new URL('videos/chair-19-sd-bar.mp4', dir)) ? 'shared data not found: ../shared/data/tmk' : noFfmpeg ? 'ffmpeg is not installed' : false;

test('TMK computed from the video scores as a near-exact copy of the reference .tmk, and not of another video', { skip }, async () => {
  const ours = await tmkFromVideo(new URL('videos/chair-19-sd-bar.mp4', dir).pathname);
  const same = parseTmk(readFileSync(new URL('hashes/chair-19-sd-bar.tmk', dir)));
  const other = parseTmk(readFileSync(new URL('hashes/pattern-sd-grey-bar.tmk', dir)));
  assert.ok(Math.abs(ours.frameFeatureCount - same.frameFeatureCount) <= 3, `${ours.frameFeatureCount} vs ${same.frameFeatureCount} frames`);
  assert.ok(tmkLevel1(ours, same) > 0.999 && tmkLevel2(ours, same) > 0.999, `${tmkLevel1(ours, same)} ${tmkLevel2(ours, same)}`);
  assert.ok(tmkLevel1(ours, other) < 0.7, `different video level 1 ${tmkLevel1(ours, other)}`);
});
