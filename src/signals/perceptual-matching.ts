// PerceptualMatching over the pdq and vpdq signal types, for triage and objections.
import type { PdqHit, PerceptualMatching } from '../services/ports/perceptual-matching.ts';
import { pdqSignal } from './pdq/index.ts';
import { matchVpdq } from './vpdq/vpdq-match.ts';

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
};
