/**
 * Numeric kernels of the Gaussian mixture (internal). Data are row-major Float64Arrays (n×d);
 * responsibilities n×k. Everything is in log space; no allocation per observation.
 *
 * Log-density of component c at x: log wₖ − ½(d log 2π + log|Σ_c|) − ½‖W_c (x − μ_c)‖², with
 * W_c = L_c⁻¹ the inverse Cholesky factor (precomputed once per iteration, lower-triangular, so the
 * quadratic form costs d(d+1)/2 multiply-adds with independent row sums).
 *
 * One pass per EM iteration: the E-step accumulates, next to the responsibilities, the weighted
 * moments about the current means μ_c (the shift): N_c = Σ wᵢ rᵢc, S1_c = Σ wᵢ rᵢc (xᵢ − μ_c),
 * S2_c = Σ wᵢ rᵢc (xᵢ − μ_c)(xᵢ − μ_c)ᵀ. The M-step then needs no data: δ = S1/N, μ' = μ + δ,
 * Σ' = S2/N − δδᵀ. The shift by the current means keeps δ small relative to the spread (δ → 0 at
 * convergence), so this is as accurate as the two-pass formula scikit-learn uses.
 *
 * **Blocking (full and tied, d ≠ 2).** Per point the work is k·d(d+1)/2 multiply-adds for the
 * quadratic forms and as many again for S2. Done point by point, each S2 update is a load and a
 * store of s2 and each quadratic form a chain of dependent additions, and V8 (scalar code, no SIMD)
 * runs at a fraction of the machine's speed. So the E-step takes the rows in blocks of
 * {@link BLOCK}, transposed to dimension-major (d×B) buffers allocated once per fit (`scratch`), and
 * works component by component on a block: the quadratic forms eight points at a time (each W_c[a, b]
 * loaded once for eight independent running sums in registers), and S2_c[a, b] += Σᵢ vᵢ D[a, i] D[b, i]
 * as dot products over the block accumulated in registers (four columns b at a time sharing the loads
 * of vᵢ D[a, i]), so s2 is touched once per block, not once per point. Only the summation order
 * changes (results agree with the point-by-point loop to rounding). For tied covariances the work
 * shared by the components is done once (see `eStepTied`: quadratic forms as ‖Wy − Wν_c‖², moments by
 * the parallel-axis identity; agreement with the point-by-point loop ~1e-13 relative), in about half
 * the time of the full kernel. d = 2 keeps its unrolled point-by-point loop.
 *
 * **Blocking (diag and spherical, every d).** Only d multiply-adds per component and point, but the
 * point-by-point loop still spent most of its time on a load and a store of s1/s2 per multiply-add
 * and on dependent additions. `eStepDiagSpherical` takes the same blocks of {@link BLOCK} rows
 * (read in place, row-major: these loops have no inner dot product that a transposed copy would
 * make contiguous): quadratic forms eight points at a time in registers, and per component S1, S2
 * as sums over the block with four dimensions at a time sharing each load of the weight vᵢ.
 * Spherical keeps each ‖x − μ_c‖² of the quadratic forms for S2_c. The forms stay in shifted form
 * (x − μ)/σ, as cheap here as scikit-learn's expanded form and free of its cancellation, so results
 * agree with the point-by-point loop to rounding. With the exponentials below, a diag or spherical
 * iteration takes less than half the time of the point-by-point loop (n = 10⁵, d = 10, k = 8).
 *
 * **Normalisation.** The k exponentials per point of the log-sum-exp use {@link expNonPositive}, a
 * table-driven eˣ for x ≤ 0 (relative error < 1.5·2⁻⁵², about twice as fast as Math.exp, which is
 * a call into C++): with the moments blocked, Math.exp had become a quarter of the diag/spherical
 * E-step.
 *
 * **WebAssembly SIMD.** Where the engine supports WebAssembly with 128-bit SIMD (Node 20, every
 * current browser), the blocked loops of the full, tied, diag and spherical kernels (d ≠ 2) and
 * their normalisation run as hand-written f64x2 WebAssembly (wasm/kernels.wat, assembled from npm's
 * wabt by scripts/build-wasm.mjs into wasm/bytes.ts, instantiated synchronously on first use, once
 * per thread; wasm/instance.ts). Each lane is one of the JavaScript loop's independent running sums
 * and no fused multiply-add is used, so the two compute the same operations in the same order and
 * the results are bit-identical (lib/test/mixture/wasm.test.ts): which one ran never changes a fit.
 * The JavaScript loops remain the fallback (no WebAssembly, no SIMD, synchronous compilation
 * refused) and can be forced with `MLEM_WASM=0`. Two lanes per instruction and no bounds checks
 * make an iteration 2.0× (diag, spherical) to 3.4× (full) faster at n = 10⁵, d = 10, k = 8
 * (scripts/bench/gmm.mjs, with and without MLEM_WASM=0; figures in the README).
 *
 * **Files.** This file holds the E-step entry (eStepKernel, which asks the covariance type's
 * strategy, covariance/strategy.ts, for its kernel) and the statistics' allocation; the M-step is
 * m-step.ts (covariances by the strategies), scoring and the ELBO score.ts. The E-step kernels live
 * one per covariance-type kernel: kernel-full.ts (full, d ≠ 2), kernel-tied.ts (tied, d ≠ 2),
 * kernel-2d.ts (full and tied, d = 2), kernel-diagonal.ts (diag and spherical), on the shared
 * primitives of kernel-primitives.ts. Each hot loop stays monomorphic: the dispatch happens once
 * per E-step, never per point.
 * @module
 * @internal
 */
import { covarianceStrategy } from "./covariance/strategy.js";
import type { CovarianceType, GmmParams } from "./covariance/types.js";
import type { GmmStats } from "./kernel-primitives.js";

/** @internal */
export function allocStats(n: number, d: number, k: number, type: CovarianceType): GmmStats {
  const strategy = covarianceStrategy(type);
  const scratch = strategy.scratchLength(d, k);
  return {
    resp: new Float64Array(n * k),
    logDens: new Float64Array(n),
    nk: new Float64Array(k),
    s1: new Float64Array(k * d),
    s2: new Float64Array(strategy.covLength(d, k)),
    shift: new Float64Array(k * d),
    scratch: scratch > 0 ? new Float64Array(scratch) : undefined,
  };
}

/**
 * The E-step: responsibilities, per-point log mixture densities, the moments of {@link GmmStats}
 * and the (weighted) total log-likelihood, in one pass over X.
 * The kernels it dispatches to (kernel-full.ts, kernel-tied.ts, kernel-2d.ts, kernel-diagonal.ts)
 * are its hot loops written out (no per-point calls) for speed: they compute what logProbRow +
 * normalizeRow + accumulateRow compute, up to the order of summation.
 * @internal
 */
export function eStepKernel(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  type: CovarianceType,
  p: GmmParams,
  w: Float64Array | null,
  s: GmmStats,
): number {
  s.shift.set(p.means);
  s.nk.fill(0);
  s.s1.fill(0);
  s.s2.fill(0);
  return covarianceStrategy(type).eStep(X, n, d, k, p, w, s);
}

/** Length of the compact covariance array. @internal */
export function s2Length(type: CovarianceType, d: number, k: number): number {
  return covarianceStrategy(type).covLength(d, k);
}
