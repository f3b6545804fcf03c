/**
 * Reading parameters back from a flattened vector (for `EMModel.unflatten`, which SQUAREM's
 * extrapolation needs): each reader takes its slice of the vector, checks it lies in the parameter
 * space, and returns null otherwise, so the engine backs off towards a plain EM step.
 * @internal
 * @module
 */

/**
 * `len` probabilities from `v[offset…]`: null unless every entry is finite and ≥ 0 and the sum is
 * positive; rescaled to sum exactly 1 (the extrapolation preserves the sum only up to rounding).
 * Zeros stay zero, so structural zeros (a left-right transition matrix) survive acceleration.
 * @internal
 */
export function readSimplex(v: ArrayLike<number>, offset: number, len: number): number[] | null {
  let sum = 0;
  for (let i = 0; i < len; i++) {
    const x = v[offset + i];
    if (!(x >= 0) || !Number.isFinite(x)) return null;
    sum += x;
  }
  if (!(sum > 0)) return null;
  const out = new Array<number>(len);
  for (let i = 0; i < len; i++) out[i] = v[offset + i] / sum;
  return out;
}

/**
 * `len` numbers from `v[offset…]`, each finite and > `lower` (strictly), or null.
 * @internal
 */
export function readAbove(v: ArrayLike<number>, offset: number, len: number, lower: number): number[] | null {
  const out = new Array<number>(len);
  for (let i = 0; i < len; i++) {
    const x = v[offset + i];
    if (!(x > lower) || !Number.isFinite(x)) return null;
    out[i] = x;
  }
  return out;
}

/**
 * `len` finite numbers from `v[offset…]`, or null.
 * @internal
 */
export function readFinite(v: ArrayLike<number>, offset: number, len: number): number[] | null {
  return readAbove(v, offset, len, -Infinity);
}
