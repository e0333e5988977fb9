// VICS 2.0 (Project VIC data model) JSON: `{ value: [ { Media: [ { MediaID, MD5, SHA1,
// Category, ... } ] } ] }`. Malformed Media entries are reported one by one; the rest imports.
// An audio fingerprint travels in the custom field AudioFingerprint ("<seconds>:<base64>", docs/audio.md).
import { fail } from '../domain/errors.ts';
import type { HashRecord, ParsedHashList, RowError } from '../services/ports/hashset-formats.ts';
import { utf8Bytes, utf8Text, hasExtension, type ExchangeFormat } from './exchange-format.ts';
import { checkAudio, checkHash, formatAudio } from './hash-record.ts';

type Json = Record<string, unknown>;

function mediaList(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object') {
    const d = doc as Json;
    if (Array.isArray(d.Media)) return d.Media;
    if (Array.isArray(d.value)) return d.value.flatMap((c) => (c && typeof c === 'object' && Array.isArray((c as Json).Media) ? ((c as Json).Media as unknown[]) : []));
  }
  fail('ABG_ERR_VALIDATION', 'Not a VICS document: expected { value: [ { Media: [...] } ] }.');
}

/** Parses a VICS 2.0 JSON document into hash records plus one error per malformed Media entry. */
export function parseVics(text: string): ParsedHashList {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch (e) { fail('ABG_ERR_MALFORMED_JSON', e instanceof Error ? e.message.slice(0, 200) : undefined); }
  const records: HashRecord[] = [];
  const errors: RowError[] = [];
  mediaList(doc).forEach((m, row) => {
    if (!m || typeof m !== 'object') return errors.push({ row, reason: 'Media entry is not an object' });
    const media = m as Json;
    const md5 = checkHash('md5', media.MD5);
    const sha1 = checkHash('sha1', media.SHA1);
    const sha256 = checkHash('sha256', media.SHA256);
    const audio = checkAudio(media.AudioFingerprint);
    const bad = [md5, sha1, sha256, audio].find((h) => h.error);
    if (bad) return errors.push({ row, reason: bad.error! });
    if (!md5.value && !sha1.value && !sha256.value && !audio.value) return errors.push({ row, reason: 'no MD5, SHA1, SHA256 or AudioFingerprint' });
    const category = media.Category;
    if (category === undefined || category === null || !(typeof category === 'number' || typeof category === 'string')) return errors.push({ row, reason: 'Category missing' });
    const rec: HashRecord = { category: String(category) };
    if (md5.value) rec.md5 = md5.value;
    if (sha1.value) rec.sha1 = sha1.value;
    if (sha256.value) rec.sha256 = sha256.value;
    if (audio.value) rec.audio = audio.value;
    if (media.MediaID !== undefined) rec.sourceId = String(media.MediaID);
    if (typeof media.Name === 'string') rec.name = media.Name;
    records.push(rec);
  });
  return { records, errors };
}

/** Writes hash records as a VICS 2.0 document with one case holding all Media. */
export function toVics(records: readonly HashRecord[]): string {
  const media = records.map((r, i) => {
    const m: Json = { MediaID: r.sourceId !== undefined && /^\d+$/.test(r.sourceId) ? Number(r.sourceId) : i + 1, Category: /^\d+$/.test(r.category) ? Number(r.category) : r.category };
    if (r.md5) m.MD5 = r.md5.toUpperCase();
    if (r.sha1) m.SHA1 = r.sha1.toUpperCase();
    if (r.sha256) m.SHA256 = r.sha256.toUpperCase();
    if (r.audio) m.AudioFingerprint = formatAudio(r.audio);
    if (r.name) m.Name = r.name;
    return m;
  });
  return JSON.stringify({ 'odata.metadata': 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/CUSTOM/$metadata#Cases', value: [{ Media: media }] }, null, 2);
}

const EXTENSIONS = ['.json'] as const;

export const vicsFormat = {
  id: 'vics',
  description: 'VICS 2.0 (Project VIC data model) JSON',
  mediaType: 'application/json',
  extensions: EXTENSIONS,
  recordKind: 'hash-set-entry',
  detect: (bytes, fileName) => (fileName !== undefined ? hasExtension(fileName, EXTENSIONS) : /^\uFEFF?\s*[[{]/.test(utf8Text(bytes.subarray(0, 64)))),
  parse: (bytes) => parseVics(utf8Text(bytes)),
  write: (records) => utf8Bytes(toVics(records)),
} as const satisfies ExchangeFormat<'hash-set-entry', 'vics'>;
