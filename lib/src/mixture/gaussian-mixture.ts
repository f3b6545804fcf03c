/**
 * A Gaussian mixture distribution with given parameters: densities, posterior component
 * probabilities, hard assignment, sampling and information criteria. {@link fitGaussianMixture}
 * returns the subclass {@link FittedGaussianMixture}; build one by hand with
 * {@link GaussianMixture.fromParams} (e.g. to simulate data from a known mixture).
 * @module
 */
import { InvalidInputError, ShapeError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { rowsOf, type MatrixLike } from "../core/validate.js";
import { covarianceStrategy } from "./covariance/strategy.js";
import { scoreKernel } from "./score.js";
import { denseRejectingNaN, denseWithMissing, scoreMissing } from "./missing.js";
import { COVARIANCE_TYPES, paramsFromUser, paramsToUser, type CovarianceType, type GaussianMixtureParams, type GmmParams } from "./options.js";
import { DomainError } from "../core/errors.js";
import { checkOptions } from "../core/validate.js";

/**
 * A mixture of k Gaussians in d dimensions: density Σ_c w_c N(x | μ_c, Σ_c).
 * @example
 * const gm = GaussianMixture.fromParams({
 *   weights: [0.3, 0.7],
 *   means: [[0, 0], [5, 5]],
 *   covariances: [[[1, 0], [0, 1]], [[2, 0.5], [0.5, 1]]],
 * });
 * const { X, labels } = gm.sample(500, 42);
 * gm.predictProba([[2.5, 2.5]]); // [[p₀, p₁]]
 */
export class GaussianMixture {
  /** Number of components. */
  readonly k: number;
  /** Dimension of the data. */
  readonly d: number;
  /** Covariance structure. */
  readonly covarianceType: CovarianceType;
  /** Mixing weights, length k, summing to 1. */
  readonly weights: number[];
  /** Means, k rows of length d. */
  readonly means: number[][];
  /** Covariances as k full d×d matrices, whatever the type (tied: k equal copies). */
  readonly covariances: number[][][];
  /**
   * What NaN in the rows given to predict, predictProba, scoreSamples, score and the criteria means:
   * "reject" (an error) or "marginalize" (a missing value: the row is scored by the marginal density
   * of its observed coordinates). A fit with `missing: "marginalize"` returns "marginalize";
   * {@link GaussianMixture.fromParams} takes it as an option. {@link GaussianMixture.impute} accepts
   * NaN either way.
   */
  readonly missing: "reject" | "marginalize";
  /** @internal */
  protected readonly internal: GmmParams;

  /** @internal Use {@link GaussianMixture.fromParams} or {@link fitGaussianMixture}. */
  constructor(internal: GmmParams, covarianceType: CovarianceType, k: number, d: number, missing: "reject" | "marginalize" = "reject") {
    this.internal = internal;
    this.missing = missing;
    this.covarianceType = covarianceType;
    this.k = k;
    this.d = d;
    const pub = paramsToUser(internal, covarianceType, k, d);
    this.weights = pub.weights;
    this.means = pub.means;
    this.covariances = pub.covariances;
  }

  /**
   * A mixture from explicit parameters (the shapes {@link GaussianMixtureParams} accepts;
   * `covarianceType` defaults to "full"; `missing`, default "reject", says whether its scoring
   * methods accept rows with NaN, see {@link GaussianMixture.missing}).
   * @throws ShapeError, DomainError, NotPositiveDefiniteError for inconsistent parameters
   * @example
   * const gm = GaussianMixture.fromParams({ weights: [0.5, 0.5], means: [[-2], [2]], covariances: [1, 1], covarianceType: "spherical" });
   * const withGaps = GaussianMixture.fromParams({ weights: [1], means: [[0, 0]], covariances: [[[1, 0.5], [0.5, 1]]], missing: "marginalize" });
   * withGaps.scoreSamples([[NaN, 1]]); // log N(1; 0, 1), the marginal of the second coordinate
   */
  static fromParams(params: GaussianMixtureParams & { covarianceType?: CovarianceType; missing?: "reject" | "marginalize" }): GaussianMixture {
    const fn = "GaussianMixture.fromParams";
    checkOptions(params, ["weights", "means", "covariances", "covarianceType", "missing"], fn);
    const missing = params.missing ?? "reject";
    if (missing !== "reject" && missing !== "marginalize") {
      throw new DomainError(`${fn}: unknown missing '${String(missing)}'. Use one of "reject", "marginalize".`);
    }
    const type = params.covarianceType ?? "full";
    if (!COVARIANCE_TYPES.includes(type)) {
      throw new DomainError(`${fn}: unknown covarianceType '${String(type)}'. Use one of ${COVARIANCE_TYPES.map((t) => `"${t}"`).join(", ")}.`);
    }
    const k = params.weights?.length ?? 0;
    const first = (rowsOf(params.means) as ArrayLike<ArrayLike<number>> | undefined)?.[0];
    const d = first && typeof first.length === "number" ? first.length : 0;
    if (k < 1 || d < 1) throw new ShapeError(`${fn}: need at least one weight and means with at least one column.`);
    const p = paramsFromUser({ weights: params.weights, means: params.means, covariances: params.covariances }, type, k, d, fn, "params");
    return new GaussianMixture(p, type, k, d, missing);
  }

  /** The parameters, in the form {@link fitGaussianMixture}'s `init` and {@link GaussianMixture.fromParams} accept. */
  toParams(): { weights: number[]; means: number[][]; covariances: number[][][]; covarianceType: CovarianceType } {
    return {
      weights: this.weights.slice(),
      means: this.means.map((m) => m.slice()),
      covariances: this.covariances.map((c) => c.map((r) => r.slice())),
      covarianceType: this.covarianceType,
    };
  }

  /**
   * Number of free parameters: (k − 1) weights + k·d means + the covariance parameters
   * (full k·d(d+1)/2, tied d(d+1)/2, diag k·d, spherical k), as scikit-learn and mclust count them.
   */
  get nParameters(): number {
    const { k, d } = this;
    return k - 1 + k * d + covarianceStrategy(this.covarianceType).parameterCount(d, k);
  }

  /**
   * @internal X as dense rows. NaN (a missing value) is kept when the mixture's `missing` is
   * "marginalize" or `allowNaN` is set, else refused; rows entirely NaN are refused.
   */
  protected dense(X: MatrixLike, fn: string, allowNaN = false): { data: Float64Array; n: number; anyMissing: boolean } {
    const where = `GaussianMixture.${fn}`;
    const m =
      allowNaN || this.missing === "marginalize"
        ? denseWithMissing(X, where)
        : {
            ...denseRejectingNaN(
              X,
              where,
              'This mixture rejects NaN: fit it with { missing: "marginalize" }, or build it with GaussianMixture.fromParams({ ..., missing: "marginalize" }), ' +
                "to score rows with missing values by the marginal density of their observed coordinates.",
            ),
            layout: null,
          };
    if (m.d !== this.d) {
      throw new ShapeError(`${where}: X has ${m.d} columns but the mixture is ${this.d}-dimensional.`);
    }
    return { data: m.data, n: m.n, anyMissing: m.layout !== null };
  }

  /**
   * @internal per-point log densities and (optionally) posterior probabilities; a row with NaN gets
   * the marginal density of its observed coordinates and the posteriors given them.
   */
  protected evaluate(X: MatrixLike, fn: string, withResp: boolean): { logDens: Float64Array; resp: Float64Array | null; n: number } {
    const { data, n, anyMissing } = this.dense(X, fn);
    const logDens = new Float64Array(n);
    const resp = withResp ? new Float64Array(n * this.k) : null;
    if (anyMissing) scoreMissing(data, n, this.d, this.k, this.covarianceType, this.internal, logDens, resp, null, `GaussianMixture.${fn}`);
    else scoreKernel(data, n, this.d, this.k, this.covarianceType, this.internal, logDens, resp);
    return { logDens, resp, n };
  }

  /**
   * Conditional-mean imputation under the mixture: `values` is X with each missing (NaN) cell
   * replaced by E[x_ij | observed part of row i] = Σ_c P(c | x_O) x̂_c,j (x̂_c the conditional mean
   * under component c), and `conditionalVariances[i][j]` is Var[x_ij | observed part]
   * = Σ_c P(c | x_O) (C_c,jj + (x̂_c,j − E[x_ij | x_O])²) (0 for observed cells). Both n×d. Rows with
   * every value missing are refused.
   * @example
   * import { readCsv, fitGaussianMixture } from "mlem";
   * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
   * X[0][1] = NaN; X[5][0] = NaN;
   * const fit = fitGaussianMixture(X, { k: 2, seed: 1, missing: "marginalize" });
   * const { values, conditionalVariances } = fit.impute(X);
   * values[0][1];               // E[waiting | eruptions = X[0][0]]
   * conditionalVariances[0][1]; // its conditional variance (0 for observed cells)
   */
  impute(X: MatrixLike): { values: number[][]; conditionalVariances: number[][] } {
    const fn = "impute";
    const { data, n, anyMissing } = this.dense(X, fn, true);
    const d = this.d;
    const values = data.slice();
    const variances = new Float64Array(n * d);
    if (anyMissing) {
      scoreMissing(data, n, d, this.k, this.covarianceType, this.internal, new Float64Array(n), null, { values, variances }, `GaussianMixture.${fn}`);
    }
    const rows = (a: Float64Array): number[][] => Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * d, (i + 1) * d)));
    return { values: rows(values), conditionalVariances: rows(variances) };
  }

  /**
   * Log density log p(xᵢ) of each row (length n). With `missing: "marginalize"` a row with NaN
   * entries (missing values) gets the marginal log density of its observed coordinates.
   * @example
   * gm.scoreSamples([[0, 0], [5, 5]]); // [-2.9..., -3.1...]
   */
  scoreSamples(X: MatrixLike): number[] {
    return Array.from(this.evaluate(X, "scoreSamples", false).logDens);
  }

  /**
   * Mean log density per row, (1/n) Σ log p(xᵢ) (scikit-learn's `score`).
   * @example
   * gm.score(X);
   */
  score(X: MatrixLike): number {
    const { logDens, n } = this.evaluate(X, "score", false);
    let s = 0;
    for (let i = 0; i < n; i++) s += logDens[i];
    return s / n;
  }

  /**
   * Total log-likelihood Σᵢ log p(xᵢ) of the rows of X.
   * @example
   * gm.logLikelihoodOf(X); // = gm.score(X) * X.length
   */
  logLikelihoodOf(X: MatrixLike): number {
    return this.score(X) * this.dense(X, "logLikelihoodOf").n;
  }

  /**
   * Posterior component probabilities P(component c | xᵢ), n rows of length k summing to 1. With
   * `missing: "marginalize"` a row with NaN entries (missing values) gets the posteriors given its observed coordinates.
   * @example
   * gm.predictProba([[2.5, 2.5]]); // → [[0.037, 0.963]]
   */
  predictProba(X: MatrixLike): number[][] {
    const { resp, n } = this.evaluate(X, "predictProba", true);
    const out: number[][] = [];
    for (let i = 0; i < n; i++) out.push(Array.from(resp!.subarray(i * this.k, (i + 1) * this.k)));
    return out;
  }

  /**
   * The most probable component of each row (ties → lowest index); with `missing:
   * "marginalize"` rows with NaN entries are classified by their observed coordinates.
   * @example
   * gm.predict([[0, 0], [5, 5]]); // → [0, 1]
   */
  predict(X: MatrixLike): number[] {
    const { resp, n } = this.evaluate(X, "predict", true);
    return labelsFrom(resp!, n, this.k);
  }

  /**
   * BIC on data X: −2 ℓ + p log n (lower is better; mclust reports the negative). ℓ = Σᵢ log p(xᵢ)
   * on X, p = nParameters. (A fitted mixture's `bic` field is the same on its training data.)
   * @example
   * gm.bicOf(X);
   */
  bicOf(X: MatrixLike): number {
    const { logDens, n } = this.evaluate(X, "bicOf", false);
    return -2 * sum(logDens) + this.nParameters * Math.log(n);
  }

  /**
   * AIC on data X: −2 ℓ + 2p (lower is better).
   * @example
   * gm.aicOf(X);
   */
  aicOf(X: MatrixLike): number {
    const { logDens } = this.evaluate(X, "aicOf", false);
    return -2 * sum(logDens) + 2 * this.nParameters;
  }

  /**
   * Integrated completed likelihood, BIC form (Biernacki, Celeux & Govaert 2000, as in mclust):
   * BIC − 2 Σᵢ log τᵢ,ĉᵢ, where τ are the posterior probabilities and ĉᵢ the MAP component: BIC
   * plus a penalty for fuzzy classification, on data X. Lower is better.
   * @example
   * gm.iclOf(X); // ≥ gm.bicOf(X)
   */
  iclOf(X: MatrixLike): number {
    const { logDens, resp, n } = this.evaluate(X, "iclOf", true);
    return -2 * sum(logDens) + this.nParameters * Math.log(n) - 2 * classificationLogLik(resp!, n, this.k, null);
  }

  /**
   * n draws from the mixture, with the component each came from.
   * @param n number of draws (integer ≥ 0)
   * @param seed a seed or an {@link Rng}
   * @example
   * const { X, labels } = gm.sample(1000, 1);
   */
  sample(n: number, seed: number | Rng): { X: number[][]; labels: number[] } {
    if (!Number.isInteger(n) || n < 0) throw new DomainError(`GaussianMixture.sample: n must be an integer ≥ 0, got ${n}.`);
    if (typeof seed !== "number" && !(seed instanceof Rng)) {
      throw new InvalidInputError(`GaussianMixture.sample: pass a seed (number) or an Rng as the second argument, got ${String(seed)}.`);
    }
    const rng = Rng.from(seed);
    const { k, d, covarianceType: type } = this;
    const { means, cov } = this.internal;
    // Cholesky factors of the covariances (the stored factor is the inverse).
    const L = new Float64Array(k * d * d);
    const strategy = covarianceStrategy(type);
    for (let c = 0; c < k; c++) strategy.choleskyInto(cov, d, c, L, c * d * d);
    const X: number[][] = [];
    const labels: number[] = [];
    const z = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      const c = rng.categorical(this.weights);
      for (let a = 0; a < d; a++) z[a] = rng.normal();
      const row = new Array<number>(d);
      for (let a = 0; a < d; a++) {
        let s = means[c * d + a];
        for (let b = 0; b <= a; b++) s += L[c * d * d + a * d + b] * z[b];
        row[a] = s;
      }
      X.push(row);
      labels.push(c);
    }
    return { X, labels };
  }
}

function sum(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

/** @internal argmax of each responsibility row. */
export function labelsFrom(resp: Float64Array, n: number, k: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (resp[i * k + c] > resp[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** @internal Σᵢ wᵢ log maxc τᵢc (≤ 0). */
export function classificationLogLik(resp: Float64Array, n: number, k: number, w: Float64Array | null): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let c = 0; c < k; c++) if (resp[i * k + c] > m) m = resp[i * k + c];
    const wi = w === null ? 1 : w[i];
    if (wi > 0) s += wi * Math.log(m);
  }
  return s;
}
