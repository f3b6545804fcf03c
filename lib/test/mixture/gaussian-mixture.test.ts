import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { Rng } from "../../src/core/rng.js";
import { fitGaussianMixture, GaussianMixture } from "../../src/mixture/index.js";

const X = readCsv(resolve(__dirname, "../../../data/faithful.csv")).matrix(["eruptions", "waiting"]);

// Hand computation of a bivariate normal log-density.
function logNormal2(x: number[], mu: number[], S: number[][]): number {
  const det = S[0][0] * S[1][1] - S[0][1] * S[1][0];
  const dx = [x[0] - mu[0], x[1] - mu[1]];
  const q = (S[1][1] * dx[0] * dx[0] - 2 * S[0][1] * dx[0] * dx[1] + S[0][0] * dx[1] * dx[1]) / det;
  return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * q;
}

describe("GaussianMixture (a distribution with given parameters)", () => {
  const params = {
    weights: [0.3, 0.7],
    means: [[0, 0], [3, 1]],
    covariances: [[[1, 0.3], [0.3, 2]], [[0.5, -0.2], [-0.2, 1]]],
  };
  const gm = GaussianMixture.fromParams(params);

  it("scoreSamples is log Σ w N(x | μ, Σ), computed by hand", () => {
    const pts = [[0, 0], [1.5, 0.5], [-3, 4]];
    const got = gm.scoreSamples(pts);
    pts.forEach((x, i) => {
      const a = Math.log(0.3) + logNormal2(x, params.means[0], params.covariances[0]);
      const b = Math.log(0.7) + logNormal2(x, params.means[1], params.covariances[1]);
      const m = Math.max(a, b);
      expect(got[i]).toBeCloseTo(m + Math.log(Math.exp(a - m) + Math.exp(b - m)), 12);
    });
    expect(gm.score(pts)).toBeCloseTo((got[0] + got[1] + got[2]) / 3, 13);
    expect(gm.logLikelihoodOf(pts)).toBeCloseTo(got[0] + got[1] + got[2], 12);
  });

  it("predictProba rows sum to 1 and predict is their argmax", () => {
    const pts = [[0, 0], [1.5, 0.5], [3, 1], [-30, 40], [1e3, -1e3]];
    const P = gm.predictProba(pts);
    const labels = gm.predict(pts);
    P.forEach((row, i) => {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      row.forEach((p) => expect(Number.isFinite(p)).toBe(true));
      expect(labels[i]).toBe(row[0] >= row[1] ? 0 : 1);
    });
  });

  it("sample is reproducible and has the right moments", () => {
    const a = gm.sample(20000, 7);
    const b = gm.sample(20000, new Rng(7));
    expect(a.X[123]).toEqual(b.X[123]);
    const share = a.labels.filter((l) => l === 1).length / a.labels.length;
    expect(Math.abs(share - 0.7)).toBeLessThan(0.02);
    const xs = a.X.filter((_, i) => a.labels[i] === 1);
    const mx = xs.reduce((s, r) => s + r[0], 0) / xs.length;
    const my = xs.reduce((s, r) => s + r[1], 0) / xs.length;
    const cxy = xs.reduce((s, r) => s + (r[0] - mx) * (r[1] - my), 0) / xs.length;
    expect(Math.abs(mx - 3)).toBeLessThan(0.03);
    expect(Math.abs(my - 1)).toBeLessThan(0.03);
    expect(Math.abs(cxy - -0.2)).toBeLessThan(0.03);
  });

  it("nParameters, bic, aic and icl follow the formulas", () => {
    const pts = gm.sample(50, 3).X;
    const ll = gm.logLikelihoodOf(pts);
    // full, k = 2, d = 2: 1 weight + 4 means + 2·3 covariance entries.
    expect(gm.nParameters).toBe(11);
    expect(gm.bicOf(pts)).toBeCloseTo(-2 * ll + 11 * Math.log(50), 10);
    expect(gm.aicOf(pts)).toBeCloseTo(-2 * ll + 22, 10);
    const P = gm.predictProba(pts);
    const entropyTerm = P.reduce((s, row) => s + Math.log(Math.max(...row)), 0);
    expect(gm.iclOf(pts)).toBeCloseTo(gm.bicOf(pts) - 2 * entropyTerm, 10);
    expect(gm.iclOf(pts)).toBeGreaterThanOrEqual(gm.bicOf(pts));
    const counts = (type: "full" | "tied" | "diag" | "spherical", k: number, d: number): number =>
      GaussianMixture.fromParams({
        weights: Array(k).fill(1 / k),
        means: Array.from({ length: k }, () => Array(d).fill(0)),
        covariances: Array.from({ length: k }, () => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)))),
        covarianceType: type,
      }).nParameters;
    expect(counts("full", 3, 4)).toBe(2 + 12 + 30);
    expect(counts("tied", 3, 4)).toBe(2 + 12 + 10);
    expect(counts("diag", 3, 4)).toBe(2 + 12 + 12);
    expect(counts("spherical", 3, 4)).toBe(2 + 12 + 3);
  });

  it("toParams round-trips, also through fromParams with compact covariances", () => {
    const again = GaussianMixture.fromParams(gm.toParams());
    expect(again.scoreSamples([[1, 1]])[0]).toBe(gm.scoreSamples([[1, 1]])[0]);
    const sph = GaussianMixture.fromParams({ weights: [0.5, 0.5], means: [[-2], [2]], covariances: [1, 4], covarianceType: "spherical" });
    expect(sph.covariances).toEqual([[[1]], [[4]]]);
    expect(sph.scoreSamples([[0]])[0]).toBeCloseTo(Math.log(0.5 * Math.exp(-2) / Math.sqrt(2 * Math.PI) + (0.5 * Math.exp(-0.5)) / Math.sqrt(8 * Math.PI)), 13);
  });
});

describe("FittedGaussianMixture", () => {
  it("bic/aic/icl without X use the (weighted) training fit", () => {
    const fit = fitGaussianMixture(X, { k: 2, seed: 2 });
    expect(fit.bic).toBeCloseTo(fit.bicOf(X), 6);
    expect(fit.aic).toBeCloseTo(-2 * fit.logLikelihood + 2 * fit.nParameters, 10);
    expect(fit.icl).toBeCloseTo(fit.iclOf(X), 6);
    expect(fit.labels).toEqual(fit.predict(X));
    expect(fit.n).toBe(272);
    expect(fit.history.logLikelihood.length).toBe(fit.iterations + 1);
    expect(fit.history.logLikelihood[fit.iterations]).toBe(fit.logLikelihood);
    expect(fit.logLikelihood).toBeCloseTo(fit.score(X) * 272, 8);
  });

  it("covariances come back as full d×d matrices for every type", () => {
    for (const type of ["full", "tied", "diag", "spherical"] as const) {
      const fit = fitGaussianMixture(X, { k: 3, covarianceType: type, seed: 1 });
      expect(fit.covariances.length).toBe(3);
      for (const S of fit.covariances) {
        expect(S.length).toBe(2);
        expect(S[0].length).toBe(2);
        expect(S[0][1]).toBe(S[1][0]);
        if (type === "diag" || type === "spherical") expect(S[0][1]).toBe(0);
        if (type === "spherical") expect(S[0][0]).toBe(S[1][1]);
      }
      if (type === "tied") expect(fit.covariances[1]).toEqual(fit.covariances[0]);
      expect(fit.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      expect(fit.covarianceType).toBe(type);
      expect([fit.k, fit.d]).toEqual([3, 2]);
    }
  });

  it("integer sampleWeights equal duplicated rows", () => {
    const small = X.slice(0, 60);
    const weights = small.map((_, i) => 1 + (i % 3));
    const dup = small.flatMap((row, i) => Array.from({ length: weights[i] }, () => row));
    const init = fitGaussianMixture(small, { k: 2, seed: 1, maxIter: 0 }).toParams();
    const { covarianceType: _t, ...initParams } = init;
    const a = fitGaussianMixture(small, { k: 2, init: initParams, sampleWeights: weights, tol: 0, maxIter: 200 });
    const b = fitGaussianMixture(dup, { k: 2, init: initParams, tol: 0, maxIter: 200 });
    expect(a.logLikelihood).toBeCloseTo(b.logLikelihood, 8);
    expect(a.means[0][1]).toBeCloseTo(b.means[0][1], 8);
    expect(a.covariances[1][0][1]).toBeCloseTo(b.covariances[1][0][1], 8);
    expect(a.totalWeight).toBe(dup.length);
    expect(a.bic).toBeCloseTo(b.bic, 6);
  });

  it("nInit keeps the best restart; seeds make fits reproducible", () => {
    const fit = fitGaussianMixture(X, { k: 4, nInit: 3, seed: 5, init: "random" });
    expect(fit.restarts.length).toBe(3);
    expect(fit.logLikelihood).toBe(Math.max(...fit.restarts.map((r) => r.logLikelihood)));
    const again = fitGaussianMixture(X, { k: 4, nInit: 3, seed: 5, init: "random" });
    expect(again.means).toEqual(fit.means);
  });

  it("snapshots and the ELBO for teaching", () => {
    const fit = fitGaussianMixture(X, { k: 2, seed: 1, init: "random", snapshots: "all", trackElbo: true, maxIter: 15, tol: 0 });
    expect(fit.history.snapshots.length).toBe(fit.iterations + 1);
    expect(fit.history.snapshots[fit.iterations].params.means).toEqual(fit.means);
    const ll = fit.history.logLikelihood;
    fit.history.elbo!.forEach((e, t) => {
      expect(e).toBeGreaterThanOrEqual(ll[t] - 1e-9);
      expect(e).toBeLessThanOrEqual(ll[t + 1] + 1e-9);
    });
  });
});

describe("gaussianMixtureModel (step-by-step EM on plain parameters)", () => {
  it("runEM on it reproduces fitGaussianMixture from the same start", async () => {
    const { runEM, emSteps } = await import("../../src/em/engine.js");
    const { gaussianMixtureModel } = await import("../../src/mixture/index.js");
    const model = gaussianMixtureModel(X, { k: 2, covarianceType: "diag" });
    const start = model.initialParams("random", 4);
    const a = runEM(model, start, { maxIter: 25, tol: 0, relTol: 0 });
    const b = fitGaussianMixture(X, { k: 2, covarianceType: "diag", init: start, maxIter: 25, tol: 0 });
    expect(a.logLikelihood).toBeCloseTo(b.logLikelihood, 9);
    expect(a.params.means[1][1]).toBeCloseTo(b.means[1][1], 9);
    const steps = [...emSteps(model, start, { maxIter: 2 })];
    expect(steps.map((s) => s.phase).join("")).toBe("EMEME");
    const e0 = steps[0];
    if (e0.phase !== "E") throw new Error("expected an E-step");
    expect(e0.stats.responsibilities.length).toBe(272);
    expect(e0.stats.responsibilities[0].reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    expect(e0.stats.nk.reduce((s, v) => s + v, 0)).toBeCloseTo(272, 9);
    expect(model.elbo!(e0.stats, start)).toBeCloseTo(e0.logLikelihood, 8);
  });
});
