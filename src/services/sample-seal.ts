// Sample fields sealed under the subject's data key (file name, template, image), so that
// destroying the key at erasure makes every one of them unreadable.
import type { Store } from '../store/store.ts';
import type { Envelope } from './envelope.ts';

const sealFloats = (envelope: Envelope, key: Buffer, context: string, t: Float32Array) => envelope.seal(key, new Uint8Array(t.buffer, t.byteOffset, t.byteLength), context);

function openFloats(envelope: Envelope, key: Buffer, context: string, sealed: string): Float32Array {
  const b = envelope.open(key, sealed, context);
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Seals a face template under a subject's data key. */
export function sealTemplate(envelope: Envelope, key: Buffer, sampleId: string, template: Float32Array): string {
  return sealFloats(envelope, key, `template:${sampleId}`, template);
}

/** Opens a sealed face template. */
export function openTemplate(envelope: Envelope, key: Buffer, sampleId: string, sealed: string): Float32Array {
  return openFloats(envelope, key, `template:${sampleId}`, sealed);
}

/** Seals a release's copy of a face template under the subject's data key, so erasure destroys it too. */
export function sealReleaseTemplate(envelope: Envelope, key: Buffer, releaseId: string, template: Float32Array): string {
  return sealFloats(envelope, key, `release-template:${releaseId}`, template);
}

/** Opens a release's sealed face template. */
export function openReleaseTemplate(envelope: Envelope, key: Buffer, releaseId: string, sealed: string): Float32Array {
  return openFloats(envelope, key, `release-template:${releaseId}`, sealed);
}

/** Seals a sample's file name (null stays null). */
export function sealFileName(envelope: Envelope, key: Buffer, sampleId: string, fileName: string | null): string | null {
  return fileName === null ? null : envelope.seal(key, Buffer.from(fileName, 'utf8'), `file:${sampleId}`);
}

/** Opens a sealed file name. */
export function openFileName(envelope: Envelope, key: Buffer, sampleId: string, sealed: string | null): string | null {
  return sealed === null ? null : envelope.open(key, sealed, `file:${sampleId}`).toString('utf8');
}

/** The subject's unwrapped data key, or undefined once it was erased. */
export async function subjectKey(store: Pick<Store, 'subjects'>, envelope: Envelope, subjectId: string): Promise<Buffer | undefined> {
  const wrapped = await store.subjects.wrappedKey(subjectId);
  return wrapped ? envelope.unwrap(wrapped, `subject:${subjectId}`) : undefined;
}

/**
 * Opens templates for the face index: undefined when the subject's key is gone (erased) or the
 * template does not open, so an erased sample can never re-enter the index. A master key that
 * unwraps nothing still fails loudly (ABG_ERR_KEY_MISSING).
 */
export function templateOpener(store: Pick<Store, 'subjects'>, envelope: Envelope) {
  return async (t: { sampleId: string; subjectId: string; sealedTemplate: string }): Promise<Float32Array | undefined> => {
    const key = await subjectKey(store, envelope, t.subjectId);
    if (!key) return undefined;
    try {
      return openTemplate(envelope, key, t.sampleId, t.sealedTemplate);
    } catch {
      return undefined;
    }
  };
}

/**
 * Seals the file names and templates that samples written before sealing hold in plaintext, then
 * compacts the store so the plaintext leaves its files; returns how many were sealed. A sample
 * whose subject has no key is left as it is (nothing can seal it) and counted in `keyless`.
 */
export async function sealLegacySamples(store: Pick<Store, 'subjects' | 'samples' | 'compact'>, envelope: Envelope): Promise<{ sealed: number; keyless: number }> {
  let sealed = 0;
  let keyless = 0;
  for (let after: string | null = null; ;) {
    const page = await store.samples.listUnsealed(after, 500);
    for (const s of page) {
      const key = await subjectKey(store, envelope, s.subjectId);
      if (!key) {
        keyless++;
        continue;
      }
      if (await store.samples.seal(s.id, sealFileName(envelope, key, s.id, s.fileName), sealTemplate(envelope, key, s.id, s.template))) sealed++;
    }
    if (page.length < 500) break;
    after = page[page.length - 1]!.id;
  }
  if (sealed > 0) await store.compact();
  return { sealed, keyless };
}
