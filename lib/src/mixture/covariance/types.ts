/**
 * The covariance types, the compact parameters and E-step statistics, and the interface of the
 * per-type strategies (internal; a leaf module so that options.ts, the kernels and the strategy
 * modules can all depend on it without an import cycle).
 * @module
 * @internal
 */

/**
 * Covariance structure of the components (scikit-learn's names):
 * - `"full"`: each component its own d×d covariance;
 * - `"tied"`: one d×d covariance shared by all components;
 * - `"diag"`: each component its own diagonal covariance;
 * - `"spherical"`: each component its own σ²·I.
 */
export type CovarianceType = "full" | "diag" | "spherical" | "tied";

/**
 * Internal parameters in compact, row-major form. `cov` layout: full k·d·d, tied d·d, diag k·d,
 * spherical k. `invChol` is the inverse of the Cholesky factor of each covariance (same layout:
 * lower-triangular d×d for full and tied, 1/σ for diag and spherical) and `logDet` the log
 * determinants (length k; repeated for tied), both derived from `cov`.
 * @internal
 */
export interface GmmParams {
  weights: Float64Array;
  means: Float64Array;
  cov: Float64Array;
  invChol: Float64Array;
  logDet: Float64Array;
}

/**
 * Statistics from one E-step (buffers owned by the model and reused between iterations).
 * s2 layout: full k·d·d (lower triangle), tied d·d (lower triangle, summed over components),
 * diag k·d, spherical k (Σ wᵢ rᵢc ‖xᵢ − μ_c‖²).
 * @internal
 */
export interface GmmStats {
  resp: Float64Array;
  logDens: Float64Array;
  nk: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
  /** The means the moments are taken about (the E-step parameters' means). */
  shift: Float64Array;
  /** Work space of the blocked kernels (from allocStats, so once per fit; made on first use if absent). */
  scratch?: Float64Array;
}

/** The raw (unregularised, unfactorised) M-step output, compact layout. @internal */
export interface RawParams {
  weights: Float64Array;
  means: Float64Array;
  cov: Float64Array;
}

/**
 * Everything that depends on the covariance type, one object per type (full.ts, tied.ts, diag.ts,
 * spherical.ts; looked up by strategy.ts), as scikit-learn has one estimator per type. Callers
 * look the strategy up once per call (per E-step, per M-step), never per point; the E-step hot
 * loops stay in the kernel-*.ts files.
 * @internal
 */
export interface CovarianceStrategy {
  readonly type: CovarianceType;
  /** One covariance shared by every component (tied): one factor, logDet repeated. */
  readonly shared: boolean;
  /** Free covariance parameters (as scikit-learn and mclust count them). */
  parameterCount(d: number, k: number): number;
  /** Length of the compact covariance array, and of GmmStats.s2. */
  covLength(d: number, k: number): number;
  /** Entries of one component's block in the compact covariance (0 when shared). */
  perComponent(d: number): number;
  /** Length of GmmStats.scratch the E-step kernel needs (0: none). */
  scratchLength(d: number, k: number): number;
  /** The E-step kernel (eStepKernel has reset the statistics and set the shift). */
  eStep(X: Float64Array, n: number, d: number, k: number, p: GmmParams, w: Float64Array | null, s: GmmStats): number;
  /**
   * The M-step covariances from the statistics into `cov`: S2/N − δδᵀ (+ regCovar on the
   * diagonal), δ = the mean steps (k·d), total = Σ N_c; components with N_c = 0 keep prev's.
   */
  mStepCovariance(s: GmmStats, prev: GmmParams, delta: Float64Array, total: number, d: number, k: number, regCovar: number, cov: Float64Array): void;
  /** Moves raw covariances (about raw.means) to the scatter about `fixedMeans` (before raw.means is replaced). */
  aboutFixedMeans(raw: RawParams, fixedMeans: Float64Array, d: number, k: number): void;
  /** Factorises covariance c into invChol (inverse Cholesky factor, or 1/σ); its log determinant, or null if not positive-definite. */
  factor(cov: Float64Array, invChol: Float64Array, d: number, c: number): number | null;
  /** Adds eps to the diagonal of covariance c (non-positive or non-finite variances replaced by 0 first for diag/spherical). */
  addJitter(cov: Float64Array, d: number, c: number, eps: number): void;
  /** One component's covariance (compact layout) from the data covariance `full` (d×d, mutated), the variances and their mean, plus regCovar. */
  fromDataCovariance(full: Float64Array, dataVar: Float64Array, meanVar: number, regCovar: number, d: number): Float64Array;
  /** Re-seeding component c: its covariance becomes `one` (tied: the shared covariance is left alone). */
  reseedCovariance(cov: Float64Array, one: Float64Array, d: number, c: number): void;
  /** Replacing covariance c (the shared one for tied) by `one`. */
  replaceCovariance(cov: Float64Array, one: Float64Array, d: number, c: number): void;
  /** The conditional variance of coordinate a given the earlier ones, for component c. */
  conditionalVariance(cov: Float64Array, invChol: Float64Array, d: number, c: number, a: number): number;
  /** Adds component c's covariance as a dense d×d matrix to out at offset o (out zero there). */
  denseInto(cov: Float64Array, d: number, c: number, out: Float64Array, o: number): void;
  /** The lower Cholesky factor of component c's covariance into L at offset o (L zero there). */
  choleskyInto(cov: Float64Array, d: number, c: number, L: Float64Array, o: number): void;
  /** s2 (moments about the origin, per observation) that parameters p expect (online EM's start). */
  expectedSecondMoments(p: GmmParams, d: number, k: number, s2: Float64Array): void;
  /** s2 ← keep·s2 + f·(the batch's second moments st, about its shift, moved to the origin). */
  averageSecondMoments(s2: Float64Array, st: GmmStats, keep: number, f: number, d: number, k: number): void;
  /** Adds mass × the conditional covariance C (q×q over the missing coordinates mis) to s2 of component c. */
  addConditionalCovariance(s2: Float64Array, C: Float64Array, mis: ArrayLike<number>, mass: number, d: number, c: number): void;
  /** The free covariance parameters as [component (−1: shared), row, column] (−1, −1: the one variance). */
  freeEntries(d: number, k: number): Array<[number, number, number]>;
}
