/**
 * Parametric-bootstrap spread for the standard-error tests: runs `refit(b)` for b = 0..B−1, each
 * returning the estimates of one bootstrap fit, and returns the sample standard deviation (n − 1)
 * of each estimate across the B fits.
 */
export function bootstrapSds(B: number, refit: (b: number) => number[]): number[] {
  const rows = Array.from({ length: B }, (_, b) => refit(b));
  return rows[0].map((_, j) => {
    const m = rows.reduce((s, r) => s + r[j], 0) / B;
    return Math.sqrt(rows.reduce((s, r) => s + (r[j] - m) ** 2, 0) / (B - 1));
  });
}
