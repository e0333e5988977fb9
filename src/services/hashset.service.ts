// Known-hash sets of an agency: import from VICS 2.0 JSON or CSV (malformed rows reported, the rest
// imported in one transaction with its log entry), export in either format, list.
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import type { HashSet, HashSetEntry } from '../domain/media.ts';
import { authorize } from '../domain/policy.ts';
import type { HashRecord, RowError } from './ports/hashset-formats.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface ImportHashSetInput {
  /** The set to create, or to append to when the agency already has one of this name. */
  name: string;
  source: string;
  categoryScheme: string;
  /** A format name of the exchange-format registry (vics, csv). */
  format: string;
  text: string;
  /** CSV without a category column: the category of every row. */
  defaultCategory?: string;
}

export interface ImportHashSetResult {
  hashSet: HashSet;
  imported: number;
  /** Rows not imported, each with its line (CSV, 1-based) or Media index (VICS, 0-based) and why. */
  errors: RowError[];
  logIndex: number;
}

const toEntry = (r: HashRecord): HashSetEntry => ({
  md5: r.md5 ?? null, sha1: r.sha1 ?? null, sha256: r.sha256 ?? null, pdq: r.pdq ?? null, ...(r.audio ? { audio: r.audio } : {}), category: r.category, name: r.name ?? null, sourceId: r.sourceId ?? null,
});

const toRecord = (e: HashSetEntry): HashRecord => ({
  category: e.category, ...(e.md5 ? { md5: e.md5 } : {}), ...(e.sha1 ? { sha1: e.sha1 } : {}), ...(e.sha256 ? { sha256: e.sha256 } : {}),
  ...(e.pdq ? { pdq: e.pdq } : {}), ...(e.audio ? { audio: e.audio } : {}), ...(e.name ? { name: e.name } : {}), ...(e.sourceId ? { sourceId: e.sourceId } : {}),
});

export class HashSetService {
  constructor(private readonly deps: WorkflowDeps) {}

  /** Parses first (a document-level error or no valid row writes nothing), then stores set, rows and log entry together. */
  async import(actor: Actor, input: ImportHashSetInput): Promise<ImportHashSetResult> {
    authorize(actor, 'hashset.import', { type: 'agency', agencyId: actor.agencyId });
    const name = input.name.trim();
    if (!name || name.length > 200) fail('ABG_ERR_VALIDATION', 'The hash set name must be 1–200 characters.');
    const parsed = this.deps.hashSetFormats.parse(input.format, input.text, input.defaultCategory);
    if (parsed.records.length === 0) {
      fail('ABG_ERR_NO_VALID_ROWS', `${parsed.errors.length} row(s) rejected.`, { rejected: parsed.errors.length, errors: parsed.errors.slice(0, 100) });
    }
    const now = this.deps.now().toISOString();
    const { id, logIndex } = await this.deps.store.transaction(async (tx) => {
      const existing = await tx.hashSets.getByName(actor.agencyId, name);
      const id = existing?.id ?? this.deps.newId();
      if (!existing) await tx.hashSets.insert({ id, agencyId: actor.agencyId, name, source: input.source, categoryScheme: input.categoryScheme, createdAt: now });
      await tx.hashSets.addEntries(id, parsed.records.map(toEntry));
      const logIndex = await this.deps.audit.append({
        action: 'hashset.import', actor, object: { type: 'hash-set', id }, result: { counts: { imported: parsed.records.length, rejected: parsed.errors.length } },
      }, tx);
      return { id, logIndex };
    });
    const hashSet = (await this.deps.store.hashSets.get(id)) ?? fail('ABG_ERR_INTERNAL', 'The imported hash set vanished.');
    return { hashSet, imported: parsed.records.length, errors: parsed.errors, logIndex };
  }

  async list(actor: Actor): Promise<HashSet[]> {
    authorize(actor, 'hashset.read', { type: 'agency', agencyId: actor.agencyId });
    return this.deps.store.hashSets.listByAgency(actor.agencyId);
  }

  /** The whole set as text in a registry format (VICS 2.0 JSON, CSV); logged as an export. */
  async export(actor: Actor, id: string, format: string): Promise<{ hashSet: HashSet; text: string; contentType: string }> {
    const set = await this.deps.store.hashSets.get(id);
    // Another agency's set is reported as absent.
    if (!set || set.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Hash set ${id}.`);
    authorize(actor, 'hashset.read', { type: 'agency', agencyId: set.agencyId });
    const records = (await this.deps.store.hashSets.entries(id)).map(toRecord);
    const { text, mediaType } = this.deps.hashSetFormats.write(format, records);
    await this.deps.store.transaction((tx) => this.deps.audit.append({
      action: 'export', actor, object: { type: 'hash-set', id }, decision: format, result: { counts: { entries: records.length } },
    }, tx));
    return { hashSet: set, text, contentType: mediaType };
  }
}
