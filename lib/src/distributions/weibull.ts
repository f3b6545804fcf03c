/**
 * The Weibull distribution with shape k and scale λ.
 * @module
 */
import type { Rng } from "../core/rng.js";
import { lgamma } from "../core/special.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import {
  checkPoint,
  degenerate,
  findRoot,
  fitData,
  fromObservedInformation,
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
 * new Weibull(1, 2).mean; // 2 (k = 1 is the exponential)
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
   * new Weibull(2, 1).cdf(1); // 1 - e^{-1}
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
      t[i] = Math.log1p((x[i] - hi) / hi); // log(x_i / max), accurate when the data are concentrated
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
    const [s0] = moments(shape);
    const logScale = logMax + Math.log(s0 / n) / shape;
    const scale = Math.exp(logScale);
    // Observed information with z_i = (x_i/λ)^k and L_i = log(x_i/λ).
    let sz = 0;
    let szL = 0;
    let szLL = 0;
    let sumLog = 0;
    for (let i = 0; i < n; i++) {
      const L = t[i] + logMax - logScale;
      const z = Math.exp(shape * L);
      sz += z;
      szL += z * L;
      szLL += z * L * L;
      sumLog += Math.log(x[i]);
    }
    const k = shape;
    const lam = scale;
    const hkl = -n / lam + sz / lam + (k / lam) * szL;
    const H = [-n / (k * k) - szLL, hkl, hkl, (n * k) / (lam * lam) - ((k * (k + 1)) / (lam * lam)) * sz];
    const info = fromObservedInformation(H, 2, fn);
    const logLikelihood = n * Math.log(k) - n * k * logScale + (k - 1) * sumLog - sz;
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
