// RFC 8785 JSON Canonicalization Scheme (JCS): one byte sequence per JSON value, so that a hash
// over an entry is stable across writers, readers and languages.
import { fail } from '../domain/errors.ts';

/** A JSON value as RFC 8785 accepts it (I-JSON: finite numbers, well-formed strings). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Serialises a JSON value canonically (RFC 8785); throws on values I-JSON does not allow. */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

/** The UTF-8 bytes of the canonical serialisation. */
export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

function serialise(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // RFC 8785 §3.2.2.3: ECMAScript Number serialisation, which JSON.stringify implements
      // (including -0 → "0"); NaN and the infinities are not JSON.
      if (!Number.isFinite(value)) fail('ABG_ERR_VALIDATION', `Canonical JSON: ${path} is not a finite number.`);
      return JSON.stringify(value);
    case 'string':
      return serialiseString(value, path);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((v, i) => serialise(v, `${path}[${i}]`)).join(',')}]`;
      if (!isPlainObject(value)) fail('ABG_ERR_VALIDATION', `Canonical JSON: ${path} is not a plain object.`);
      return serialiseObject(value as Record<string, unknown>, path);
    default:
      return fail('ABG_ERR_VALIDATION', `Canonical JSON: ${path} has type ${typeof value}, which JSON cannot hold.`);
  }
}

function serialiseObject(obj: Record<string, unknown>, path: string): string {
  // RFC 8785 §3.2.3: members sorted by the UTF-16 code units of their names; the default
  // string comparison of Array.prototype.sort is exactly that. Undefined members are omitted,
  // as JSON.parse(JSON.stringify(x)) would.
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  const parts = keys.map((k) => `${serialiseString(k, path)}:${serialise(obj[k], `${path}.${k}`)}`);
  return `{${parts.join(',')}}`;
}

// A lone surrogate would be escaped by JSON.stringify, but I-JSON (RFC 7493) forbids it.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serialiseString(s: string, path: string): string {
  if (loneSurrogate.test(s)) fail('ABG_ERR_VALIDATION', `Canonical JSON: ${path} holds a lone surrogate.`);
  // RFC 8785 §3.2.2.2 prescribes the escaping of ECMAScript JSON.stringify: \b \t \n \f \r \" \\,
  // other controls as \u00xx in lower case, everything else literal.
  return JSON.stringify(s);
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
