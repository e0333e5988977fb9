// PerceptualMatching over the pdq, vpdq and audio signal types, for triage and objections.
import type { PdqHit, PerceptualMatching } from '../services/ports/perceptual-matching.ts';
import { pdqSignal } from './pdq/index.ts';
import { matchVpdq } from './vpdq/vpdq-match.ts';
import { audioSignal, createAudioIndex, offsetSeconds } from './audio/index.ts';

export const perceptualMatching: PerceptualMatching = {
  pdqQualityFloor: pdqSignal.minQuality,
  pdqUsable: (pdq) => pdqSignal.usable(pdq),
  pdqIndex() {
    const index = pdqSignal.createIndex();
    return {
      get size() {
        return index.size;
      },
      add: (id, hash) => index.add(id, 'pdq', hash),
      async searchVariants(variants) {
        const best = new Map<string, PdqHit>();
        for (let i = 0; i < variants.length; i++) {
          for (const h of await index.searchRadius(variants[i]!, pdqSignal.matchDistance)) {
            const prev = best.get(h.id);
            if (!prev || h.distance < prev.distance) best.set(h.id, { distance: h.distance, variant: pdqSignal.variantNames[i] ?? 'original' });
          }
        }
        return best;
      },
    };
  },
  matchVpdq: (query, target) => matchVpdq(query, target),
  audioIndex() {
    const index = createAudioIndex();
    return {
      get size() {
        return index.size;
      },
      add: (id, audio) => index.add(id, 'audio', audioSignal.validate(audio).items),
      async search(audio) {
        const hits = await index.search(audioSignal.validate(audio).items, audioSignal.matchBer);
        return hits.map((h) => ({ id: h.id, offsetSeconds: offsetSeconds(h.offsetItems), ber: Math.round(h.ber * 1e4) / 1e4 }));
      },
    };
  },
};
