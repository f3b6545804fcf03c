/**
 * Standard errors of a constrained maximum-likelihood estimate (mixture weights and transition rows
 * on simplices, rates and variances positive, probabilities in (0, 1)), from the observed
 * information on an unconstrained scale carried back by the delta method: the parameters are
 * mapped to free coordinates u (softmax for a simplex, log for a positive value, logit for a
 * probability), the information I(û) = −∇²ℓ(θ(u)) is taken numerically at the estimate, and
 * Cov(θ̂) = J I(û)⁻¹ Jᵀ with J = ∂θ/∂u. The result does not depend on the choice of free
 * coordinates to first order (the MLE is invariant), and the simplex constraints hold exactly
 * (each weight vector's covariance has zero row sums).
 *
 * **Parameters on the boundary** (a weight, transition probability or emission probability that is
 * 0 or at the fit's clamp, a variance at its floor) are outside the asymptotic theory: they are
 * held fixed at the estimate, reported with standard error 0, and listed in `atBoundary`, so the
 * other standard errors are conditional on them. A simplex block keeps its structural zeros (a
 * left-right HMM's transitions) at zero this way.
 * @module
 */
import { covarianceFromInformation, observedInformation } from "../calculus/information.js";
import { InvalidInputError, MlemError } from "../core/errors.js";
import { composeTransforms, deltaMethodCovariance, identityTransform, intervalTransform, positiveTransform, simplexTransform, type ParameterTransform } from "../optim/transforms.js";

/**
 * One block of a constrained parameter vector: its values at the estimate, its constraint and its
 * name (for the names of the entries and the error messages).
 * @example
 * const weights: ParameterBlock = { name: "weights", values: [0.3, 0.7], kind: "simplex" };
 */
export interface ParameterBlock {
  /** Name of the block, e.g. "weights" or "transition[0]". */
  name: string;
  /** The estimate. */
  values: ArrayLike<number>;
  /**
   * "simplex": non-negative, sums to 1; "positive": > 0; "unit": in (0, 1); "free": unconstrained.
   */
  kind: "simplex" | "positive" | "unit" | "free";
  /**
   * Values at or beyond this are on the boundary and held fixed (simplex and unit: within `edge`
   * of 0 or 1; positive: ≤ edge). Default 0 (only exact zeros, and for "unit" exact ones).
   */
  edge?: number;
}

/** What {@link constrainedStandardErrors} returns. */
export interface ConstrainedStandardErrors {
  /** Standard error of each entry, blocks concatenated in order (0 for an entry held fixed). */
  se: Float64Array;
  /** Covariance of the concatenated natural parameters, row-major (rows and columns of fixed entries are 0). */
  covariance: Float64Array;
  /** Names of the entries, "block[i]". */
  names: string[];
  /** Names of the entries held fixed on the boundary. */
  atBoundary: string[];
}

/**
 * Standard errors of a constrained MLE θ̂ (module doc): `logLik` takes the concatenated natural
 * parameters (blocks in order) and returns ℓ; the information is computed numerically in free
 * coordinates of the entries not on the boundary.
 * @param logLik ℓ as a function of the concatenated natural parameters
 * @param blocks the estimate, block by block, with its constraints
 * @param fn the caller's name, for error messages
 * @throws NotPositiveDefiniteError if the information is singular (a parameter not identified, e.g.
 *   two identical components): the message names the function
 * @example
 * // Binomial p̂ = 0.3 from 30 of 100: SE = √(p(1 − p)/n)
 * constrainedStandardErrors((t) => 30 * Math.log(t[0]) + 70 * Math.log(1 - t[0]), [{ name: "p", values: [0.3], kind: "unit" }], "example").se; // ≈ [0.0458]
 */
export function constrainedStandardErrors(
  logLik: (theta: Float64Array) => number,
  blocks: readonly ParameterBlock[],
  fn: string,
): ConstrainedStandardErrors {
  if (typeof logLik !== "function") throw new InvalidInputError(`${fn}: logLik must be a function of the parameter vector.`);
  if (!Array.isArray(blocks) || blocks.length === 0) throw new InvalidInputError(`${fn}: pass at least one parameter block.`);
  const full: number[] = [];
  const names: string[] = [];
  const atBoundary: string[] = [];
  const active: number[] = []; // indices into full of the entries that move
  const parts: ParameterTransform[] = [];
  // For a simplex block with fixed entries, the active entries are a simplex of total mass `mass`.
  const scales: Array<{ start: number; count: number; mass: number }> = [];
  for (const b of blocks) {
    const start = full.length;
    const edge = b.edge ?? 0;
    const n = b.values.length;
    for (let i = 0; i < n; i++) {
      const v = b.values[i];
      if (!Number.isFinite(v)) throw new InvalidInputError(`${fn}: ${b.name}[${i}] is ${v}; the estimate must be finite.`);
      full.push(v);
      names.push(n === 1 && b.kind !== "simplex" ? b.name : `${b.name}[${i}]`);
    }
    const onBoundary = (v: number): boolean =>
      b.kind === "simplex" ? v <= edge || v >= 1 - edge : b.kind === "unit" ? v <= edge || v >= 1 - edge : b.kind === "positive" ? v <= edge : false;
    const moving: number[] = [];
    for (let i = 0; i < n; i++) {
      if (onBoundary(b.values[i])) atBoundary.push(names[start + i]);
      else moving.push(start + i);
    }
    if (b.kind === "simplex") {
      // A simplex with one moving entry has nothing free (it equals 1 minus the fixed ones).
      if (moving.length >= 2) {
        let mass = 0;
        for (const j of moving) mass += full[j];
        scales.push({ start: active.length, count: moving.length, mass });
        for (const j of moving) active.push(j);
        parts.push(simplexTransform(moving.length));
      }
    } else {
      for (const j of moving) {
        active.push(j);
        parts.push(b.kind === "positive" ? positiveTransform() : b.kind === "unit" ? intervalTransform(0, 1) : identityTransform());
      }
    }
  }
  const k = full.length;
  const covariance = new Float64Array(k * k);
  const se = new Float64Array(k);
  if (parts.length === 0) return { se, covariance, names, atBoundary };
  const transform = composeTransforms(parts);
  // Natural coordinates of the moving entries; simplex blocks are rescaled to sum to 1 for the transform.
  const activeNatural = active.map((j) => full[j]);
  for (const s of scales) for (let i = 0; i < s.count; i++) activeNatural[s.start + i] /= s.mass;
  const expand = (t: ArrayLike<number>): Float64Array => {
    const x = Float64Array.from(full);
    const v = Array.from(t);
    for (const s of scales) for (let i = 0; i < s.count; i++) v[s.start + i] *= s.mass;
    for (let a = 0; a < active.length; a++) x[active[a]] = v[a];
    return x;
  };
  const u = transform.toFree(activeNatural);
  const f = (w: Float64Array): number => logLik(expand(transform.toNatural(w)));
  let freeCov: Float64Array;
  try {
    freeCov = covarianceFromInformation(observedInformation(f, u));
  } catch (e) {
    if (!(e instanceof MlemError)) throw e;
    const Cls = e.constructor as new (message: string) => MlemError;
    throw new Cls(
      `${fn}: the observed information is not usable (${e.message}) Two components or states may be identical (not identified), ` +
        "or the fit may not be at a maximum: refit with a tighter tol, or with fewer components.",
    );
  }
  const activeCov = deltaMethodCovariance(transform, u, freeCov);
  const m = active.length;
  // Undo the rescaling of simplex blocks: θ = mass·t, so Cov scales by mass² (mass products across blocks).
  const scaleOf = new Float64Array(m).fill(1);
  for (const s of scales) for (let i = 0; i < s.count; i++) scaleOf[s.start + i] = s.mass;
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) covariance[active[a] * k + active[b]] = activeCov[a * m + b] * scaleOf[a] * scaleOf[b];
  }
  for (let i = 0; i < k; i++) se[i] = Math.sqrt(Math.max(0, covariance[i * k + i]));
  return { se, covariance, names, atBoundary };
}
