/**
 * Parameter transforms for constrained maximum likelihood: optimise an unconstrained "free"
 * vector u ∈ ℝᵐ and map it to the natural parameters θ (positive, in an interval, on a simplex).
 * Each transform knows both directions and the Jacobian ∂θ/∂u, which carries standard errors back
 * to the natural scale by the delta method.
 * @module
 */
import { DomainError, InvalidInputError, MlemError, NonFiniteError, ShapeError } from "../core/errors.js";
import { logit, sigmoid } from "../core/special.js";

/** A bijection between free parameters u (length freeDim) and natural parameters θ (length naturalDim). */
export interface ParameterTransform {
  /** Human-readable description, e.g. "positive (log)". */
  readonly name: string;
  /** Length of θ. */
  readonly naturalDim: number;
  /** Length of u (naturalDim − 1 for a simplex, naturalDim otherwise). */
  readonly freeDim: number;
  /** θ → u. Throws DomainError if θ violates the constraint. */
  toFree(theta: ArrayLike<number>): Float64Array;
  /** u → θ. */
  toNatural(u: ArrayLike<number>): Float64Array;
  /** ∂θ/∂u at u, row-major naturalDim × freeDim. */
  jacobian(u: ArrayLike<number>): Float64Array;
}

function checkLength(v: ArrayLike<number>, len: number, what: string, name: string): void {
  if (!v || typeof v.length !== "number" || v.length !== len) {
    throw new ShapeError(`${name}: ${what} must have length ${len}, got ${v && typeof v.length === "number" ? v.length : typeof v}.`);
  }
  for (let i = 0; i < len; i++) {
    if (typeof v[i] !== "number" || Number.isNaN(v[i])) throw new NonFiniteError(`${name}: ${what}[${i}] is ${String(v[i])}, not a number.`);
  }
}

function checkDim(dim: unknown, fn: string): number {
  if (typeof dim !== "number" || !Number.isInteger(dim) || dim < 1) throw new DomainError(`${fn}: dim must be a positive integer, got ${String(dim)}.`);
  return dim;
}

/**
 * The identity (unconstrained parameters, e.g. a mean or a regression coefficient).
 * @param dim number of parameters (default 1)
 * @example
 * identityTransform(2).toNatural([1, -3]); // → [1, -3]
 */
export function identityTransform(dim = 1): ParameterTransform {
  const d = checkDim(dim, "identityTransform");
  const name = "identity";
  return {
    name,
    naturalDim: d,
    freeDim: d,
    toFree(theta) {
      checkLength(theta, d, "theta", name);
      return Float64Array.from(theta);
    },
    toNatural(u) {
      checkLength(u, d, "u", name);
      return Float64Array.from(u);
    },
    jacobian() {
      const J = new Float64Array(d * d);
      for (let i = 0; i < d; i++) J[i * d + i] = 1;
      return J;
    },
  };
}

/**
 * θ > 0 through θ = exp(u), u = log θ (rates, scales, variances).
 * @param dim number of parameters (default 1)
 * @example
 * positiveTransform().toNatural([0]); // → [1]
 */
export function positiveTransform(dim = 1): ParameterTransform {
  const d = checkDim(dim, "positiveTransform");
  const name = "positive (log)";
  return {
    name,
    naturalDim: d,
    freeDim: d,
    toFree(theta) {
      checkLength(theta, d, "theta", name);
      const u = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        if (!(theta[i] > 0) || theta[i] === Infinity) throw new DomainError(`${name}: theta[${i}] = ${theta[i]} must be finite and > 0.`);
        u[i] = Math.log(theta[i]);
      }
      return u;
    },
    toNatural(u) {
      checkLength(u, d, "u", name);
      const t = new Float64Array(d);
      for (let i = 0; i < d; i++) t[i] = Math.exp(u[i]);
      return t;
    },
    jacobian(u) {
      checkLength(u, d, "u", name);
      const J = new Float64Array(d * d);
      for (let i = 0; i < d; i++) J[i * d + i] = Math.exp(u[i]);
      return J;
    },
  };
}

/**
 * a < θ < b through θ = a + (b − a)·sigmoid(u), u = logit((θ − a)/(b − a)) (probabilities with a = 0, b = 1;
 * correlations with a = −1, b = 1).
 * @param dim number of parameters (default 1), all with the same bounds
 * @example
 * intervalTransform(0, 1).toNatural([0]); // → [0.5]
 */
export function intervalTransform(a: number, b: number, dim = 1): ParameterTransform {
  const fn = "intervalTransform";
  if (typeof a !== "number" || typeof b !== "number" || !Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) {
    throw new DomainError(`${fn}: the bounds must be finite numbers with a < b, got a = ${String(a)}, b = ${String(b)}. For (0, ∞) use positiveTransform.`);
  }
  const d = checkDim(dim, fn);
  const w = b - a;
  const name = `interval (${a}, ${b}) (logit)`;
  return {
    name,
    naturalDim: d,
    freeDim: d,
    toFree(theta) {
      checkLength(theta, d, "theta", name);
      const u = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        if (!(theta[i] > a && theta[i] < b)) throw new DomainError(`${name}: theta[${i}] = ${theta[i]} must lie strictly between ${a} and ${b}.`);
        u[i] = logit((theta[i] - a) / w);
      }
      return u;
    },
    toNatural(u) {
      checkLength(u, d, "u", name);
      const t = new Float64Array(d);
      for (let i = 0; i < d; i++) t[i] = a + w * sigmoid(u[i]);
      return t;
    },
    jacobian(u) {
      checkLength(u, d, "u", name);
      const J = new Float64Array(d * d);
      for (let i = 0; i < d; i++) {
        const s = sigmoid(u[i]);
        J[i * d + i] = w * s * (1 - s);
      }
      return J;
    },
  };
}

/**
 * The probability simplex {θ ∈ ℝᴷ : θ_k > 0, Σθ_k = 1} (mixture weights, multinomial probabilities)
 * through the softmax with the last category as reference: θ_k = exp(u_k)/(1 + Σ_j exp(u_j)) for
 * k < K, θ_K = 1/(1 + Σ_j exp(u_j)); u_k = log(θ_k/θ_K). K − 1 free parameters.
 * @param K number of categories (≥ 2)
 * @example
 * simplexTransform(3).toNatural([0, 0]); // → [1/3, 1/3, 1/3]
 */
export function simplexTransform(K: number): ParameterTransform {
  const fn = "simplexTransform";
  if (typeof K !== "number" || !Number.isInteger(K) || K < 2) throw new DomainError(`${fn}: K must be an integer ≥ 2 (the number of categories), got ${String(K)}.`);
  const m = K - 1;
  const name = `simplex of ${K} (softmax)`;
  const natural = (u: ArrayLike<number>): Float64Array => {
    // Subtract the largest exponent (including the reference's 0) to avoid overflow.
    let mx = 0;
    for (let j = 0; j < m; j++) if (u[j] > mx) mx = u[j];
    const t = new Float64Array(K);
    let s = Math.exp(-mx);
    t[m] = s;
    for (let j = 0; j < m; j++) {
      t[j] = Math.exp(u[j] - mx);
      s += t[j];
    }
    for (let j = 0; j < K; j++) t[j] /= s;
    return t;
  };
  return {
    name,
    naturalDim: K,
    freeDim: m,
    toFree(theta) {
      checkLength(theta, K, "theta", name);
      let sum = 0;
      for (let i = 0; i < K; i++) {
        if (!(theta[i] > 0)) throw new DomainError(`${name}: theta[${i}] = ${theta[i]} must be > 0 (every probability strictly positive).`);
        sum += theta[i];
      }
      if (Math.abs(sum - 1) > 1e-8) throw new DomainError(`${name}: theta must sum to 1, got ${sum}. Normalise it first.`);
      const u = new Float64Array(m);
      for (let j = 0; j < m; j++) u[j] = Math.log(theta[j]) - Math.log(theta[m]);
      return u;
    },
    toNatural(u) {
      checkLength(u, m, "u", name);
      return natural(u);
    },
    jacobian(u) {
      checkLength(u, m, "u", name);
      const t = natural(u);
      const J = new Float64Array(K * m);
      for (let i = 0; i < K; i++) {
        for (let j = 0; j < m; j++) J[i * m + j] = t[i] * ((i === j ? 1 : 0) - t[j]);
      }
      return J;
    },
  };
}

/**
 * Concatenates transforms into one acting on the concatenated vectors: θ = (θ₁, θ₂, ...),
 * u = (u₁, u₂, ...); the Jacobian is block-diagonal.
 * @example
 * // Normal(μ, σ): μ free, σ > 0
 * const t = composeTransforms([identityTransform(), positiveTransform()]);
 * t.toNatural([1, 0]); // → [1, 1]
 */
export function composeTransforms(parts: readonly ParameterTransform[]): ParameterTransform {
  const fn = "composeTransforms";
  if (!Array.isArray(parts) || parts.length === 0) throw new InvalidInputError(`${fn}: pass a non-empty array of transforms.`);
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    if (!p || typeof p.toNatural !== "function" || typeof p.toFree !== "function" || typeof p.jacobian !== "function") {
      throw new InvalidInputError(`${fn}: parts[${k}] is not a ParameterTransform (use identityTransform, positiveTransform, intervalTransform, simplexTransform).`);
    }
  }
  const naturalDim = parts.reduce((s, p) => s + p.naturalDim, 0);
  const freeDim = parts.reduce((s, p) => s + p.freeDim, 0);
  const name = `[${parts.map((p) => p.name).join(", ")}]`;
  return {
    name,
    naturalDim,
    freeDim,
    toFree(theta) {
      checkLength(theta, naturalDim, "theta", fn);
      const u = new Float64Array(freeDim);
      let a = 0;
      let b = 0;
      for (const p of parts) {
        u.set(p.toFree(Array.prototype.slice.call(theta, a, a + p.naturalDim) as number[]), b);
        a += p.naturalDim;
        b += p.freeDim;
      }
      return u;
    },
    toNatural(u) {
      checkLength(u, freeDim, "u", fn);
      const t = new Float64Array(naturalDim);
      let a = 0;
      let b = 0;
      for (const p of parts) {
        t.set(p.toNatural(Array.prototype.slice.call(u, b, b + p.freeDim) as number[]), a);
        a += p.naturalDim;
        b += p.freeDim;
      }
      return t;
    },
    jacobian(u) {
      checkLength(u, freeDim, "u", fn);
      const J = new Float64Array(naturalDim * freeDim);
      let a = 0;
      let b = 0;
      for (const p of parts) {
        const Jp = p.jacobian(Array.prototype.slice.call(u, b, b + p.freeDim) as number[]);
        for (let i = 0; i < p.naturalDim; i++) {
          for (let j = 0; j < p.freeDim; j++) J[(a + i) * freeDim + (b + j)] = Jp[i * p.freeDim + j];
        }
        a += p.naturalDim;
        b += p.freeDim;
      }
      return J;
    },
  };
}

/**
 * Delta method: the covariance of θ = g(u) from the covariance of u, J Σ_u Jᵀ with J = ∂θ/∂u.
 * @param transform the transform g
 * @param u the free-scale estimate, length freeDim
 * @param freeCovariance covariance of u, row-major freeDim × freeDim
 * @returns covariance of θ, row-major naturalDim × naturalDim (singular for a simplex: Σθ = 1)
 * @example
 * // u = log λ with SE 0.1 at λ = 2 → SE(λ) ≈ 0.2
 * deltaMethodCovariance(positiveTransform(), [Math.log(2)], [0.01]); // → [0.04]
 */
export function deltaMethodCovariance(transform: ParameterTransform, u: ArrayLike<number>, freeCovariance: ArrayLike<number>): Float64Array {
  if (!transform || typeof transform.jacobian !== "function") {
    throw new InvalidInputError("deltaMethodCovariance: transform must be a ParameterTransform (e.g. positiveTransform(), composeTransforms([...])).");
  }
  const m = transform.freeDim;
  const k = transform.naturalDim;
  checkLength(freeCovariance, m * m, "freeCovariance", "deltaMethodCovariance");
  let J: Float64Array;
  try {
    J = transform.jacobian(u);
  } catch (e) {
    if (!(e instanceof MlemError)) throw e;
    const Cls = e.constructor as new (message: string) => MlemError;
    throw new Cls(`deltaMethodCovariance: u is not a valid free-scale point: ${e.message}`);
  }
  const JS = new Float64Array(k * m);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < m; l++) s += J[i * m + l] * freeCovariance[l * m + j];
      JS[i * m + j] = s;
    }
  }
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let l = 0; l < m; l++) s += JS[i * m + l] * J[j * m + l];
      out[i * k + j] = s;
      out[j * k + i] = s;
    }
  }
  return out;
}
