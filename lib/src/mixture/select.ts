/**
 * Model search over Gaussian mixtures, as mclust's `mclustBIC` does: fit every number of components
 * in `k` with every covariance structure in `covarianceTypes`, and tabulate the log-likelihood, the
 * parameter count and the information criteria of each fit; the best by the chosen criterion is kept.
 *
 * **Sign convention.** mlem's criteria are mlem's everywhere: BIC = −2ℓ + p log n, AIC = −2ℓ + 2p and
 * ICL = BIC − 2 Σᵢ log max_c rᵢc, **lower is better** (scikit-learn's `bic()` is the same). mclust
 * reports 2ℓ − p log n, higher is better: mclust's BIC is −(mlem's). The shared structures are
 * mclust's VII = "spherical", VVI = "diag", EEE = "tied" and VVV = "full".
 *
 * **Degenerate fits are not ranked.** A fit whose kept run met a degeneracy (a component collapsing
 * onto a few points or a subspace, a singular or empty component: see fitGaussianMixture's
 * `degeneracies`) gains likelihood without bound as its covariance shrinks, so its BIC says nothing
 * about the model (Old Faithful's rounded eruption times do this from k = 5 with diagonal
 * covariances). Such rows stay in the table with their numbers and `ranked: false`, as mclust
 * reports NA for singular fits. A larger `regCovar` or fewer components avoids them.
 * @module
 */
import { MlemError } from "../core/errors.js";
import { bool, oneOf, option, parseOptions, type AssertSameType, type OptionsOf } from "../core/options.js";
import { InvalidInputError } from "../core/errors.js";
import type { MatrixLike } from "../core/validate.js";
import type { Rng } from "../core/rng.js";
import type { Figure } from "../plot/figure-spec.js";
import { linesFigure } from "../plot/panels.js";
import { fitGaussianMixture, NAN_REMEDY, type FittedGaussianMixture } from "./fit.js";
import { denseRejectingNaN, denseWithMissing } from "./missing.js";
import { COVARIANCE_TYPES, GMM_OPTIONS, type CovarianceType, type GaussianMixtureOptions } from "./options.js";

/** The criterion a model search ranks by (lower is better for each; see the module doc). */
export type SelectionCriterion = "bic" | "icl" | "aic";

/**
 * Options of {@link selectGaussianMixture}: the numbers of components and covariance structures to
 * try, the criterion, and every option of {@link fitGaussianMixture} except `k` and
 * `covarianceType` (applied to each fit: nInit, seed, tol, regCovar, sampleWeights, ...).
 * @example
 * const o: GaussianMixtureSelectionOptions = { k: [1, 2, 3, 4], covarianceTypes: ["full", "tied"], criterion: "bic", nInit: 5, seed: 1 };
 */
export interface GaussianMixtureSelectionOptions extends Omit<GaussianMixtureOptions, "k" | "covarianceType"> {
  /** The numbers of components to try (integers ≥ 1, no repeats). Default [1, …, 9], as mclust. */
  k?: readonly number[];
  /** The covariance structures to try. Default all four: "spherical", "diag", "tied", "full". */
  covarianceTypes?: readonly CovarianceType[];
  /** The criterion to rank by. Default "bic". */
  criterion?: SelectionCriterion;
  /** Keep every fitted mixture in `fits` (memory: one fit per row). Default false: only the best fit is kept. */
  keepFits?: boolean;
}

/** One fit of a model search: a row of {@link GaussianMixtureSelection.table}. */
export interface GaussianMixtureSelectionRow {
  /** Number of components. */
  k: number;
  /** Covariance structure. */
  covarianceType: CovarianceType;
  /** ℓ at the fit (NaN if the fit failed: see `error`). */
  logLikelihood: number;
  /** Free parameters p. */
  nParameters: number;
  /** −2ℓ + p log n (lower is better; mclust's BIC is −bic). NaN if the fit failed. */
  bic: number;
  /** −2ℓ + 2p. NaN if the fit failed. */
  aic: number;
  /** BIC − 2 Σ log max_c rᵢc. NaN if the fit failed. */
  icl: number;
  /** Whether the kept EM run met the stopping rule. */
  converged: boolean;
  /** EM iterations of the kept run. */
  iterations: number;
  /** Degeneracies the kept run met (collapsed, singular or empty components), as fitGaussianMixture reports them. */
  degeneracies: number;
  /** Whether the row takes part in the ranking: false for a failed fit and for a degenerate one (module doc). */
  ranked: boolean;
  /** Why the fit failed (e.g. k larger than the data allow), when it did. */
  error?: string;
}

/** The result of {@link selectGaussianMixture}. */
export interface GaussianMixtureSelection {
  /** The criterion ranked by. */
  criterion: SelectionCriterion;
  /** Every (k, covarianceType) tried, in the order covarianceTypes × k. */
  table: GaussianMixtureSelectionRow[];
  /** The ranked row with the lowest criterion (the first on ties). */
  best: GaussianMixtureSelectionRow;
  /** The fitted mixture of the best row. */
  bestFit: FittedGaussianMixture;
  /** For each covariance structure, its best ranked row (structures without one are left out), best first. */
  byCovarianceType: GaussianMixtureSelectionRow[];
  /** With `keepFits`: the fit of each row of `table` (same order; null where the fit failed). */
  fits?: Array<FittedGaussianMixture | null>;
}

const K_LIST = option<readonly number[], number[], { default: () => number[] }>(
  (v, fn, name) => {
    if (!Array.isArray(v) || v.length === 0) throw new InvalidInputError(`${fn}: ${name} must be a non-empty array of component counts, e.g. [1, 2, 3], got ${String(v)}.`);
    const seen = new Set<number>();
    for (const k of v) {
      if (!(Number.isInteger(k) && k >= 1)) throw new InvalidInputError(`${fn}: ${name} must hold integers ≥ 1, got ${String(k)}.`);
      if (seen.has(k)) throw new InvalidInputError(`${fn}: ${name} lists ${k} twice; list each number of components once.`);
      seen.add(k);
    }
    return v.slice();
  },
  { default: () => [1, 2, 3, 4, 5, 6, 7, 8, 9] },
);

const TYPE_LIST = option<readonly CovarianceType[], CovarianceType[], { default: () => CovarianceType[] }>(
  (v, fn, name) => {
    if (!Array.isArray(v) || v.length === 0) throw new InvalidInputError(`${fn}: ${name} must be a non-empty array of covariance types (${COVARIANCE_TYPES.map((t) => `"${t}"`).join(", ")}).`);
    const seen = new Set<string>();
    for (const t of v) {
      if (!COVARIANCE_TYPES.includes(t)) throw new InvalidInputError(`${fn}: unknown covariance type '${String(t)}' in ${name}. Use ${COVARIANCE_TYPES.map((s) => `"${s}"`).join(", ")}.`);
      if (seen.has(t)) throw new InvalidInputError(`${fn}: ${name} lists "${t}" twice; list each structure once.`);
      seen.add(t);
    }
    return v.slice();
  },
  { default: () => ["spherical", "diag", "tied", "full"] },
);

const { k: _k, covarianceType: _t, ...FIT_OPTIONS } = GMM_OPTIONS;
void _k;
void _t;
const SELECT_OPTIONS = {
  ...FIT_OPTIONS,
  k: K_LIST,
  covarianceTypes: TYPE_LIST,
  criterion: oneOf(["bic", "icl", "aic"] as const, { default: "bic" }),
  keepFits: bool({ default: false }),
};
const optionsAgree: AssertSameType<OptionsOf<typeof SELECT_OPTIONS>, GaussianMixtureSelectionOptions> = true;
void optionsAgree;

/**
 * Fits a Gaussian mixture for every number of components in `k` and every covariance structure in
 * `covarianceTypes`, and ranks the fits by BIC (default), ICL or AIC, lower being better (mclust's
 * BIC is the negative of mlem's: see the module doc). Each fit is {@link fitGaussianMixture} with
 * the other options as given: with an integer `seed`, every fit uses that seed, so each row is
 * exactly `fitGaussianMixture(X, { ...options, k, covarianceType })`; with an {@link Rng}, the
 * generator is threaded through the fits in table order. Either way the search is reproducible. A fit that fails with a library error (k larger
 * than the data allow) becomes a row with its `error` and NaN criteria; neither it nor a degenerate
 * fit is ranked (module doc).
 * @param X data, n rows × d columns (rows or an ml-matrix Matrix)
 * @param options see {@link GaussianMixtureSelectionOptions}
 * @returns the whole table, the best row and its fit, and the best row of each structure
 * @throws InvalidInputError if no row can be ranked (the message gives the first error)
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * const search = selectGaussianMixture(X, { k: [1, 2, 3, 4], nInit: 5, seed: 1 });
 * search.best;                                   // { k: 3, covarianceType: "tied", bic: 2314.29…, … } (mclust: EEE, 3)
 * search.byCovarianceType.map((r) => r.covarianceType); // ["tied", "full", "diag", "spherical"]
 * showFigure(modelSearchFigure(search));
 */
export function selectGaussianMixture(X: MatrixLike, options: GaussianMixtureSelectionOptions = {}): GaussianMixtureSelection {
  const fn = "selectGaussianMixture";
  const o = parseOptions(SELECT_OPTIONS, options, fn);
  // Reject malformed data once, before any fit (NaN cells are data when missing: "marginalize").
  if (o.missing === "marginalize") denseWithMissing(X, fn);
  else denseRejectingNaN(X, fn, NAN_REMEDY);
  const { k: ks, covarianceTypes, criterion, keepFits, ...fitOptions } = o;
  // An integer seed seeds every fit alike (each row is reproducible alone); an Rng is threaded through.
  const seed: number | Rng = typeof options.seed === "number" ? options.seed : o.seed;
  const table: GaussianMixtureSelectionRow[] = [];
  const fits: Array<FittedGaussianMixture | null> = [];
  let best: { row: GaussianMixtureSelectionRow; fit: FittedGaussianMixture } | null = null;
  let firstError: string | null = null;
  for (const covarianceType of covarianceTypes) {
    for (const k of ks) {
      let fit: FittedGaussianMixture;
      try {
        fit = fitGaussianMixture(X, { ...(fitOptions as Omit<GaussianMixtureOptions, "k">), k, covarianceType, seed });
      } catch (e) {
        if (!(e instanceof MlemError)) throw e;
        const message = e.message;
        firstError ??= message;
        if (keepFits) fits.push(null);
        table.push({ k, covarianceType, logLikelihood: NaN, nParameters: NaN, bic: NaN, aic: NaN, icl: NaN, converged: false, iterations: 0, degeneracies: 0, ranked: false, error: message });
        continue;
      }
      const row: GaussianMixtureSelectionRow = {
        k,
        covarianceType,
        logLikelihood: fit.logLikelihood,
        nParameters: fit.nParameters,
        bic: fit.bic,
        aic: fit.aic,
        icl: fit.icl,
        converged: fit.converged,
        iterations: fit.iterations,
        degeneracies: fit.degeneracies.length,
        ranked: fit.degeneracies.length === 0 && Number.isFinite(fit[criterion]),
      };
      table.push(row);
      if (keepFits) fits.push(fit);
      if (row.ranked && (best === null || row[criterion] < best.row[criterion])) best = { row, fit };
    }
  }
  if (best === null) {
    throw new InvalidInputError(
      firstError !== null && table.every((r) => r.error !== undefined)
        ? `${fn}: no model could be fitted; the first error was: ${firstError}`
        : `${fn}: every fit met a degeneracy (a collapsing component), so none can be ranked. Try fewer components or a larger regCovar.`,
    );
  }
  const byCovarianceType: GaussianMixtureSelectionRow[] = [];
  for (const t of covarianceTypes) {
    let top: GaussianMixtureSelectionRow | null = null;
    for (const r of table) if (r.covarianceType === t && r.ranked && (top === null || r[criterion] < top[criterion])) top = r;
    if (top) byCovarianceType.push(top);
  }
  byCovarianceType.sort((a, b) => a[criterion] - b[criterion]);
  const result: GaussianMixtureSelection = { criterion, table, best: best.row, bestFit: best.fit, byCovarianceType };
  if (keepFits) result.fits = fits;
  return result;
}

/**
 * The model-search picture (mclust's BIC plot, in mlem's sign: lower is better): the criterion
 * against the number of components, one curve per covariance structure; rows not ranked (failed
 * or degenerate fits) are left out.
 * @param search the result of {@link selectGaussianMixture}
 * @example
 * const X = readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
 * showFigure(modelSearchFigure(selectGaussianMixture(X, { k: [1, 2, 3], seed: 1 })));
 */
export function modelSearchFigure(search: GaussianMixtureSelection, options: { title?: string } = {}): Figure {
  if (!search || !Array.isArray(search.table) || typeof search.criterion !== "string") {
    throw new InvalidInputError("modelSearchFigure: pass the result of selectGaussianMixture.");
  }
  const label = search.criterion.toUpperCase();
  const types = [...new Set(search.table.map((r) => r.covarianceType))];
  const series = types.map((t) => {
    const rows = search.table.filter((r) => r.covarianceType === t && r.ranked);
    return { x: rows.map((r) => r.k), y: rows.map((r) => r[search.criterion]), name: t, draw: "both" as const };
  });
  const b = search.best;
  return linesFigure(series, {
    title: options.title ?? `${label} of each model (lower is better): best k = ${b.k}, ${b.covarianceType}`,
    xTitle: "number of components k",
    yTitle: `${label} = −2ℓ + penalty`,
  });
}
