/**
 * Finite mixtures of linear regressions (mixtools' `regmixEM`), fitted by EM on the generic engine.
 *
 * Model: with probability w_c an observation follows line c, yᵢ = xᵢᵀβ_c + εᵢ, εᵢ ~ N(0, σ_c²), so
 * p(yᵢ | xᵢ) = Σ_c w_c N(yᵢ; xᵢᵀβ_c, σ_c²). E-step: memberships rᵢc ∝ w_c N(yᵢ; xᵢᵀβ_c, σ_c²).
 * M-step: w_c = Σᵢ rᵢc / n; β_c = the weighted least-squares fit with weights r·c (QR of √r·c X,
 * the same solver as {@link linearRegression}); σ_c² = Σᵢ rᵢc (yᵢ − xᵢᵀβ_c)² / Σᵢ rᵢc with the new β_c.
 *
 * **Degeneracy policy.** The likelihood is unbounded: a line through p points with σ → 0 has
 * infinite density. So:
 * 1. σ_c is kept ≥ `sigmaFloor` (default 1e-6 × the standard deviation of y). The floored update is
 *    the maximiser of Q over σ_c ≥ sigmaFloor, so EM stays monotone. A component that reaches the
 *    floor has collapsed onto ≤ p points: recorded as `"collapsed"` in `degeneracies`.
 * 2. A component whose weighted design is rank-deficient (its memberships sit on fewer distinct x
 *    than coefficients, or its weight vanished) keeps its previous coefficients and σ (any value
 *    maximises Q when the weight is 0): recorded as `"singularDesign"`.
 * 3. Among the nInit runs the best log-likelihood is kept, but runs without a collapsed component
 *    rank above runs with one (a collapsed component's likelihood is a spike, not a fit), as
 *    mixtools restarts on σ < 1e-8.
 * @module
 */
import { DomainError, InvalidInputError, NotPositiveDefiniteError, ShapeError } from "../core/errors.js";
import { logSumExp } from "../core/special.js";
import { bool, int, option, parseOptions, positive, type AssertSameType, type OptionsOf } from "../core/options.js";
import { assertNumber, checkOptions, toVector } from "../core/validate.js";
import type { EMModel } from "../em/engine.js";
import { emFitFields, informationCriteria, isEMFit, type EMFit, type InformationCriteria } from "../em/fit.js";
import { componentPermutation, ORDER_OPTION, type ComponentOrder } from "../em/order.js";
import { readAbove, readFinite, readSimplex } from "../em/unflatten.js";
import { EM_FIT_OPTIONS, runRestarts, stoppingOf, type EMFitOptions } from "../em/restarts.js";
import { centreDesign, centreLike, shiftIntercept, subtract } from "./centring.js";
import { buildDesign, type Design } from "./glm.js";
import { rankDeficiencyMessage, weightedLeastSquares } from "./least-squares.js";

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Parameters of a K-component mixture of linear regressions.
 * @example
 * import type { RegressionMixtureParams } from "mlem";
 * const init: RegressionMixtureParams = { weights: [0.5, 0.5], coefficients: [[1.9, 0], [0, 1]], sigmas: [0.1, 0.1] };
 */
export interface RegressionMixtureParams {
  /** Mixing weights w_c, length K, summing to 1. */
  weights: number[];
  /** Coefficients β_c, K rows of length p (the intercept first when `intercept` is true). */
  coefficients: number[][];
  /** Residual standard deviations σ_c > 0, length K. */
  sigmas: number[];
}

/**
 * Options of {@link fitMixtureOfRegressions}.
 * @example
 * import type { MixtureOfRegressionsOptions } from "mlem";
 * const opts: MixtureOfRegressionsOptions = { k: 2, nInit: 10, seed: 1 };
 */
export interface MixtureOfRegressionsOptions extends EMFitOptions {
  /** Number of components K (integer ≥ 1). */
  k: number;
  /** Starting values of the first run (later runs start at random), or a previous fit (warm start: its weights, coefficients and sigmas). */
  init?: RegressionMixtureParams | MixtureOfRegressionsFit;
  /** Prepend a column of ones to X (default true). */
  intercept?: boolean;
  /** Names of the columns of X (without the intercept). */
  names?: readonly string[];
  /** Lower bound on every σ_c (default 1e-6 × the standard deviation of y); see the degeneracy policy. */
  sigmaFloor?: number;
  /**
   * Order of the reported components (see ComponentOrder): "none" (default, as fitted: the order of
   * `init` if given), "weight" (decreasing) or "mean" (increasing mean response x̄ᵀβ_c at the mean covariates).
   */
  order?: ComponentOrder;
}

/**
 * A degenerate component met during the kept run, and what was done.
 * @example
 * import { readCsv, fitMixtureOfRegressions, type RegressionMixtureDegeneracy } from "mlem";
 * const tone = readCsv("data/tonedata.csv");
 * const fit = fitMixtureOfRegressions(tone.numbers("stretch_ratio"), tone.numbers("tuned"), { k: 2, nInit: 10, seed: 1 });
 * const events: RegressionMixtureDegeneracy[] = fit.degeneracies; // [] for this regular fit
 */
export interface RegressionMixtureDegeneracy {
  /** The M-step (iteration) where it first happened. */
  iteration: number;
  /** Component index. */
  component: number;
  /** "collapsed": σ_c reached the floor; "singularDesign": the weighted design of the component was rank-deficient. */
  kind: "collapsed" | "singularDesign";
  /** What was done, in words. */
  action: string;
}

/**
 * What {@link fitMixtureOfRegressions} returns.
 * @example
 * import { readCsv, fitMixtureOfRegressions, type MixtureOfRegressionsFit } from "mlem";
 * const tone = readCsv("data/tonedata.csv");
 * const fit: MixtureOfRegressionsFit = fitMixtureOfRegressions(tone.numbers("stretch_ratio"), tone.numbers("tuned"), { k: 2, nInit: 10, seed: 1 });
 * fit.logLikelihood;            // → 141.1984 — every one of the 10 starts finds it
 * fit.responsibilities[0];      // the memberships of the first judgement
 * fit.predict([1.5, 2.5]);      // the two lines at stretch ratios 1.5 and 2.5
 */
export interface MixtureOfRegressionsFit extends EMFit<RegressionMixtureParams>, InformationCriteria {
  /** Coefficient names ("(Intercept)" first with an intercept). */
  names: string[];
  /** Mixing weights, components in the `order` asked for. */
  weights: number[];
  /** K rows of coefficients. */
  coefficients: number[][];
  /** K residual standard deviations. */
  sigmas: number[];
  /** Maximised log-likelihood Σᵢ log Σ_c w_c N(yᵢ; xᵢᵀβ_c, σ_c²). nParameters = (K − 1) + K·p + K. */
  logLikelihood: number;
  /** n×K posterior memberships rᵢc = P(component c | xᵢ, yᵢ) at the fitted parameters. */
  responsibilities: number[][];
  /** The most probable component of each observation. */
  labels: number[];
  /** Degenerate components met in the kept run (empty for a regular fit). */
  degeneracies: RegressionMixtureDegeneracy[];
  /** Each component's regression line at new covariates: K arrays (component c: xᵀβ_c for every row). */
  predict(X: ReadonlyArray<ArrayLike<number>> | ArrayLike<number>): number[][];
  /** Posterior memberships of new pairs (x, y): one row of K probabilities per observation. */
  predictProba(X: ReadonlyArray<ArrayLike<number>> | ArrayLike<number>, y: ArrayLike<number>): number[][];
}

/** E-step statistics: the n×K memberships (a buffer reused between iterations). */
interface Stats {
  resp: Float64Array;
}

interface Context {
  design: Design;
  y: Float64Array;
  k: number;
  sigmaFloor: number;
  degeneracies: RegressionMixtureDegeneracy[];
  collapsed: Set<number>;
}

/** log w_c + log N(y; xβ_c, σ_c²) for every row and component into lp (n×K); returns ℓ, and the memberships into resp. */
function eStep(design: Design, y: Float64Array, p: RegressionMixtureParams, resp: Float64Array): number {
  const { X, n, p: q } = design;
  const k = p.weights.length;
  const lw = new Float64Array(k);
  for (let c = 0; c < k; c++) lw[c] = Math.log(p.weights[c]) - Math.log(p.sigmas[c]) - 0.5 * LOG_2PI;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    for (let c = 0; c < k; c++) {
      const b = p.coefficients[c];
      let m = 0;
      for (let j = 0; j < q; j++) m += X[i * q + j] * b[j];
      const z = (y[i] - m) / p.sigmas[c];
      resp[o + c] = lw[c] - 0.5 * z * z;
    }
    const lse = logSumExp(resp, o, o + k);
    ll += lse;
    if (lse === -Infinity) {
      for (let c = 0; c < k; c++) resp[o + c] = 1 / k;
      continue;
    }
    for (let c = 0; c < k; c++) resp[o + c] = Math.exp(resp[o + c] - lse);
  }
  return ll;
}

function record(ctx: Context, iteration: number, component: number, kind: RegressionMixtureDegeneracy["kind"], action: string): void {
  if (kind === "collapsed") {
    if (ctx.collapsed.has(component)) return;
    ctx.collapsed.add(component);
  } else if (ctx.degeneracies.some((d) => d.component === component && d.kind === kind)) return;
  ctx.degeneracies.push({ iteration, component, kind, action });
}

function mStep(ctx: Context, resp: Float64Array, prev: RegressionMixtureParams, iteration: number): RegressionMixtureParams {
  const { design, y, k, sigmaFloor } = ctx;
  const { X, n, p } = design;
  const w = new Float64Array(n);
  const weights: number[] = [];
  const coefficients: number[][] = [];
  const sigmas: number[] = [];
  for (let c = 0; c < k; c++) {
    let nk = 0;
    for (let i = 0; i < n; i++) {
      w[i] = resp[i * k + c];
      nk += w[i];
    }
    weights.push(nk / n);
    const sol = nk > 0 ? weightedLeastSquares(X, n, p, y, w) : { dependentColumn: 0 };
    if ("dependentColumn" in sol) {
      coefficients.push(prev.coefficients[c].slice());
      sigmas.push(prev.sigmas[c]);
      record(ctx, iteration, c, "singularDesign", "kept the previous coefficients and σ (the memberships sit on too few distinct covariate values)");
      continue;
    }
    const b = Array.from(sol.coefficients);
    let rss = 0;
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (let j = 0; j < p; j++) m += X[i * p + j] * b[j];
      rss += w[i] * (y[i] - m) ** 2;
    }
    let s = Math.sqrt(rss / nk);
    if (!(s > sigmaFloor)) {
      s = sigmaFloor;
      record(
        ctx,
        iteration,
        c,
        "collapsed",
        `σ held at the floor ${sigmaFloor.toPrecision(3)}: the component fits about ${nk.toFixed(1)} observations exactly (the likelihood is unbounded there)`,
      );
    }
    coefficients.push(b);
    sigmas.push(s);
  }
  return { weights, coefficients, sigmas };
}

function buildModel(ctx: Context): EMModel<RegressionMixtureParams, Stats> {
  const resp = new Float64Array(ctx.design.n * ctx.k);
  let iteration = 0;
  return {
    nObservations: ctx.design.n,
    eStep: (params) => ({ stats: { resp }, logLikelihood: eStep(ctx.design, ctx.y, params, resp) }),
    mStep: (stats, previous) => mStep(ctx, stats.resp, previous, ++iteration),
    clone: (p) => ({ weights: p.weights.slice(), coefficients: p.coefficients.map((b) => b.slice()), sigmas: p.sigmas.slice() }),
    flatten: (p) => [...p.weights, ...p.coefficients.flat(), ...p.sigmas],
    unflatten: (v, like) => {
      const k = like.weights.length;
      const p = like.coefficients[0].length;
      const weights = readSimplex(v, 0, k);
      const flat = readFinite(v, k, k * p);
      const sigmas = readAbove(v, k + k * p, k, 0);
      if (!weights || !flat || !sigmas) return null;
      return { weights, coefficients: Array.from({ length: k }, (_, c) => flat.slice(c * p, (c + 1) * p)), sigmas };
    },
  };
}

function checkParams(q: unknown, k: number, p: number, fn: string): RegressionMixtureParams {
  const init = q as Partial<RegressionMixtureParams> | null;
  if (init === null || typeof init !== "object" || !Array.isArray(init.weights) || !Array.isArray(init.coefficients) || !Array.isArray(init.sigmas)) {
    throw new InvalidInputError(`${fn}: init must be { weights: number[], coefficients: number[][], sigmas: number[] }.`);
  }
  checkOptions(init, ["weights", "coefficients", "sigmas"], fn, "init field");
  if (init.weights.length !== k || init.coefficients.length !== k || init.sigmas.length !== k) {
    throw new ShapeError(`${fn}: init.weights, init.coefficients and init.sigmas must each have k = ${k} entries.`);
  }
  let s = 0;
  const coefficients: number[][] = [];
  for (let c = 0; c < k; c++) {
    assertNumber(init.weights[c], fn, `init.weights[${c}]`, { gt: 0 });
    assertNumber(init.sigmas[c], fn, `init.sigmas[${c}]`, { gt: 0 });
    s += init.weights[c];
    const b = init.coefficients[c];
    if (!Array.isArray(b) && !ArrayBuffer.isView(b)) throw new ShapeError(`${fn}: init.coefficients[${c}] must be an array of ${p} numbers.`);
    if ((b as ArrayLike<number>).length !== p) {
      throw new ShapeError(`${fn}: init.coefficients[${c}] has ${(b as ArrayLike<number>).length} entries but the design has p = ${p} columns (the intercept counts).`);
    }
    coefficients.push(Array.from(toVector(b, fn, `init.coefficients[${c}]`)));
  }
  if (Math.abs(s - 1) > 1e-8) throw new DomainError(`${fn}: init.weights sum to ${s}, not 1.`);
  return { weights: init.weights.map((v) => v / s), coefficients, sigmas: init.sigmas.slice() };
}

const OPTIONS = {
  k: int({ min: 1, required: true, doc: "the number of regression lines" }),
  init: option<RegressionMixtureParams | MixtureOfRegressionsFit, unknown>((v) => {
    if (!isEMFit(v)) return v;
    const f = v as unknown as MixtureOfRegressionsFit;
    return { weights: f.weights, coefficients: f.coefficients, sigmas: f.sigmas };
  }),
  intercept: bool({ default: true }),
  names: option<readonly string[], unknown>((v) => v), // checked with the design
  sigmaFloor: positive(),
  order: ORDER_OPTION,
  ...EM_FIT_OPTIONS,
};
const optionsAgree: AssertSameType<OptionsOf<typeof OPTIONS>, MixtureOfRegressionsOptions> = true;
void optionsAgree;

/**
 * Fits a mixture of K linear regressions by EM (weighted least squares in the M-step), from `nInit`
 * starts: the first from `init` if given, the others from lines through p + 1 random observations.
 * @param X n×k covariates as rows, or one covariate as a flat array; an intercept is prepended unless `intercept: false`
 * @param y n responses
 * @param options `k` is required; see {@link MixtureOfRegressionsOptions}
 * @throws ShapeError, NonFiniteError, DomainError, UnknownOptionError for bad input;
 *   NotPositiveDefiniteError if the columns of X are linearly dependent
 * @example
 * import { readCsv, fitMixtureOfRegressions } from "mlem";
 * const tone = readCsv("data/tonedata.csv");
 * const fit = fitMixtureOfRegressions(tone.numbers("stretch_ratio"), tone.numbers("tuned"), {
 *   k: 2,
 *   init: { weights: [0.5, 0.5], coefficients: [[1.9, 0], [0, 1]], sigmas: [0.1, 0.1] },
 *   tol: 1e-12,
 * });
 * fit.weights;       // → [0.698, 0.302]
 * fit.coefficients;  // → [[1.916, 0.0425], [-0.0193, 0.992]] — the fundamental, and the stretched overtones
 * fit.sigmas;        // → [0.0462, 0.1328]
 * fit.logLikelihood; // → 141.1984 — mixtools regmixEM from the same start
 */
export function fitMixtureOfRegressions(
  X: ReadonlyArray<ArrayLike<number>> | ArrayLike<number>,
  y: ArrayLike<number>,
  options: MixtureOfRegressionsOptions,
): MixtureOfRegressionsFit {
  const fn = "fitMixtureOfRegressions";
  const o = parseOptions(OPTIONS, options, fn);
  const { k, intercept, seed: rng } = o;
  const original = buildDesign(X, intercept, o.names as readonly string[] | undefined, fn);
  const { n, p } = original;
  const yOriginal = toVector(y, fn, "y");
  if (yOriginal.length !== n) throw new ShapeError(`${fn}: y has ${yOriginal.length} values but X has ${n} rows. Pass one response per row.`);
  // With an intercept, EM runs on centred data (y − ȳ, x − x̄): ℓ, the memberships and the slopes
  // are unchanged, but a large offset (y ≈ 10⁷) no longer costs the residuals seven digits, which
  // had made ℓ noisy near the maximum and convergence slow. Intercepts are mapped back at the end.
  const centring = intercept ? centreDesign(original, yOriginal) : null;
  const design = centring ? centring.design : original;
  const yv = centring ? centring.y : yOriginal;
  if (n < k * (p + 1)) {
    throw new ShapeError(`${fn}: ${n} observations are too few for ${k} lines with ${p} coefficients and a σ each; use k ≤ ${Math.floor(n / (p + 1))}.`);
  }
  // The columns of X must be independent for any line to be identifiable.
  const overall = weightedLeastSquares(design.X, n, p, yv, null);
  if ("dependentColumn" in overall) throw new NotPositiveDefiniteError(rankDeficiencyMessage(fn, original.X, n, p, original.names));
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yv[i];
  mean /= n;
  let sdY = 0;
  for (let i = 0; i < n; i++) sdY += (yv[i] - mean) ** 2 / n;
  sdY = Math.sqrt(sdY);
  if (!(sdY > 0)) throw new DomainError(`${fn}: y is constant; there is nothing for a mixture of regressions to explain.`);
  const sigmaFloor = o.sigmaFloor ?? 1e-6 * sdY;
  let rssAll = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < p; j++) m += design.X[i * p + j] * overall.coefficients[j];
    rssAll += (yv[i] - m) ** 2;
  }
  const sigmaAll = Math.max(Math.sqrt(rssAll / n), sigmaFloor);
  const init = o.init !== undefined ? checkParams(o.init, k, p, fn) : undefined;
  if (init && centring) init.coefficients = init.coefficients.map((b) => shiftIntercept(b, centring, -1));

  const randomStart = (): RegressionMixtureParams => {
    const coefficients: number[][] = [];
    for (let c = 0; c < k; c++) {
      let b: number[] | null = null;
      for (let attempt = 0; attempt < 20 && b === null; attempt++) {
        const rows = rng.permutation(n).slice(0, p + 1);
        const Xs = new Float64Array((p + 1) * p);
        const ys = new Float64Array(p + 1);
        rows.forEach((r, t) => {
          Xs.set(design.X.subarray(r * p, r * p + p), t * p);
          ys[t] = yv[r];
        });
        const sol = weightedLeastSquares(Xs, p + 1, p, ys, null);
        if (!("dependentColumn" in sol)) b = Array.from(sol.coefficients);
      }
      coefficients.push(b ?? Array.from(overall.coefficients));
    }
    return { weights: new Array<number>(k).fill(1 / k), coefficients, sigmas: new Array<number>(k).fill(sigmaAll) };
  };

  // Runs without a collapsed component are preferred to any run with one (see the module doc).
  const { best: res, context: ctx, restarts } = runRestarts({
    nInit: o.nInit,
    prepare: (r) => {
      const context: Context = { design, y: yv, k, sigmaFloor, degeneracies: [], collapsed: new Set() };
      return { model: buildModel(context), init: r === 0 && init ? init : randomStart(), context };
    },
    options: stoppingOf(o),
    better: (a, b) => {
      const ca = a.context.collapsed.size > 0;
      const cb = b.context.collapsed.size > 0;
      return ca !== cb ? cb : a.result.logLikelihood > b.result.logLikelihood;
    },
  });
  // Order: the mean response of each line at the mean covariates.
  const xbar = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xbar[j] += design.X[i * p + j] / n;
  const meanResponse = (c: number): number[] => [res.params.coefficients[c].reduce((a, b, j) => a + b * xbar[j], 0)];
  const order = componentPermutation(o.order, res.params.weights, meanResponse);
  const reorder = (q: RegressionMixtureParams): RegressionMixtureParams => ({
    weights: order.map((c) => q.weights[c]),
    coefficients: order.map((c) => (centring ? shiftIntercept(q.coefficients[c], centring, 1) : q.coefficients[c].slice())),
    sigmas: order.map((c) => q.sigmas[c]),
  });
  const position = new Array<number>(k);
  order.forEach((c, j) => (position[c] = j));
  const degeneracies = ctx.degeneracies.map((e) => ({ ...e, component: position[e.component] }));
  const params = reorder(res.params);
  const resp = new Float64Array(n * k);
  // Memberships are computed on the scale EM ran on, for the training data and for new data alike.
  const fitScaleParams = { ...params, coefficients: order.map((c) => res.params.coefficients[c]) };
  eStep(design, yv, fitScaleParams, resp);
  const responsibilities: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from(resp.subarray(i * k, i * k + k));
    responsibilities.push(row);
    let m = 0;
    for (let c = 1; c < k; c++) if (row[c] > row[m]) m = c;
    labels.push(m);
  }
  const nParameters = k - 1 + k * p + k;
  const cols = p - (intercept ? 1 : 0);
  const designOf = (Xn: ReadonlyArray<ArrayLike<number>> | ArrayLike<number>, f: string): Design => {
    const d = buildDesign(Xn, intercept, undefined, `${fn}.${f}`);
    if (d.p !== p) throw new ShapeError(`${fn}.${f}: X has ${d.p - (intercept ? 1 : 0)} columns but the model was fitted with ${cols}.`);
    return d;
  };
  return {
    names: original.names,
    weights: params.weights.slice(),
    coefficients: params.coefficients.map((b) => b.slice()),
    sigmas: params.sigmas.slice(),
    ...emFitFields(res, restarts, "logLikelihood", reorder),
    ...informationCriteria(res.logLikelihood, nParameters, n),
    responsibilities,
    labels,
    degeneracies,
    predict(Xn) {
      const d = designOf(Xn, "predict");
      return params.coefficients.map((b) => {
        const out: number[] = [];
        for (let i = 0; i < d.n; i++) {
          let m = 0;
          for (let j = 0; j < p; j++) m += d.X[i * p + j] * b[j];
          out.push(m);
        }
        return out;
      });
    },
    predictProba(Xn, yn) {
      const d = designOf(Xn, "predictProba");
      const yy = toVector(yn, `${fn}.predictProba`, "y");
      if (yy.length !== d.n) throw new ShapeError(`${fn}.predictProba: y has ${yy.length} values but X has ${d.n} rows.`);
      const r = new Float64Array(d.n * k);
      if (centring) eStep(centreLike(d, centring), subtract(yy, centring.yMean), fitScaleParams, r);
      else eStep(d, yy, params, r);
      const out: number[][] = [];
      for (let i = 0; i < d.n; i++) out.push(Array.from(r.subarray(i * k, i * k + k)));
      return out;
    },
  };
}
