/**
 * Standard errors of a fitted Gaussian mixture from the observed information: the negative Hessian
 * of the observed-data log-likelihood ℓ(θ) = Σᵢ log Σ_c w_c N(xᵢ | μ_c, Σ_c) at the MLE, analytic,
 * inverted through Cholesky (lib/src/calculus/information.ts). Checked against a numerical Hessian
 * and a parametric bootstrap in the tests.
 *
 * The Hessian is Louis' identity one observation at a time: with ℓᵢc = log w_c + log N(xᵢ | θ_c),
 * gᵢc = ∇ℓᵢc and τᵢc the responsibilities,
 *   ∇²ℓ = Σᵢ Σ_c τᵢc ∇²ℓᵢc + Σᵢ Σ_c τᵢc (gᵢc − ḡᵢ)(gᵢc − ḡᵢ)ᵀ,   ḡᵢ = Σ_c τᵢc gᵢc:
 * the complete-data Hessian (closed form per component, from the responsibility-weighted sums
 * N_c, Σᵢ τ r, Σᵢ τ r rᵀ) plus the missing information (a weighted covariance of the component
 * scores). One pass over the data, O(n k p²) for p parameters: cheaper than a few EM iterations for
 * small p, where the finite-difference Hessian it replaces needed ~2p² passes and lost digits.
 * It is computed on columns standardised to unit variance (one common scale for "spherical"), so
 * the data's units do not condition it, and mapped back.
 *
 * Parameterisation (natural scale, so the standard errors are those of the reported numbers):
 * weights w₁..w_{k−1} (w_k = 1 − Σ the others), the means, and the free covariance entries of the
 * type: full, each component's lower triangle; tied, one lower triangle; diag, k·d variances;
 * spherical, k variances. Labels are not identified, but the information at one labelling is.
 * @module
 */
import { DomainError, InvalidInputError } from "../core/errors.js";
import { toDenseMatrix, type DenseMatrix, type MatrixLike } from "../core/validate.js";
import { covarianceFromInformation } from "../calculus/information.js";
import { choleskyLower, inverseFromCholesky } from "../core/linalg.js";
import { covarianceStrategy } from "./covariance/strategy.js";
import { GaussianMixture } from "./gaussian-mixture.js";
import type { CovarianceType } from "./options.js";

/** Result of {@link mixtureStandardErrors}. */
export interface MixtureStandardErrors {
  /** Names of the free parameters, e.g. "w[0]", "mu[1][0]", "Sigma[0][1][0]". */
  parameterNames: string[];
  /** The estimates, in the order of parameterNames. */
  estimates: number[];
  /** Their standard errors. */
  standardErrors: number[];
  /** Asymptotic covariance of the estimates (inverse observed information), p×p. */
  covariance: number[][];
  /** Standard errors of the k weights (the last one by the delta method from the others). */
  weights: number[];
  /** Standard errors of the means, k×d. */
  means: number[][];
  /** Standard errors of every covariance entry, k×d×d (symmetric; tied: k equal copies). */
  covariances: number[][][];
}

interface Layout {
  k: number;
  d: number;
  type: CovarianceType;
  /** For each free covariance parameter: [component or -1 for tied, row, column]. */
  covEntries: Array<[number, number, number]>;
}

function layoutOf(k: number, d: number, type: CovarianceType): Layout {
  return { k, d, type, covEntries: covarianceStrategy(type).freeEntries(d, k) };
}

function pack(m: GaussianMixture, L: Layout): number[] {
  const theta: number[] = [];
  for (let c = 0; c < L.k - 1; c++) theta.push(m.weights[c]);
  for (let c = 0; c < L.k; c++) for (let a = 0; a < L.d; a++) theta.push(m.means[c][a]);
  for (const [c, a, b] of L.covEntries) {
    if (a < 0) theta.push(m.covariances[c][0][0]);
    else theta.push(m.covariances[Math.max(c, 0)][a][b]);
  }
  return theta;
}

/**
 * The observed information (p×p, row-major, in the parameters of `L`) of the mixture for the
 * standardised data z = (x − colMean)/colScale, by Louis' identity (see the module doc).
 */
function louisInformation(
  model: GaussianMixture,
  X: DenseMatrix,
  L: Layout,
  colMean: Float64Array,
  colScale: Float64Array,
  fn: string,
): Float64Array {
  const { k, d } = L;
  const { n } = X;
  const nw = k - 1;
  const p = nw + k * d + L.covEntries.length;
  const resp = model.predictProba(X);
  // Per component: precision P_c of the standardised covariance.
  const prec: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    const S = new Float64Array(d * d);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) S[a * d + b] = model.covariances[c][a][b] / (colScale[a] * colScale[b]);
    const Lc = new Float64Array(d * d);
    if (!choleskyLower(S, d, Lc)) {
      throw new DomainError(`${fn}: covariance ${c} is singular, on the boundary of the parameter space, where the observed information is not defined. Refit with fewer components or more regularisation.`);
    }
    const P = new Float64Array(d * d);
    inverseFromCholesky(Lc, d, P);
    prec.push(P);
  }
  const meanZ = (c: number, a: number): number => (model.means[c][a] - colMean[a]) / colScale[a];
  // Covariance parameters: unit pieces (i, j) of the symmetric direction (flat: piece e of
  // parameter t at pieceStart[t] + e), and the component (−1: tied).
  const pieceStart = new Int32Array(L.covEntries.length + 1);
  const pieceI: number[] = [];
  const pieceJ: number[] = [];
  const owner: number[] = [];
  L.covEntries.forEach(([c, a, b], t) => {
    if (a < 0) for (let e = 0; e < d; e++) (pieceI.push(e), pieceJ.push(e));
    else if (a === b) (pieceI.push(a), pieceJ.push(a));
    else (pieceI.push(a, b), pieceJ.push(b, a));
    pieceStart[t + 1] = pieceI.length;
    owner.push(c);
  });
  const PI = Int32Array.from(pieceI);
  const PJ = Int32Array.from(pieceJ);
  const covOf = (c: number): number[] => {
    const out: number[] = [];
    for (let t = 0; t < owner.length; t++) if (owner[t] === c || owner[t] < 0) out.push(t);
    return out;
  };
  const covIdx = Array.from({ length: k }, (_, c) => covOf(c));
  const base = nw + k * d;
  const info = new Float64Array(p * p);
  // Complete-data part: −Σ_c Σ_i τ ∇²ℓ_ic, from N_c, s_c = Σ τ r, W_c = Σ τ r rᵀ.
  const Nc = new Float64Array(k);
  const sc = Array.from({ length: k }, () => new Float64Array(d));
  const Wc = Array.from({ length: k }, () => new Float64Array(d * d));
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) z[a] = (X.data[i * d + a] - colMean[a]) / colScale[a];
    for (let c = 0; c < k; c++) {
      const t = resp[i][c];
      if (t === 0) continue;
      Nc[c] += t;
      for (let a = 0; a < d; a++) {
        const ra = z[a] - meanZ(c, a);
        sc[c][a] += t * ra;
        for (let b = 0; b <= a; b++) Wc[c][a * d + b] += t * ra * (z[b] - meanZ(c, b));
      }
    }
  }
  const w = model.weights;
  for (let c = 0; c < k; c++) {
    const P = prec[c];
    const W = Wc[c];
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) W[b * d + a] = W[a * d + b];
    // Weights: log w_c with w_last = 1 − Σ w_others.
    if (c < nw) info[c * p + c] += Nc[c] / (w[c] * w[c]);
    else for (let a = 0; a < nw; a++) for (let b = 0; b < nw; b++) info[a * p + b] += Nc[c] / (w[c] * w[c]);
    const mOff = nw + c * d;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) info[(mOff + a) * p + mOff + b] += Nc[c] * P[a * d + b];
    const Ps = new Float64Array(d);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) Ps[a] += P[a * d + b] * sc[c][b];
    const PW = new Float64Array(d * d);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
      let acc = 0;
      for (let e = 0; e < d; e++) acc += P[a * d + e] * W[e * d + b];
      PW[a * d + b] = acc;
    }
    const Q = new Float64Array(d * d);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
      let acc = 0;
      for (let e = 0; e < d; e++) acc += PW[a * d + e] * P[e * d + b];
      Q[a * d + b] = acc;
    }
    for (const t of covIdx[c]) {
      const row = base + t;
      // Mean–covariance: (P D P s)_a = Σ_(i,j) P_ai (Ps)_j.
      for (let a = 0; a < d; a++) {
        let v = 0;
        for (let e = pieceStart[t]; e < pieceStart[t + 1]; e++) v += P[a * d + PI[e]] * Ps[PJ[e]];
        info[(mOff + a) * p + row] += v;
        info[row * p + mOff + a] += v;
      }
      for (const u of covIdx[c]) {
        // −(½ N tr(D_t P D_u P) − tr(D_t P D_u Q)), with tr(E_ij P E_kl X) = P_jk X_li.
        let t1 = 0;
        let t2 = 0;
        for (let e = pieceStart[t]; e < pieceStart[t + 1]; e++) {
          const i = PI[e];
          const j = PJ[e];
          for (let f = pieceStart[u]; f < pieceStart[u + 1]; f++) {
            t1 += P[j * d + PI[f]] * P[PJ[f] * d + i];
            t2 += P[j * d + PI[f]] * Q[PJ[f] * d + i];
          }
        }
        info[row * p + base + u] -= 0.5 * Nc[c] * t1 - t2;
      }
    }
  }
  // Missing-information part: −Σ_i Σ_c τ (g_ic − ḡ_i)(g_ic − ḡ_i)ᵀ.
  const g = Array.from({ length: k }, () => new Float64Array(p));
  const gbar = new Float64Array(p);
  const v = new Float64Array(d);
  const delta = new Float64Array(p);
  const missing = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) z[a] = (X.data[i * d + a] - colMean[a]) / colScale[a];
    gbar.fill(0);
    for (let c = 0; c < k; c++) {
      const gc = g[c];
      gc.fill(0);
      if (c < nw) gc[c] = 1 / w[c];
      else for (let a = 0; a < nw; a++) gc[a] = -1 / w[c];
      const P = prec[c];
      for (let a = 0; a < d; a++) {
        let acc = 0;
        for (let b = 0; b < d; b++) acc += P[a * d + b] * (z[b] - meanZ(c, b));
        v[a] = acc;
        gc[nw + c * d + a] = acc;
      }
      for (const t of covIdx[c]) {
        let acc = 0;
        for (let e = pieceStart[t]; e < pieceStart[t + 1]; e++) acc += v[PI[e]] * v[PJ[e]] - P[PJ[e] * d + PI[e]];
        gc[base + t] = 0.5 * acc;
      }
      const tau = resp[i][c];
      for (let a = 0; a < p; a++) gbar[a] += tau * gc[a];
    }
    for (let c = 0; c < k; c++) {
      const tau = resp[i][c];
      if (tau === 0) continue;
      for (let a = 0; a < p; a++) delta[a] = g[c][a] - gbar[a];
      // Lower triangle only; mirrored below.
      for (let a = 0; a < p; a++) {
        const ta = tau * delta[a];
        if (ta === 0) continue;
        const row = a * p;
        for (let b = 0; b <= a; b++) missing[row + b] += ta * delta[b];
      }
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      info[a * p + b] -= missing[a * p + b];
      if (b < a) info[b * p + a] -= missing[a * p + b];
    }
  }
  return info;
}

/**
 * Standard errors of a fitted Gaussian mixture's weights, means and covariances, from the observed
 * information (analytic Hessian of the observed-data log-likelihood at the fitted parameters, by
 * Louis' identity). Meaningful at a maximum of the likelihood: fit with a tight `tol` (and
 * regCovar: 0 if the data allow) first. Costs one pass over the data and O(n k p²) for p free
 * parameters (p = 11 for k = 2, d = 2, full; 131 for k = 2, d = 10, full).
 * @param model the fitted mixture (or any mixture at which to evaluate the information)
 * @param X the data it was fitted to, n rows of d numbers
 * @throws DomainError if the mixture sits on the boundary (a weight near 0 or 1, a singular
 *   covariance), where the information is not defined; NotPositiveDefiniteError if the information
 *   is singular (e.g. more components than the data support)
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const fit = fitGaussianMixture(X, { k: 2, seed: 1 });
 * const se = mixtureStandardErrors(fit, X);
 * se.means;   // → [[0.027, 0.59], [0.031, 0.46]] — standard errors of each mean coordinate
 */
export function mixtureStandardErrors(model: GaussianMixture, X: MatrixLike): MixtureStandardErrors {
  const fn = "mixtureStandardErrors";
  if (!(model instanceof GaussianMixture)) throw new InvalidInputError(`${fn}: model must be a fitted GaussianMixture (from fitGaussianMixture).`);
  const dense: DenseMatrix = toDenseMatrix(X, fn, "X");
  if (dense.d !== model.d) throw new InvalidInputError(`${fn}: X has ${dense.d} columns but the model has dimension ${model.d}.`);
  const L = layoutOf(model.k, model.d, model.covarianceType);
  const theta0 = pack(model, L);
  for (const w of model.k > 1 ? model.weights : []) {
    if (!(w > 1e-8 && w < 1 - 1e-8)) {
      throw new DomainError(`${fn}: a mixing weight is ${w}, on the boundary of the simplex, where the observed information is not defined. Refit with fewer components.`);
    }
  }
  const { n, d } = dense;
  const k = L.k;
  // Standardise the columns (the information of the model in z = (x − m)/s; see the module doc).
  const colMean = new Float64Array(d);
  const colScale = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += dense.data[i * d + a] / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (dense.data[i * d + a] - m) ** 2;
    colMean[a] = m;
    colScale[a] = ss > 0 && Number.isFinite(ss) ? Math.sqrt(ss / n) : 1;
  }
  if (L.type === "spherical") {
    let v = 0;
    for (let a = 0; a < d; a++) v += colScale[a] ** 2 / d;
    colScale.fill(Math.sqrt(v));
  }
  const info = louisInformation(model, dense, L, colMean, colScale, fn);
  const p = theta0.length;
  // Scale of each parameter: weights 1, means s_a, covariance entries s_a s_b.
  const paramScale = new Float64Array(p);
  let q0 = 0;
  for (let c = 0; c < k - 1; c++) paramScale[q0++] = 1;
  for (let c = 0; c < k; c++) for (let a = 0; a < d; a++) paramScale[q0++] = colScale[a];
  for (const [, a, b] of L.covEntries) paramScale[q0++] = a < 0 ? colScale[0] ** 2 : colScale[a] * colScale[b];
  const names: string[] = [];
  for (let c = 0; c < L.k - 1; c++) names.push(`w[${c}]`);
  for (let c = 0; c < L.k; c++) for (let a = 0; a < L.d; a++) names.push(`mu[${c}][${a}]`);
  for (const [c, a, b] of L.covEntries) names.push(a < 0 ? `sigma2[${c}]` : c < 0 ? `Sigma[${a}][${b}]` : `Sigma[${c}][${a}][${b}]`);
  const cov = covarianceFromInformation(info, names);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) cov[i * p + j] *= paramScale[i] * paramScale[j];
  const se = names.map((_, i) => Math.sqrt(cov[i * p + i]));
  // The last weight is 1 − Σ others: its variance is 1ᵀ C 1 over the weight block.
  let varLast = 0;
  for (let i = 0; i < L.k - 1; i++) for (let j = 0; j < L.k - 1; j++) varLast += cov[i * p + j];
  const weights = [...se.slice(0, L.k - 1), Math.sqrt(Math.max(varLast, 0))];
  let q = L.k - 1;
  const means = Array.from({ length: L.k }, () => Array.from({ length: L.d }, () => se[q++]));
  const covariances = Array.from({ length: L.k }, () => Array.from({ length: L.d }, () => new Array<number>(L.d).fill(0)));
  for (const [c, a, b] of L.covEntries) {
    const s = se[q++];
    const comps = c < 0 ? Array.from({ length: L.k }, (_, t) => t) : [c];
    for (const t of comps) {
      if (a < 0) for (let r = 0; r < L.d; r++) covariances[t][r][r] = s;
      else {
        covariances[t][a][b] = s;
        covariances[t][b][a] = s;
      }
    }
  }
  const covariance = Array.from({ length: p }, (_, i) => Array.from(cov.subarray(i * p, (i + 1) * p)));
  return { parameterNames: names, estimates: theta0, standardErrors: se, covariance, weights, means, covariances };
}
