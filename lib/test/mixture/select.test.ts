import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { readCsv } from "../../src/core/data.js";
import { InvalidInputError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import { modelSearchFigure, selectGaussianMixture } from "../../src/mixture/select.js";
import mclust from "./mclust-faithful.json";

// Reference: mclust 6.0.0's mclustBIC on Old Faithful, K = 1..9, for VII/VVI/EEE/VVV (= mlem's
// spherical/diag/tied/full), with EM tolerance 1e-12 (scripts/reference/mclust_faithful.R). mclust's
// BIC is 2ℓ − p log n, mlem's −2ℓ + p log n. mclust starts from hierarchical agglomeration, mlem from
// k-means++: the two end in the same maximum for the small models and in different local maxima for
// some larger ones, so values are compared where the log-likelihoods agree, and the ranking of the
// structures and the best model are compared in full. Where the maximum is shared, ℓ agrees to
// ~1e-7 (both stop at a tiny tolerance of a flat ℓ), hence 1e-6 relative on the BIC.
const X = readCsv(resolve(__dirname, "../../../data/faithful.csv")).matrix(["eruptions", "waiting"]);
type Ref = (typeof mclust.table)[number];
const refOf = (k: number, t: string): Ref => mclust.table.find((r) => r.k === k && r.covarianceType === t)!;

describe("selectGaussianMixture (model search, mclust-style)", () => {
  const search = selectGaussianMixture(X, { seed: 1 });

  it("reproduces mclust's ranking of the shared covariance structures and its best model", () => {
    const mclustBest = new Map<string, Ref>();
    for (const r of mclust.table) {
      if (r.bic === null) continue;
      const cur = mclustBest.get(r.covarianceType);
      if (!cur || r.bic > cur.bic!) mclustBest.set(r.covarianceType, r); // mclust: higher is better
    }
    const mclustRanking = [...mclustBest.values()].sort((a, b) => b.bic! - a.bic!);
    expect(search.byCovarianceType.map((r) => r.covarianceType)).toEqual(mclustRanking.map((r) => r.covarianceType));
    expect(search.byCovarianceType.map((r) => r.k)).toEqual(mclustRanking.map((r) => r.k));
    expect(mclust.best).toEqual({ mclust: "EEE", k: 3 });
    expect(search.best.covarianceType).toBe("tied");
    expect(search.best.k).toBe(3);
    expect(Math.abs(search.best.bic + refOf(3, "tied").bic!)).toBeLessThan(1e-6 * search.best.bic);
  });

  it("the same parameter counts as mclust, and the same BIC (negated) wherever both reach the same maximum", () => {
    expect(search.table).toHaveLength(36);
    let shared = 0;
    for (const row of search.table) {
      const ref = refOf(row.k, row.covarianceType);
      expect(row.nParameters, `${row.covarianceType} k=${row.k}`).toBe(ref.nParameters);
      expect(row.bic).toBeCloseTo(-2 * row.logLikelihood + row.nParameters * Math.log(272), 9);
      if (Math.abs(row.logLikelihood - ref.logLikelihood!) < 1e-3) {
        shared++;
        expect(Math.abs(row.bic + ref.bic!), `${row.covarianceType} k=${row.k}`).toBeLessThan(1e-6 * Math.abs(row.bic));
      }
    }
    // Every model with k ≤ 2 has one maximum both find; 17 of the 36 were shared in the run this was written on.
    for (const row of search.table.filter((r) => r.k <= 2)) expect(Math.abs(row.logLikelihood - refOf(row.k, row.covarianceType).logLikelihood!)).toBeLessThan(1e-6);
    expect(shared).toBeGreaterThanOrEqual(15);
  });

  it("with an integer seed each row is exactly fitGaussianMixture with the same options; an Rng is threaded through", () => {
    const small = selectGaussianMixture(X, { k: [2, 3], covarianceTypes: ["full", "diag"], seed: 7, nInit: 2, keepFits: true });
    expect(small.table.map((r) => `${r.covarianceType}${r.k}`)).toEqual(["full2", "full3", "diag2", "diag3"]);
    for (const [i, row] of small.table.entries()) {
      const fit = fitGaussianMixture(X, { k: row.k, covarianceType: row.covarianceType, seed: 7, nInit: 2 });
      expect(row.logLikelihood).toBe(fit.logLikelihood);
      expect(small.fits![i]!.means).toEqual(fit.means);
    }
    expect(small.bestFit.logLikelihood).toBe(small.best.logLikelihood);
    expect(selectGaussianMixture(X, { k: [2, 3], seed: 7 }).fits).toBeUndefined();
    const threaded = (seed: number) => selectGaussianMixture(X, { k: [2, 3], covarianceTypes: ["full", "diag"], seed: new Rng(seed), nInit: 2 }).table;
    expect(threaded(7)).toEqual(threaded(7));
  });

  it("ranks by ICL or AIC when asked (lower is better), over the ranked rows", () => {
    for (const criterion of ["icl", "aic"] as const) {
      const s = selectGaussianMixture(X, { k: [1, 2, 3, 4], criterion, seed: 1 });
      const ranked = s.table.filter((r) => r.ranked);
      const min = Math.min(...ranked.map((r) => r[criterion]));
      expect(s.best[criterion]).toBe(min);
      expect(s.criterion).toBe(criterion);
    }
  });

  it("does not rank degenerate fits (a component collapsing onto Old Faithful's rounded values)", () => {
    const s = selectGaussianMixture(X, { k: [4, 5], covarianceTypes: ["diag"], nInit: 5, seed: 1 });
    const degenerate = s.table.filter((r) => r.degeneracies > 0);
    expect(degenerate.length).toBeGreaterThan(0); // k = 5 collapses in this run
    for (const r of degenerate) expect(r.ranked).toBe(false);
    expect(s.best.degeneracies).toBe(0);
    expect(s.best.ranked).toBe(true);
  });

  it("keeps going when a model cannot be fitted, and says why in its row", () => {
    const five = [[0, 1], [1, 0], [2, 2], [3, 1], [4, 3]];
    const s = selectGaussianMixture(five, { k: [1, 2, 6], covarianceTypes: ["spherical"], seed: 1 });
    const bad = s.table.find((r) => r.k === 6)!;
    expect(bad.ranked).toBe(false);
    expect(bad.error).toMatch(/k = 6 components but only n = 5/);
    expect(Number.isNaN(bad.bic)).toBe(true);
    expect(s.best.k).not.toBe(6);
    expect(() => selectGaussianMixture(five, { k: [6, 7] })).toThrow(/no model could be fitted.*k = 6/);
  });

  it("searches with missing values when asked, and otherwise refuses NaN naming the option", () => {
    const holes = X.map((row, i) => (i % 7 === 3 ? [row[0], NaN] : row));
    const s = selectGaussianMixture(holes, { k: [1, 2, 3], covarianceTypes: ["full", "tied"], missing: "marginalize", seed: 1 });
    expect(s.table.every((r) => Number.isFinite(r.logLikelihood))).toBe(true);
    expect(s.bestFit.nMissing).toBe(holes.filter((r) => Number.isNaN(r[1])).length);
    expect(() => selectGaussianMixture(holes, { k: [1, 2] })).toThrow(/missing: "marginalize"/);
  });

  it("rejects bad options with errors that name them", () => {
    expect(() => selectGaussianMixture(X, { k: [] })).toThrow(InvalidInputError);
    expect(() => selectGaussianMixture(X, { k: [0, 1] })).toThrow(/k must hold integers ≥ 1/);
    expect(() => selectGaussianMixture(X, { k: [2, 2] })).toThrow(/lists 2 twice/);
    expect(() => selectGaussianMixture(X, { covarianceTypes: ["full", "VVV" as never] })).toThrow(/unknown covariance type 'VVV'/);
    expect(() => selectGaussianMixture(X, { criterion: "bic2" as never })).toThrow(/criterion/);
    expect(() => selectGaussianMixture(X, { covarianceType: "full" } as never)).toThrow(/covarianceType/);
  });

  it("modelSearchFigure: one curve per structure over k, ranked rows only", () => {
    const fig = modelSearchFigure(search);
    expect(fig.data.map((t) => t.name)).toEqual(["spherical", "diag", "tied", "full"]);
    const tied = fig.data[2] as { x: number[]; y: number[] };
    expect(tied.x).toEqual(search.table.filter((r) => r.covarianceType === "tied" && r.ranked).map((r) => r.k));
    expect(tied.y[2]).toBe(search.best.bic);
    expect(() => modelSearchFigure({} as never)).toThrow(/selectGaussianMixture/);
  });
});
