// Known-hash lists as CSV (RFC 4180 quoting): a header row naming any of md5, sha1, sha256, pdq,
// audio ("<seconds>:<base64>", docs/audio.md), category, name, id (any case, any order). Malformed rows are reported by line; the rest imports.
// Cells are neutralised against formula injection on export and restored on import (csv-cell.ts).
import { fail } from '../domain/errors.ts';
import type { HashRecord, ParsedHashList, RowError } from '../services/ports/hashset-formats.ts';
import { utf8Bytes, utf8Text, hasExtension, type ExchangeFormat } from './exchange-format.ts';
import { checkAudio, checkHash, formatAudio, HASH_FIELDS } from './hash-record.ts';
import { csvCell, restoreCsvText } from './csv-cell.ts';

/** Splits CSV text into rows of fields, with the 1-based line each row starts on. */
export function parseCsvRows(text: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
  };
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (quoted) {
      if (c === '"' && t[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else { if (c === '\n') line++; field += c; }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && t[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0) endRow();
  return rows;
}

const SIGNAL_COLUMNS = [...HASH_FIELDS, 'audio'] as const;
const COLUMNS = [...SIGNAL_COLUMNS, 'category', 'name', 'id'] as const;

/** Parses a hash-list CSV; rows with malformed hashes or no hash are reported, not imported. */
export function parseHashsetCsv(text: string, defaultCategory?: string): ParsedHashList {
  const rows = parseCsvRows(text);
  const header = rows.shift();
  if (!header) fail('ABG_ERR_VALIDATION', 'The CSV is empty.');
  const index = new Map<string, number>();
  header.fields.forEach((h, i) => { const k = h.trim().toLowerCase(); if ((COLUMNS as readonly string[]).includes(k)) index.set(k, i); });
  if (!SIGNAL_COLUMNS.some((f) => index.has(f))) fail('ABG_ERR_VALIDATION', `The header names no hash column; expected some of ${SIGNAL_COLUMNS.join(', ')}.`);
  if (!index.has('category') && defaultCategory === undefined) fail('ABG_ERR_VALIDATION', 'The header has no category column and no default category was given.');
  const records: HashRecord[] = [];
  const errors: RowError[] = [];
  for (const { line, fields } of rows) {
    if (fields.length !== header.fields.length) { errors.push({ row: line, reason: `${fields.length} fields, header has ${header.fields.length}` }); continue; }
    const get = (k: string) => (index.has(k) ? restoreCsvText(fields[index.get(k)!]!.trim()) : undefined);
    const rec: HashRecord = { category: get('category') || defaultCategory || '' };
    let reason: string | undefined;
    for (const f of HASH_FIELDS) {
      const h = checkHash(f, get(f));
      if (h.error) { reason = h.error; break; }
      if (h.value) rec[f] = h.value;
    }
    const audio = checkAudio(get('audio'));
    if (!reason && audio.error) reason = audio.error;
    if (audio.value) rec.audio = audio.value;
    if (!reason && !HASH_FIELDS.some((f) => rec[f]) && !rec.audio) reason = 'no hash value';
    if (!reason && !rec.category) reason = 'category missing';
    if (reason) { errors.push({ row: line, reason }); continue; }
    const name = get('name');
    const id = get('id');
    if (name) rec.name = name;
    if (id) rec.sourceId = id;
    records.push(rec);
  }
  return { records, errors };
}

/** Writes hash records as CSV with the columns md5,sha1,sha256,pdq,audio,category,name,id; formula cells neutralised. */
export function toHashsetCsv(records: readonly HashRecord[]): string {
  const lines = [COLUMNS.join(',')];
  for (const r of records) lines.push([r.md5, r.sha1, r.sha256, r.pdq, r.audio && formatAudio(r.audio), r.category, r.name, r.sourceId].map((v) => csvCell(v ?? '')).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const EXTENSIONS = ['.csv'] as const;

/** Whether the first row names a hash column. */
function headerNamesHash(text: string): boolean {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!;
  return parseCsvRows(firstLine)[0]?.fields.some((f) => (SIGNAL_COLUMNS as readonly string[]).includes(f.trim().toLowerCase())) ?? false;
}

export const csvHashSetFormat = {
  id: 'csv',
  description: 'CSV (RFC 4180) with a header naming md5, sha1, sha256, pdq, audio, category, name, id',
  mediaType: 'text/csv',
  extensions: EXTENSIONS,
  recordKind: 'hash-set-entry',
  detect: (bytes, fileName) => (fileName !== undefined ? hasExtension(fileName, EXTENSIONS) : headerNamesHash(utf8Text(bytes.subarray(0, 4096)))),
  parse: (bytes, defaults) => parseHashsetCsv(utf8Text(bytes), defaults?.category),
  write: (records) => utf8Bytes(toHashsetCsv(records)),
} as const satisfies ExchangeFormat<'hash-set-entry', 'csv'>;
