// EvidenceSignals over the registered signal types: what objection evidence and checks are hashed with.
import { AbgError, fail } from '../domain/errors.ts';
import type { AudioFingerprintValue } from '../domain/media.ts';
import { sniffAudioContainer } from '../media/audio.ts';
import { decodeImagePixels } from '../media/decode.ts';
import { withTempFile } from '../media/temp-file.ts';
import { sniffVideoContainer } from '../media/video.ts';
import { audioFromFile, audioSignal, audioUsable, encodeAudioItems } from './audio/index.ts';
import type { EvidenceHashKind, FileSignals, EvidenceSignals, PdqHash } from '../services/ports/evidence-signals.ts';
import { md5Signal } from './md5/index.ts';
import { pdqDihedralFromRgb, pdqFromRgb, pdqSignal } from './pdq/index.ts';
import { sha256Signal } from './sha256/index.ts';

const byKind = { sha256: sha256Signal, md5: md5Signal } as const;

const recording = (bytes: Uint8Array): Promise<AudioFingerprintValue> => withTempFile('abg-objection-audio-', bytes, async (path) => {
  const a = await audioFromFile(path);
  return { durationSeconds: a.durationSeconds, fingerprint: encodeAudioItems(a.items) };
});

/** `<seconds>:<base64>`, the text form hash lists export (docs/audio.md). */
function givenRecording(text: string): AudioFingerprintValue {
  const at = typeof text === 'string' ? text.indexOf(':') : -1;
  if (at <= 0) fail('ABG_ERR_MALFORMED_HASH', 'An audio fingerprint is given as <seconds>:<base64 of 32-bit sub-fingerprints>.');
  const a = audioSignal.validate({ durationSeconds: Number(text.slice(0, at).trim()), fingerprint: text.slice(at + 1).trim() });
  // A given fingerprint must carry as much to match as one computed from a recording.
  if (!audioUsable(a.items)) fail('ABG_ERR_NO_AUDIO_FINGERPRINT', `${a.items.length} sub-fingerprints, ${new Set(a.items).size} distinct.`);
  return { durationSeconds: a.durationSeconds, fingerprint: encodeAudioItems(a.items) };
}

// Only bytes that look like a recording or a video are fingerprinted; one without usable sound has no audio signal.
async function audioOrNull(bytes: Uint8Array): Promise<AudioFingerprintValue | null> {
  if (!sniffAudioContainer(bytes) && !sniffVideoContainer(bytes)) return null;
  try {
    return await recording(bytes);
  } catch (e) {
    if (e instanceof AbgError && e.code !== 'ABG_ERR_INTERNAL') return null;
    throw e;
  }
}

// Bytes that are not a decodable photo still have digests; only the perceptual stage is skipped.
async function decodeOrNull(bytes: Uint8Array) {
  try {
    return await decodeImagePixels(bytes, { autoOrient: true, alpha: 'ignore' });
  } catch (e) {
    if (e instanceof AbgError && e.code !== 'ABG_ERR_INTERNAL') return null;
    throw e;
  }
}

export const evidenceSignals: EvidenceSignals = {
  async compute(bytes: Uint8Array): Promise<FileSignals> {
    const input = { bytes, contentType: 'file' as const };
    const img = await decodeOrNull(bytes);
    return {
      sha256: await sha256Signal.compute(input),
      md5: await md5Signal.compute(input),
      pdq: img ? pdqFromRgb(img.data, img.width, img.height, img.channels) : null,
      audio: img ? null : await audioOrNull(bytes),
    };
  },
  async pdqVariants(bytes: Uint8Array) {
    const img = await decodeOrNull(bytes);
    return img ? pdqDihedralFromRgb(img.data, img.width, img.height, img.channels) : null;
  },
  recording,
  givenRecording,
  normalise(kind: EvidenceHashKind, value: string): string {
    return kind === 'pdq' ? pdqSignal.validate(value).hash : byKind[kind].validate(value);
  },
  givenHash(kind: EvidenceHashKind, value: string) {
    if (kind !== 'pdq') return { value: byKind[kind].validate(value), variant: null, quality: null };
    // A PDQ hash given without its image covers the image as it was hashed, not its rotations/flips.
    const pdq = pdqSignal.validate(value);
    return { value: pdq.hash, variant: pdqSignal.variantNames[0], quality: pdq.quality };
  },
  comparePdq(a: PdqHash, b: PdqHash) {
    return pdqSignal.compare(a, b);
  },
};
