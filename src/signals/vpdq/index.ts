// The `vpdq` signal type: a PDQ hash per video frame.
import { readFrames, type FrameOptions } from '../../media/video.ts';
import { withTempFile } from '../../media/temp-file.ts';
import { fail } from '../../domain/errors.ts';
import type { SignalType } from '../signal-type.ts';
import { pdqFromPixels } from '../pdq/pdq-core.ts';
import { bitsToHex, normalisePdqHex } from '../pdq/pdq-hash.ts';
import { matchVpdq, type VpdqFrame } from './vpdq-match.ts';

export interface VpdqValue {
  frames: VpdqFrame[];
}

/** Hashes every frame of a video file (frames at native size unless `size` is given). */
export async function vpdqFromFile(path: string, options: FrameOptions = {}): Promise<VpdqValue> {
  const frames: VpdqFrame[] = [];
  for await (const f of readFrames(path, options)) {
    // Frames are hashed at full resolution, as the reference video hasher does (no 512 pre-scale).
    const r = pdqFromPixels(f.data, f.width, f.height, 3, { prescale: false });
    frames.push({ hash: bitsToHex(r.bits), quality: r.quality, timestampSeconds: Math.round(f.timestampSeconds * 1000) / 1000 });
  }
  return { frames };
}

export const vpdqSignal: SignalType<VpdqValue> = {
  name: 'vpdq',
  contentTypes: ['video'],
  indexKind: 'frame-set',
  validate(value: unknown): VpdqValue {
    const frames = (value as { frames?: unknown } | null)?.frames;
    if (!Array.isArray(frames)) fail('ABG_ERR_MALFORMED_HASH', 'A vPDQ value is { frames: [{ hash, quality, timestampSeconds }] }.');
    return {
      frames: frames.map((f: Partial<VpdqFrame>, i) => {
        const q = f?.quality;
        if (typeof q !== 'number' || !Number.isInteger(q) || q < 0 || q > 100) fail('ABG_ERR_MALFORMED_HASH', `Frame ${i}: quality must be 0–100.`);
        const t = f.timestampSeconds;
        if (typeof t !== 'number' || !(t >= 0)) fail('ABG_ERR_MALFORMED_HASH', `Frame ${i}: timestampSeconds must be a number >= 0.`);
        return { hash: normalisePdqHex(f.hash), quality: q, timestampSeconds: t };
      }),
    };
  },
  compute: (input) => (input.path ? vpdqFromFile(input.path) : withTempFile('abg-vpdq-', input.bytes, (path) => vpdqFromFile(path))),
  compare(a, b) {
    const r = matchVpdq(a.frames, b.frames);
    return { distance: 100 - Math.min(r.queryMatchPercent, r.targetMatchPercent), match: r.match };
  },
  examples: [
    {
      value: { frames: [{ hash: 'e271017837246aaccddea259648fb7d62f435c89d9e99b2497763e216c8d055c', quality: 100, timestampSeconds: 0 }] },
      same: { frames: [{ hash: 'c0f11178372c6aaccddea259648fbfd62f434c89c9e99b249772be216c8d055c', quality: 100, timestampSeconds: 0 }] },
      other: { frames: [{ hash: '1d8efe87c8db955332215da69b70482d0bcac37626166db4688941de93723aa3', quality: 100, timestampSeconds: 0 }] },
    },
  ],
};
