// One contract suite for every exchange format: write then parse keeps the records, malformed rows
// are reported one by one with the rest parsed, a broken document is a coded error, and detection
// (by file name and by content) picks the format.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isAbgError, type ErrorCode } from '../domain/errors.ts';
import type { ExchangeFormat, ExchangeRecords, RecordKind } from './exchange-format.ts';
import { detectFormat } from './registry.ts';

export interface ExchangeFormatFixtures<K extends RecordKind> {
  /** Valid records as the format's parser returns them (normalised), at least two. */
  records: ExchangeRecords[K][];
  /** A document with good and malformed rows. */
  mixed: { bytes: Uint8Array; records: ExchangeRecords[K][]; badRows: number[] };
  /** Documents that cannot be read at all, with the error code each gives. */
  broken: { bytes: Uint8Array; code: ErrorCode }[];
}

const throwsCode = (code: ErrorCode) => (e: unknown) => isAbgError(e) && e.code === code;

export function describeExchangeFormatContract<K extends RecordKind>(format: ExchangeFormat<K>, fixtures: ExchangeFormatFixtures<K>): void {
  describe(`ExchangeFormat contract: ${format.id}`, () => {
    test('describes itself: id, media type, lower-case extensions with the dot', () => {
      assert.match(format.id, /^[a-z0-9][a-z0-9.-]*$/);
      assert.ok(format.description.length > 0);
      assert.match(format.mediaType, /^[a-z]+\/[a-z0-9.+-]+$/);
      assert.ok(format.extensions.length > 0);
      for (const e of format.extensions) assert.match(e, /^\.[a-z0-9]+$/);
    });

    test('write then parse gives the same records and no errors', () => {
      assert.ok(fixtures.records.length >= 2);
      assert.deepEqual(format.parse(format.write(fixtures.records)), { records: fixtures.records, errors: [] });
      assert.deepEqual(format.parse(format.write([])), { records: [], errors: [] });
    });

    test('each malformed row is reported with a reason; the other rows are parsed', () => {
      const r = format.parse(fixtures.mixed.bytes);
      assert.deepEqual(r.records, fixtures.mixed.records);
      assert.deepEqual(r.errors.map((e) => e.row), fixtures.mixed.badRows);
      for (const e of r.errors) assert.ok(e.reason.length > 0, `row ${e.row} has a reason`);
    });

    test('a document that cannot be read is one coded error', () => {
      assert.ok(fixtures.broken.length > 0);
      for (const b of fixtures.broken) assert.throws(() => format.parse(b.bytes), throwsCode(b.code));
    });

    test('detection picks this format by file name and, without one, by content', () => {
      const doc = format.write(fixtures.records);
      for (const ext of format.extensions) {
        assert.ok(format.detect(doc, `list${ext.toUpperCase()}`), `${ext} in any case`);
        assert.equal(detectFormat(format.recordKind, doc, `dir/list${ext}`)?.id, format.id);
      }
      assert.equal(detectFormat(format.recordKind, doc)?.id, format.id);
      assert.equal(format.detect(doc, 'list.unknown-extension'), false, 'a file name decides on its own');
    });
  });
}
