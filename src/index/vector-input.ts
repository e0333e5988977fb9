// Checks and normalises vectors on their way into an index or a query.
import { fail } from '../domain/errors.ts';

/** Returns a unit-length Float32Array copy of `value`, or throws a coded error. */
export function toUnitVector(value: ArrayLike<number>, dimension: number): Float32Array {
  if (value == null || typeof value.length !== 'number') fail('ABG_ERR_INDEX_VALUE', 'Expected an array of numbers.');
  if (value.length !== dimension) {
    fail('ABG_ERR_INDEX_DIMENSION', `Expected ${dimension} dimensions, got ${value.length}.`, { expected: dimension, got: value.length });
  }
  let norm = 0;
  for (let i = 0; i < dimension; i++) {
    const x = value[i]!;
    if (typeof x !== 'number' || !Number.isFinite(x)) fail('ABG_ERR_INDEX_VALUE', `Component ${i} is ${String(x)}.`, { component: i });
    norm += x * x;
  }
  if (!(norm > 0) || !Number.isFinite(norm)) fail('ABG_ERR_INDEX_VALUE', 'The vector has zero (or overflowing) length.');
  const inv = 1 / Math.sqrt(norm);
  const out = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) out[i] = value[i]! * inv;
  return out;
}

/** Checks k: a positive integer. */
export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) fail('ABG_ERR_VALIDATION', `k must be a positive integer, got ${String(k)}.`);
}
