/**
 * The Weibull distribution with shape k and scale λ.
 * @module
 */
import { DomainError } from "../core/errors.js";
import type { Rng } from "../core/rng.js";
import { lgamma } from "../core/special.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import {
  checkPoint,
  degenerate,
  findRoot,
  fitData,
  fromScaledObservedInformation,
  type NumericFitOptions,
  numericOptions,
  range,
} from "./internal.js";
import { ContinuousDistribution, type FitResult } from "./types.js";

/**
 * Parameters of {@link Weibull}.
 * @example
 * const { shape, scale }: WeibullParams = Weibull.fit([1.3, 0.4, 2.2]).params;
 */
export type WeibullParams = {
  /** Shape k > 0. */
  shape: number;
  /** Scale λ > 0. */
  scale: number;
};

/**
 * Weibull distribution on x ≥ 0: f(x) = (k/λ)(x/λ)^{k−1} exp(−(x/λ)^k).
 * (scipy: `weibull_min(c = k, scale = λ)`; R: `dweibull(shape = k, scale = λ)`.)
 * @example
 * new Weibull(1, 2).mean; // → 2 — k = 1 is the exponential
 * Weibull.fit([735, 320, 325, 392, 524, 450]).params.shape;
 */
export class Weibull extends ContinuousDistribution {
  readonly family = "Weibull";
  /** Shape k. */
  readonly shape: number;
  /** Scale λ. */
  readonly scale: number;

  /**
   * @param shape k > 0
   * @param scale λ > 0 (default 1)
   */
  constructor(shape: number, scale = 1) {
    super();
    assertNumber(shape, "Weibull", "shape", { gt: 0 });
    assertNumber(scale, "Weibull", "scale", { gt: 0 });
    this.shape = shape;
    this.scale = scale;
  }

  /** λ Γ(1 + 1/k). */
  get mean(): number {
    return this.scale * Math.exp(lgamma(1 + 1 / this.shape));
  }

  /** λ² (Γ(1 + 2/k) − Γ(1 + 1/k)²). */
  get variance(): number {
    const g1 = Math.exp(lgamma(1 + 1 / this.shape));
    return this.scale * this.scale * (Math.exp(lgamma(1 + 2 / this.shape)) - g1 * g1);
  }

  protected lpdf(x: number): number {
    if (!(x >= 0) || x === Infinity) return -Infinity;
    const k = this.shape;
    if (x === 0) return k < 1 ? Infinity : k === 1 ? -Math.log(this.scale) : -Infinity;
    // On the log scale so that x/λ cannot overflow to Infinity (Infinity − Infinity).
    const lz = Math.log(x) - Math.log(this.scale);
    return Math.log(k / this.scale) + (k - 1) * lz - Math.exp(k * lz);
  }

  protected draw(rng: Rng): number {
    return this.scale * Math.pow(-Math.log(rng.uniformOpen()), 1 / this.shape);
  }

  /**
   * P(X ≤ x) = 1 − exp(−(x/λ)^k).
   * @example
   * new Weibull(2, 1).cdf(1); // → 1 - exp(-1)
   */
  cdf(x: number): number {
    x = checkPoint(x, `${this.family}.cdf`);
    return x <= 0 ? 0 : -Math.expm1(-Math.pow(x / this.scale, this.shape));
  }

  /**
   * Maximum-likelihood fit. For fixed k the scale is λ(k) = (Σx^k/n)^{1/k}; the shape solves the
   * profile equation Σ x^k log x / Σ x^k − 1/k − mean(log x) = 0 (increasing in k), by
   * safeguarded Newton on log k from the Gumbel-moment start k₀ = π / (√6 · sd(log x)). The sums
   * are computed on log x − max log x so x^k never overflows. Standard errors from the analytic
   * observed information in (k, λ).
   * @param data positive numbers, not all equal
   * @param options maxIter (default 200), tol (relative tolerance on k, default 1e-12)
   * @example
   * const fit = Weibull.fit([1.3, 0.4, 2.2, 0.9, 1.7]);
   * fit.params.scale; fit.standardErrors.shape;
   */
  static fit(data: ArrayLike<number>, options?: NumericFitOptions): FitResult<WeibullParams, Weibull> {
    const fn = "Weibull.fit";
    checkOptions(options, ["maxIter", "tol"], fn);
    const { maxIter, tol } = numericOptions(options, fn);
    const x = fitData(data, fn, {
      test: (v) => v > 0,
      condition: "> 0",
      hint: "Weibull.fit needs positive data (log x enters the likelihood equations); remove or adjust zeros.",
    });
    const n = x.length;
    const [lo, hi] = range(x);
    if (lo === hi) {
      degenerate(fn, "Weibull", x, "the likelihood increases for ever as shape → ∞ with the scale at the common value.");
    }
    const logMax = Math.log(hi);
    const t = new Float64Array(n);
    let meanT = 0;
    for (let i = 0; i < n; i++) {
      // log(x_i / max): log1p of the relative deviation keeps its digits for concentrated data; far
      // below the maximum (where the deviation rounds to −1 and x_i/max may underflow) the
      // difference of logs has no cancellation.
      const rel = (x[i] - hi) / hi;
      t[i] = rel > -0.5 ? Math.log1p(rel) : Math.log(x[i]) - logMax;
      meanT += t[i];
    }
    meanT /= n;
    let varT = 0;
    for (let i = 0; i < n; i++) varT += (t[i] - meanT) * (t[i] - meanT);
    varT /= n;
    // Weighted moments of t under weights e^{k t}: (Σw, Σw t, Σw t²).
    const moments = (k: number): [number, number, number] => {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const w = Math.exp(k * t[i]);
        s0 += w;
        s1 += w * t[i];
        s2 += w * t[i] * t[i];
      }
      return [s0, s1, s2];
    };
    const g = (u: number): number => {
      const k = Math.exp(u);
      const [s0, s1] = moments(k);
      return s1 / s0 - 1 / k - meanT;
    };
    const dg = (u: number): number => {
      const k = Math.exp(u);
      const [s0, s1, s2] = moments(k);
      const m1 = s1 / s0;
      return k * (s2 / s0 - m1 * m1 + 1 / (k * k));
    };
    const k0 = Math.PI / Math.sqrt(6 * varT);
    const root = findRoot(g, dg, Math.log(k0), { lower: -700, upper: 700, step: 0.05, tol, maxIter });
    const shape = Math.exp(root.root);
    if (!Number.isFinite(shape)) {
      throw new DomainError(
        `${fn}: the shape estimate is not finite (the profile equation has no root in shape ∈ (e^-700, e^700)); ` +
          "the data span too many orders of magnitude for a Weibull fit. Fit log(x) with another family instead.",
      );
    }
    const [s0] = moments(shape);
    // log(λ / max x), so that log(x_i/λ) = t_i − logRatio needs no difference of two large logs.
    const logRatio = Math.log(s0 / n) / shape;
    const logScale = logMax + logRatio;
    const scale = Math.exp(logScale);
    // Observed information in (k, log λ), where it is free of the data's scale (in (k, λ) it holds
    // 1/λ², which leaves double range for data × 10^±300). With z_i = (x_i/λ)^k, L_i = log(x_i/λ):
    // ∂²ℓ/∂k² = −n/k² − Σz L², ∂²ℓ/∂k∂v = −n + Σz + kΣzL, ∂²ℓ/∂v² = nk − k(k+1)Σz (v = log λ;
    // the score term λ∂ℓ/∂λ vanishes at the MLE).
    let sz = 0;
    let szL = 0;
    let szLL = 0;
    let sumL = 0;
    for (let i = 0; i < n; i++) {
      const L = t[i] - logRatio;
      const z = Math.exp(shape * L);
      sz += z;
      szL += z * L;
      szLL += z * L * L;
      sumL += L;
    }
    const k = shape;
    const hkv = -n + sz + k * szL;
    const H = [-n / (k * k) - szLL, hkv, hkv, n * k - k * (k + 1) * sz];
    const info = fromScaledObservedInformation(H, [1, scale], fn);
    // ℓ = n log(k/λ) + (k − 1) Σ log(x_i/λ) − Σ z_i, in terms of L_i (no nk·log λ terms to cancel).
    const logLikelihood = n * (Math.log(k) - logScale) + (k - 1) * sumL - sz;
    return {
      params: { shape, scale },
      logLikelihood,
      standardErrors: { shape: info.se[0], scale: info.se[1] },
      vcov: info.vcov,
      n,
      iterations: root.iterations,
      converged: root.converged,
      distribution: new Weibull(shape, scale),
      ...(info.message ? { message: info.message } : {}),
    };
  }
}
