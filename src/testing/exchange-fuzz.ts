// Mutations of exchange documents for the fuzz test and bench: truncation, wrong lengths, missing
// separators, sizes far beyond the file, unknown record types, deep nesting and random bytes.
// Every mutation must either read or fail with a coded error.
import { isAbgError } from '../domain/errors.ts';
import { ansiNistFormat } from '../interop/ansi-nist.ts';
import { isoFaceFormat } from '../interop/iso-19794-5.ts';
import { rng } from './synthetic-vectors.ts';

const enc = new TextEncoder();

function splice(b: Uint8Array, at: number, count: number, insert: Uint8Array): Uint8Array {
  const remove = Math.min(count, b.length - at);
  const out = new Uint8Array(b.length - remove + insert.length);
  out.set(b.subarray(0, at));
  out.set(insert, at);
  out.set(b.subarray(at + remove), at + insert.length);
  return out;
}

function replaceText(b: Uint8Array, pattern: RegExp, next: string): Uint8Array {
  const head = Buffer.from(b.subarray(0, Math.min(b.length, 4096))).toString('latin1');
  const m = pattern.exec(head);
  return m ? splice(b, m.index, m[0].length, enc.encode(next.replace('$1', m[1] ?? ''))) : b;
}

/** One mutation of `b`, chosen by `r`. */
export function mutate(b: Uint8Array, r: () => number): Uint8Array {
  const at = Math.floor(r() * b.length);
  switch (Math.floor(r() * 9)) {
    case 0: return b.subarray(0, at); // truncation
    case 1: { const c = b.slice(); c[at] = Math.floor(r() * 256); return c; } // a random byte
    case 2: { const t = r() < 0.5 ? '1' : '10'; return replaceText(b, new RegExp(`(^|\u001c)${t}\\.001:\\d+`), `$1${t}.001:${Math.floor(r() * 1e6)}`); } // wrong LEN
    case 3: { const i = b.indexOf(r() < 0.5 ? 0x1d : 0x1c, at); return i < 0 ? b : splice(b, i, 1, new Uint8Array()); } // a missing separator
    case 4: return replaceText(b, /10\.001:\d+/, '10.001:99999999999'); // a size far beyond the file
    case 5: return replaceText(b, /\u001e10\u001f/, `\u001e${[77, 0, 12, 3, 99][Math.floor(r() * 5)]}\u001f`); // an unknown or wrong record type
    case 6: return splice(b, at, 0, enc.encode(`\u001e\u001f`.repeat(1 + Math.floor(r() * 5000)))); // deep nesting of subfields and items
    case 7: { const n = new Uint8Array(1 + Math.floor(r() * 16)); for (let i = 0; i < n.length; i++) n[i] = Math.floor(r() * 256); return splice(b, at, Math.floor(r() * 8), n); }
    default: { const c = b.slice(); if (c.length > 12) { c[8 + Math.floor(r() * 4)] = Math.floor(r() * 256); } return c; } // ISO lengths and counts
  }
}

export interface FuzzResult { cases: number; read: number; refused: number; crashes: number; codes: Record<string, number>; firstCrash?: string }

/** Runs `cases` mutations over the seeds (each mutated 1–3 times) through both face formats. */
export function fuzzExchange(seeds: Uint8Array[], cases: number, seed = 1, until = Infinity): FuzzResult {
  const r = rng(seed);
  const result: FuzzResult = { cases: 0, read: 0, refused: 0, crashes: 0, codes: {} };
  for (let i = 0; i < cases && Date.now() < until; i++) {
    let b = seeds[i % seeds.length]!;
    for (let k = 1 + Math.floor(r() * 3); k > 0; k--) b = mutate(b, r);
    const format = b[0] === 0x46 ? isoFaceFormat : ansiNistFormat;
    result.cases++;
    try {
      format.parse(b);
      result.read++;
    } catch (e) {
      if (isAbgError(e)) { result.refused++; result.codes[e.code] = (result.codes[e.code] ?? 0) + 1; } else {
        result.crashes++;
        result.firstCrash ??= e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      }
    }
  }
  return result;
}
