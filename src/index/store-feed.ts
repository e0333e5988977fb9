// The store's index change feed for one face model, in the shape PersistentIndex replays.
import type { IndexChangeStore, SampleStore } from '../store/workflow.store.ts';
import type { IndexChange, IndexChangeFeed } from './types.ts';

const PAGE = 1000;

/** Opens a sealed template; undefined when it can no longer be opened (its subject was erased). */
export type TemplateOpener = (t: { sampleId: string; subjectId: string; sealedTemplate: string }) => Promise<Float32Array | undefined>;

export class StoreTemplateFeed implements IndexChangeFeed<Float32Array> {
  constructor(
    private readonly store: { indexChanges: IndexChangeStore; samples: SampleStore },
    private readonly modelId: string,
    private readonly open: TemplateOpener,
  ) {}

  latestSeq(): Promise<number> {
    return this.store.indexChanges.latestSeq();
  }

  async *changesSince(seq: number): AsyncIterable<IndexChange<Float32Array>> {
    let cursor = seq;
    for (;;) {
      const page = await this.store.indexChanges.since(cursor, PAGE);
      if (page.length === 0) return;
      for (const c of page) {
        cursor = c.seq;
        if (c.op === 'remove') {
          yield { seq: c.seq, op: 'remove', id: c.sampleId, gallery: c.galleryId };
          continue;
        }
        const s = await this.store.samples.templateOf(c.sampleId);
        // A sample deleted since (a remove follows) or of another model is not this index's.
        if (!s || s.modelId !== this.modelId) continue;
        const template = await this.open({ sampleId: c.sampleId, subjectId: s.subjectId, sealedTemplate: s.sealedTemplate });
        if (!template) continue;
        yield { seq: c.seq, op: 'add', id: c.sampleId, gallery: c.galleryId, value: template };
      }
      if (page.length < PAGE) return;
    }
  }
}
