/**
 * The multivariate-Gaussian parts of Baum–Welch (internal): reading T×D sequences, the default
 * covariance floor, random starts, and the emission M-step, on the Gaussian mixture's per-type
 * covariance code (moments about the current means by `accumulateRow`, the M-step formulas of
 * `mStepKernel`, Cholesky factors by `withFactors`), with the state posteriors γ_t(k) times the
 * sequence weight in the role of the responsibilities.
 *
 * **Covariance floor.** Every eigenvalue of each state covariance is kept ≥ `minVariance` (default
 * 1e-6 × the smallest per-coordinate variance of the data). For full and tied covariances the
 * M-step's weighted covariance S is replaced by U max(Λ, floor) Uᵀ (S = U Λ Uᵀ): by von Neumann's
 * trace inequality the maximiser of Q's term −½N(log|Σ| + tr(Σ⁻¹S)) over {Σ : Σ − floor·I ⪰ 0}
 * shares S's eigenvectors, and in each eigenvalue −log σ − λ/σ is unimodal with its maximum at λ, so
 * clipping is the exact constrained maximiser and ℓ still cannot decrease (unlike adding a constant
 * to the diagonal, scikit-learn's regCovar, whose steps are not EM steps of a fixed objective). For
 * diag and spherical Q separates per variance and the floor is a plain max. With D = 1 this is
 * the univariate `minVariance` floor exactly. Only when S − floor·I fails a Cholesky factorisation
 * (the floor binds) is S eigendecomposed (cyclic Jacobi, {@link symmetricEigen}: D is small, and
 * ml-matrix stays unloaded in Node, see core/ml-matrix-lazy.ts).
 * @module
 * @internal
 */
import { DomainError, NotPositiveDefiniteError } from "../core/errors.js";
import { choleskyLower } from "../core/linalg.js";
import type { Rng } from "../core/rng.js";
import { meanOf, range, rootMeanSquareDeviation } from "../distributions/internal.js";
import { accumulateRow, type GmmStats } from "../mixture/kernel-primitives.js";
import { mStepKernel } from "../mixture/m-step.js";
import { withFactors, type CovarianceType, type GmmParams } from "../mixture/options.js";
import { sequenceLength, type HMMInternal, type MultivariateGaussianEmissions, type ObservationSequence } from "./model.js";

/** Per-coordinate data variances and the data covariance matrix (D×D, row-major), unweighted. */
export function dataSpread(seqs: readonly ObservationSequence[], d: number, fn: string, minVarianceGiven: boolean): { variances: Float64Array; covariance: Float64Array; means: Float64Array } {
  let n = 0;
  for (const s of seqs) n += sequenceLength(s);
  const cols: Float64Array[] = [];
  for (let a = 0; a < d; a++) {
    const col = new Float64Array(n);
    let o = 0;
    for (const s of seqs) {
      const T = sequenceLength(s);
      for (let t = 0; t < T; t++) col[o++] = s.x[t * d + a];
    }
    cols.push(col);
  }
  const means = new Float64Array(d);
  const variances = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    means[a] = meanOf(cols[a]);
    const spread = rootMeanSquareDeviation(cols[a], means[a]);
    variances[a] = spread * spread;
    const [lo, hi] = range(cols[a]);
    if (lo === hi && !minVarianceGiven) {
      throw new DomainError(
        `${fn}: coordinate ${a} of all ${n} observations is equal (${lo}); Gaussian states need spread in every coordinate. ` +
          "Drop that coordinate, or pass minVariance explicitly if you really want to fit this.",
      );
    }
    if (!Number.isFinite(variances[a]) || (!minVarianceGiven && !(variances[a] >= 1e-290))) {
      throw new DomainError(
        `${fn}: coordinate ${a} of the observations has variance ${variances[a]}, which double precision cannot hold as a state variance. ` +
          `Rescale that coordinate first (e.g. divide by ${spread.toExponential(0)}).`,
      );
    }
  }
  const covariance = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += (cols[a][i] - means[a]) * (cols[b][i] - means[b]);
      covariance[a * d + b] = covariance[b * d + a] = a === b ? variances[a] : acc / n;
    }
  }
  return { variances, covariance, means };
}

/**
 * Random starting emissions: K distinct observations (jittered by 1% of each coordinate's standard
 * deviation) as means, the data covariance (in the type's form, plus the floor on the diagonal so a
 * collinear data set still gives a positive-definite start) as every state's covariance.
 */
export function randomMultivariateEmissions(
  seqs: readonly ObservationSequence[],
  k: number,
  d: number,
  covarianceType: CovarianceType,
  spread: { variances: Float64Array; covariance: Float64Array },
  minVariance: number,
  rng: Rng,
): MultivariateGaussianEmissions {
  const rows: Float64Array[] = [];
  for (const s of seqs) for (let t = 0; t < sequenceLength(s); t++) rows.push(s.x.subarray(t * d, (t + 1) * d));
  const idx = rng.permutation(rows.length).slice(0, k);
  const means = idx.map((i) => Array.from(rows[i], (v, a) => v + 0.01 * Math.sqrt(spread.variances[a]) * rng.normal()));
  let meanVariance = 0;
  for (let a = 0; a < d; a++) meanVariance += spread.variances[a] / d;
  const one = (): number[][] =>
    Array.from({ length: d }, (_, a) =>
      Array.from({ length: d }, (_, b) => {
        if (covarianceType === "spherical") return a === b ? Math.max(meanVariance, minVariance) : 0;
        if (covarianceType === "diag") return a === b ? spread.variances[a] + minVariance : 0;
        return spread.covariance[a * d + b] + (a === b ? minVariance : 0);
      }),
    );
  return { type: "gaussian", covarianceType, means, covariances: Array.from({ length: k }, one) };
}

/**
 * Eigendecomposition of a symmetric d×d matrix (row-major) by cyclic Jacobi rotations: returns the
 * eigenvalues λ and the orthogonal U (row-major, column m the eigenvector of λ[m]) with A = U Λ Uᵀ.
 * Sweeps until the off-diagonal mass is below 1e-30 of the total (quadratic convergence: a handful
 * of sweeps for the small D of emission covariances).
 */
export function symmetricEigen(a: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const A = a.slice();
  const U = new Float64Array(d * d);
  for (let i = 0; i < d; i++) U[i * d + i] = 1;
  let total = 0;
  for (let i = 0; i < d * d; i++) total += A[i] * A[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += 2 * A[p * d + q] * A[p * d + q];
    if (!(off > 1e-30 * total)) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = A[p * d + q];
        if (apq === 0) continue;
        // The rotation that zeroes A[p][q] (Golub & Van Loan, Algorithm 8.5.1): t = tan θ, the smaller root.
        const tau = (A[q * d + q] - A[p * d + p]) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = A[k * d + p];
          const akq = A[k * d + q];
          A[k * d + p] = c * akp - s * akq;
          A[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = A[p * d + k];
          const aqk = A[q * d + k];
          A[p * d + k] = c * apk - s * aqk;
          A[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const ukp = U[k * d + p];
          const ukq = U[k * d + q];
          U[k * d + p] = c * ukp - s * ukq;
          U[k * d + q] = s * ukp + c * ukq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = A[i * d + i];
  return { values, vectors: U };
}

/** In place: every eigenvalue of the d×d symmetric matrix at cov[o..] raised to at least `floor` (see the module doc). */
function floorEigenvalues(cov: Float64Array, o: number, d: number, floor: number): void {
  const shifted = new Float64Array(d * d);
  for (let t = 0; t < d * d; t++) shifted[t] = cov[o + t];
  for (let a = 0; a < d; a++) shifted[a * d + a] -= floor;
  if (choleskyLower(shifted, d, new Float64Array(d * d))) return; // every eigenvalue above the floor: nothing to do
  const { values, vectors: U } = symmetricEigen(cov.slice(o, o + d * d), d);
  const lambda = values.map((l) => Math.max(l, floor));
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      let v = 0;
      for (let m = 0; m < d; m++) v += U[a * d + m] * lambda[m] * U[b * d + m];
      cov[o + a * d + b] = cov[o + b * d + a] = v;
    }
  }
}

/**
 * The emission M-step: γ-and-sequence-weighted means and covariances of each state (the mixture's
 * formulas, moments about the current means), the floor applied, factors recomputed. A state with
 * zero expected visits keeps its mean and covariance.
 */
export function multivariateEmissionStep(
  work: readonly ObservationSequence[],
  gammas: readonly Float64Array[],
  weights: Float64Array | null,
  at: HMMInternal,
  minVariance: number,
  fn: string,
): GmmParams {
  const { k, d } = at;
  const type = at.covarianceType as CovarianceType;
  const prev = at.gmm as GmmParams;
  const s2len = type === "full" ? k * d * d : type === "tied" ? d * d : type === "diag" ? k * d : k;
  const stats: GmmStats = {
    resp: new Float64Array(0),
    logDens: new Float64Array(0),
    nk: new Float64Array(k),
    s1: new Float64Array(k * d),
    s2: new Float64Array(s2len),
    shift: prev.means.slice(),
  };
  const diff = new Float64Array(k * d);
  const sq = new Float64Array(k);
  const shift = stats.shift;
  for (let s = 0; s < work.length; s++) {
    const ws = weights === null ? 1 : weights[s];
    if (ws === 0) continue;
    const X = work[s].x;
    const g = gammas[s];
    const T = sequenceLength(work[s]);
    for (let t = 0; t < T; t++) {
      const xo = t * d;
      for (let c = 0; c < k; c++) {
        const rw = ws * g[t * k + c];
        if (rw === 0) continue;
        let q = 0;
        for (let a = 0; a < d; a++) {
          const v = X[xo + a] - shift[c * d + a];
          diff[c * d + a] = v;
          q += v * v;
        }
        sq[c] = q;
        accumulateRow(type, c, d, rw, diff, sq, stats);
      }
    }
  }
  const next = mStepKernel(stats, prev, type, d, k, 0);
  if (type === "full") for (let c = 0; c < k; c++) floorEigenvalues(next.cov, c * d * d, d, minVariance);
  else if (type === "tied") floorEigenvalues(next.cov, 0, d, minVariance);
  else for (let t = 0; t < next.cov.length; t++) next.cov[t] = Math.max(next.cov[t], minVariance);
  const factored = withFactors({ weights: prev.weights, means: next.means, cov: next.cov }, type, k, d);
  if (typeof factored === "number") {
    // Unreachable with a positive floor (every eigenvalue ≥ minVariance > 0); kept as a clear error.
    throw new NotPositiveDefiniteError(`${fn}: state ${factored}'s covariance lost positive-definiteness in the M-step; raise minVariance or rescale the data.`);
  }
  return factored;
}

/** The compact covariances of public emissions (full K·D·D, tied D·D, diag K·D, spherical K), for flatten. */
export function compactCovariances(e: MultivariateGaussianEmissions, k: number, d: number): number[] {
  const out: number[] = [];
  const t = e.covarianceType;
  if (t === "tied") {
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out.push(e.covariances[0][a][b]);
  } else {
    for (let c = 0; c < k; c++) {
      const m = e.covariances[c];
      if (t === "full") for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out.push(m[a][b]);
      else if (t === "diag") for (let a = 0; a < d; a++) out.push(m[a][a]);
      else out.push(m[0][0]);
    }
  }
  return out;
}

/**
 * The inverse of {@link compactCovariances} for SQUAREM: K full D×D matrices, or null unless every
 * entry is finite and every covariance has all eigenvalues ≥ the floor (up to 1e-9 relative of the
 * floor: the clipped ones sit exactly on it).
 */
export function covariancesFromCompact(v: ArrayLike<number>, o: number, type: CovarianceType, k: number, d: number, floor: number): number[][][] | null {
  const per = type === "full" ? d * d : type === "diag" ? d : 1;
  const len = type === "tied" ? d * d : k * per;
  for (let i = 0; i < len; i++) if (!Number.isFinite(v[o + i])) return null;
  const out: number[][][] = [];
  const test = new Float64Array(d * d);
  const L = new Float64Array(d * d);
  for (let c = 0; c < k; c++) {
    const m: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    if (type === "full" || type === "tied") {
      const base = type === "tied" ? o : o + c * d * d;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          // Symmetrised: the extrapolation keeps symmetry only up to rounding.
          const x = 0.5 * (v[base + a * d + b] + v[base + b * d + a]);
          m[a][b] = x;
          test[a * d + b] = x - (a === b ? floor * (1 - 1e-9) : 0);
        }
      }
      if ((type === "full" || c === 0) && !choleskyLower(test, d, L)) return null;
    } else {
      for (let a = 0; a < d; a++) {
        const x = type === "diag" ? v[o + c * d + a] : v[o + c];
        if (!(x >= floor)) return null;
        m[a][a] = x;
      }
    }
    out.push(m);
  }
  return out;
}
