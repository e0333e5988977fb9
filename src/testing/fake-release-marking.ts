// Release marking for tests that use the fake face engine: its JSON "images" get the marking as a
// `release` field; real images get the real band and metadata.
import { releaseMarking } from '../media/release-marking.ts';
import type { ReleaseMarking } from '../services/ports/release-marking.ts';

function fakeImageOf(bytes: Uint8Array): Record<string, unknown> | null {
  if (bytes[0] !== 0x7b) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

export const fakeAwareReleaseMarking: ReleaseMarking = {
  async mark(image, mark) {
    const fake = fakeImageOf(image);
    if (!fake) return releaseMarking.mark(image, mark);
    return { bytes: new TextEncoder().encode(JSON.stringify({ ...fake, release: mark })), mediaType: 'application/json' };
  },
  read(image) {
    const fake = fakeImageOf(image);
    return fake ? ((fake.release as ReturnType<ReleaseMarking['read']>) ?? null) : releaseMarking.read(image);
  },
};
