/**
 * Initialisation of Gaussian mixtures (internal): seeded k-means++ seeding (Arthur & Vassilvitskii
 * 2007) followed by Lloyd's k-means, or k random observations as centres; the hard labels then give
 * the initial parameters by one M-step (scikit-learn's procedure).
 *
 * Written here rather than taken from ml-kmeans because ml-kmeans draws from its own generator (a
 * numeric seed, not our {@link Rng}), works on number[][] rows (slow for 10⁶ points), and its k-means++
 * divides by the total squared distance, which is 0 when the points are all duplicates.
 * @module
 * @internal
 */
import type { Rng } from "../core/rng.js";
import { accumulateRow, type GmmStats } from "./kernel-primitives.js";
import type { CovarianceType } from "./options.js";

function nearest(X: Float64Array, i: number, d: number, centers: Float64Array, k: number): { c: number; dist: number } {
  let best = 0;
  let bestDist = Infinity;
  const xo = i * d;
  for (let c = 0; c < k; c++) {
    let s = 0;
    const co = c * d;
    for (let a = 0; a < d; a++) {
      const t = X[xo + a] - centers[co + a];
      s += t * t;
    }
    if (s < bestDist) {
      bestDist = s;
      best = c;
    }
  }
  return { c: best, dist: bestDist };
}

/** Index drawn with probability ∝ p[i] (p ≥ 0, total > 0), by one scan. */
function drawProportional(p: Float64Array, total: number, rng: Rng): number {
  let u = rng.uniform() * total;
  let last = -1;
  for (let i = 0; i < p.length; i++) {
    if (p[i] > 0) {
      last = i;
      u -= p[i];
      if (u < 0) return i;
    }
  }
  return last;
}

/**
 * k-means++ seeding: the first centre drawn ∝ wᵢ, each next one ∝ wᵢ·D²(xᵢ), D the distance to
 * the nearest centre chosen so far. When every D² is 0 (duplicated points) the next centre is drawn
 * ∝ wᵢ again, so seeding never fails.
 * @internal
 */
export function kmeansPlusPlus(X: Float64Array, n: number, d: number, k: number, w: Float64Array | null, rng: Rng): Float64Array {
  const centers = new Float64Array(k * d);
  const weight = w ?? new Float64Array(n).fill(1);
  let totalW = 0;
  for (let i = 0; i < n; i++) totalW += weight[i];
  const d2 = new Float64Array(n).fill(Infinity);
  const p = new Float64Array(n);
  let idx = drawProportional(weight, totalW, rng);
  for (let c = 0; c < k; c++) {
    centers.set(X.subarray(idx * d, idx * d + d), c * d);
    if (c === k - 1) break;
    let total = 0;
    const co = c * d;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const xo = i * d;
      for (let a = 0; a < d; a++) {
        const t = X[xo + a] - centers[co + a];
        s += t * t;
      }
      if (s < d2[i]) d2[i] = s;
      p[i] = weight[i] * d2[i];
      total += p[i];
    }
    idx = total > 0 && Number.isFinite(total) ? drawProportional(p, total, rng) : drawProportional(weight, totalW, rng);
  }
  return centers;
}

/**
 * k distinct observations (with positive weight) drawn uniformly as centres (partial Fisher–Yates).
 * @internal
 */
export function randomCenters(X: Float64Array, n: number, d: number, k: number, w: Float64Array | null, rng: Rng): Float64Array {
  const pool: number[] = [];
  for (let i = 0; i < n; i++) if (w === null || w[i] > 0) pool.push(i);
  const centers = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    const j = rng.int(c, pool.length - 1);
    const t = pool[c];
    pool[c] = pool[j];
    pool[j] = t;
    centers.set(X.subarray(pool[c] * d, pool[c] * d + d), c * d);
  }
  return centers;
}

/**
 * Lloyd's k-means from `centers` (updated in place) until no label changes, the total squared
 * centre shift of a sweep is ≤ shiftTol (scikit-learn's KMeans rule, with shiftTol = 1e-4 × the mean
 * column variance), or maxIter sweeps. A cluster that loses all its points keeps its centre.
 * Returns the labels of the final centres.
 * @internal
 */
export function lloyd(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  w: Float64Array | null,
  centers: Float64Array,
  maxIter: number,
  shiftTol = 0,
): Int32Array {
  const labels = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let it = 0; it < maxIter; it++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const { c } = nearest(X, i, d, centers, k);
      if (c !== labels[i]) {
        labels[i] = c;
        changed++;
      }
    }
    if (changed === 0 || it === maxIter - 1) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const wi = w === null ? 1 : w[i];
      const c = labels[i];
      counts[c] += wi;
      for (let a = 0; a < d; a++) sums[c * d + a] += wi * X[i * d + a];
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (!(counts[c] > 0)) continue;
      for (let a = 0; a < d; a++) {
        const v = sums[c * d + a] / counts[c];
        shift += (v - centers[c * d + a]) ** 2;
        centers[c * d + a] = v;
      }
    }
    if (shift <= shiftTol) {
      // Relabel against the final centres so labels and centres agree.
      for (let i = 0; i < n; i++) labels[i] = nearest(X, i, d, centers, k).c;
      break;
    }
  }
  return labels;
}

/**
 * Moments of hard clusters, about the given centres, into `s` (the {@link GmmStats} layout), so
 * the ordinary M-step turns labels into parameters. Empty clusters get N = 0. `s.logDens` gets
 * −‖xᵢ − centre‖² as the "fit" of each point (+∞ for zero weight), so an empty cluster is re-seeded
 * at the point farthest from its centre, as after an E-step it would be at the worst-fitted point.
 * @internal
 */
export function hardStats(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  type: CovarianceType,
  labels: Int32Array,
  centers: Float64Array,
  w: Float64Array | null,
  s: GmmStats,
): void {
  s.nk.fill(0);
  s.s1.fill(0);
  s.s2.fill(0);
  s.shift.set(centers);
  const diff = new Float64Array(k * d);
  const sq = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const wi = w === null ? 1 : w[i];
    if (wi === 0) {
      s.logDens[i] = Infinity;
      continue;
    }
    const c = labels[i];
    let q = 0;
    for (let a = 0; a < d; a++) {
      const t = X[i * d + a] - centers[c * d + a];
      diff[c * d + a] = t;
      q += t * t;
    }
    sq[c] = q;
    s.logDens[i] = -q;
    accumulateRow(type, c, d, wi, diff, sq, s);
  }
}
