// The hash-set port over the registry's formats for known-hash lists.
import type { HashSetFormats } from '../services/ports/hashset-formats.ts';
import { utf8Bytes, utf8Text } from './exchange-format.ts';
import { exchangeFormat } from './registry.ts';

export const registryHashSetFormats: HashSetFormats = {
  parse: (format, text, defaultCategory) =>
    exchangeFormat('hash-set-entry', format).parse(utf8Bytes(text), defaultCategory !== undefined ? { category: defaultCategory } : undefined),
  write: (format, records) => {
    const f = exchangeFormat('hash-set-entry', format);
    return { text: utf8Text(f.write(records)), mediaType: f.mediaType };
  },
};
