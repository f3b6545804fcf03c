/**
 * Long inputs: every function that takes a sequence or rows of data, at 10⁶ elements. Nothing may
 * hit a recursion or argument-spread limit (a RangeError from `f(...arr)` or `push(...arr)` appears
 * between ~10⁵ and ~10⁶ arguments), and results must be finite. EM fits run 1–2 iterations: the
 * point is the data size, not convergence. A source scan keeps call spreads out of lib/src.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/core/csv.js";
import { Rng } from "../../src/core/rng.js";
import { logSumExp } from "../../src/core/special.js";
import { toDenseMatrix, toVector } from "../../src/core/validate.js";
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Cauchy,
  Exponential,
  Gamma,
  Geometric,
  Laplace,
  LogNormal,
  Multinomial,
  MultivariateNormal,
  NegativeBinomial,
  Normal,
  Poisson,
  StudentT,
  Weibull,
} from "../../src/distributions/index.js";
import { convergenceRate, runEM } from "../../src/em/engine.js";
import { geneticLinkageModel } from "../../src/em/linkage.js";
import { fitHMM } from "../../src/hmm/fit.js";
import { forwardBackward, hmmLogLikelihood } from "../../src/hmm/forwardBackward.js";
import { sampleHMM } from "../../src/hmm/sample.js";
import { viterbi } from "../../src/hmm/viterbi.js";
import { fitMultivariateNormalMissing } from "../../src/missing/multivariateNormal.js";
import { gaussianMixtureModel } from "../../src/mixture/em-model.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import { mixtureStandardErrors } from "../../src/mixture/standard-errors.js";
import { fitBernoulliMixture } from "../../src/models/bernoulliMixture.js";
import { fitPoissonMixture } from "../../src/models/poissonMixture.js";
import { markdownTable } from "../../src/plot/markdown.js";
import { logisticRegression, poissonRegression } from "../../src/regression/glm.js";

const N = 1_000_000;
const rng = new Rng(1);
const normal = Float64Array.from({ length: N }, () => rng.normal());
const positive = normal.map((v) => Math.exp(0.5 * v));
const unit = normal.map((v) => 1 / (1 + Math.exp(-v)));
const counts = Float64Array.from(normal, () => rng.poisson(rng.gamma(2, 1.5))); // overdispersed
const heavy = Float64Array.from(normal, (v) => v / Math.sqrt(rng.gamma(2, 0.5))); // t with 4 df
const bits = Float64Array.from(normal, (v) => (v > 0.3 ? 1 : 0));
const rows1 = Array.from(normal, (v, i) => [v + (i % 2 ? 4 : 0)]); // two well-separated clusters
const rows2 = Array.from(normal, (v, i) => [v, normal[(i * 7) % N]]);
const finite = (v: number): boolean => Number.isFinite(v);

describe("10⁶ elements: core", () => {
  it("toVector, toDenseMatrix, logSumExp, Rng.permutation, parseCsv", () => {
    expect(toVector(normal, "t", "x").length).toBe(N);
    expect(toDenseMatrix(rows2, "t", "X").n).toBe(N);
    expect(finite(logSumExp(normal))).toBe(true);
    expect(new Rng(2).permutation(N).length).toBe(N);
    const csv = `x,y\n${Array.from({ length: N }, (_, i) => `${i},${i % 7}`).join("\n")}\n`;
    expect(parseCsv(csv).numbers("y").length).toBe(N);
  });
});

describe("10⁶ elements: every distribution's fit, logLikelihood, logPdfArray and sample", () => {
  const cases: Array<[string, () => { logLikelihood: number; distribution: { logLikelihood(x: ArrayLike<number>): number; sample(n: number, rng: number): ArrayLike<number> } }, ArrayLike<number>]> = [
    ["Normal", () => Normal.fit(normal), normal],
    ["LogNormal", () => LogNormal.fit(positive), positive],
    ["Exponential", () => Exponential.fit(positive), positive],
    ["Gamma", () => Gamma.fit(positive), positive],
    ["Weibull", () => Weibull.fit(positive), positive],
    ["Beta", () => Beta.fit(unit), unit],
    ["StudentT", () => StudentT.fit(heavy), heavy],
    ["Laplace", () => Laplace.fit(normal), normal],
    ["Cauchy", () => Cauchy.fit(heavy), heavy],
    ["Poisson", () => Poisson.fit(counts), counts],
    ["Bernoulli", () => Bernoulli.fit(bits), bits],
    ["Binomial", () => Binomial.fit(bits, { trials: 1 }), bits],
    ["Geometric", () => Geometric.fit(counts), counts],
    ["NegativeBinomial", () => NegativeBinomial.fit(counts), counts],
    ["Categorical", () => Categorical.fit(counts), counts],
  ];
  for (const [name, fit, x] of cases) {
    it(name, () => {
      const r = fit();
      expect(finite(r.logLikelihood)).toBe(true);
      expect(finite(r.distribution.logLikelihood(x))).toBe(true);
      const draws = r.distribution.sample(N, 3);
      expect(draws.length).toBe(N);
      expect((r.distribution as unknown as { logPdfArray?: (x: ArrayLike<number>) => Float64Array; logPmfArray?: (x: ArrayLike<number>) => Float64Array }).logPdfArray?.(x).length ?? N).toBe(N);
    });
  }

  it("MultivariateNormal (10⁶ × 2) and Multinomial (10⁶ rows)", () => {
    const m = MultivariateNormal.fit(rows2);
    expect(finite(m.logLikelihood)).toBe(true);
    expect(m.distribution.logPdfArray(rows2).length).toBe(N);
    const multi = Multinomial.fit(Array.from(bits, (b) => [b, 1 - b, 2]));
    expect(finite(multi.logLikelihood)).toBe(true);
  });
});

describe("10⁶ elements: regression", () => {
  it("logistic and Poisson regression on 10⁶ rows × 2", () => {
    const y = Array.from(normal, (v, i) => (v + normal[(i * 7) % N] + normal[(i * 13) % N] > 0 ? 1 : 0));
    expect(logisticRegression(rows2, y).converged).toBe(true);
    const yc = Array.from(normal, (v, i) => Math.round(Math.exp(0.3 * v) + (i % 3)));
    expect(poissonRegression(rows2, yc).converged).toBe(true);
  });

  it("the separation check (linear program) on 10⁶ quasi-separated rows", () => {
    const x = Array.from(normal);
    const y = x.map((v, i) => (v > 0 ? 1 : v < 0 ? 0 : i % 2));
    x[0] = 0; // ties at the boundary: quasi-complete
    expect(() => logisticRegression(x, y)).toThrow(/separated/);
  });
});

describe("10⁶ elements: EM fits and models", () => {
  it("fitGaussianMixture (10⁶ × 2, 2 iterations), predict, predictProba, scoreSamples, sample; mixtureStandardErrors (10⁶ × 1)", () => {
    // init "random" (one Lloyd step) keeps k-means++ and its 300 Lloyd iterations out of the timing.
    const fit = fitGaussianMixture(rows2, { k: 2, maxIter: 2, seed: 1, init: "random" });
    expect(finite(fit.logLikelihood)).toBe(true);
    expect(fit.predict(rows2).length).toBe(N);
    expect(fit.predictProba(rows2).length).toBe(N);
    expect(fit.scoreSamples(rows2).length).toBe(N);
    expect(fit.sample(N, 4).X.length).toBe(N);
    const one = fitGaussianMixture(rows1, { k: 2, init: { weights: [0.5, 0.5], means: [[0], [4]], covariances: [[[1]], [[1]]] }, tol: 1e-12 });
    const se = mixtureStandardErrors(one, rows1);
    expect(se.standardErrors.every(finite)).toBe(true);
  });

  it("gaussianMixtureModel with runEM (10⁶ × 1), and convergenceRate on a history of 10⁶ values", () => {
    const model = gaussianMixtureModel(rows1, { k: 2 });
    const res = runEM(model, { weights: [0.5, 0.5], means: [[-1], [1]], covariances: [[[1]], [[1]]] }, { maxIter: 1 });
    expect(finite(res.logLikelihood)).toBe(true);
    const ll = Array.from({ length: N }, (_, t) => -1 - 0.5 ** Math.min(t, 60));
    expect(convergenceRate(ll).ratios.length).toBe(N - 2);
    expect(runEM(geneticLinkageModel(), { theta: 0.5 }, { maxIter: 5 }).iterations).toBeLessThanOrEqual(5);
  });

  it("fitHMM on one sequence of 10⁶ (1 iteration) and on 10³ sequences of 10³", () => {
    const c = Array.from(counts);
    const p = fitHMM(c, { k: 2, emission: "poisson", maxIter: 1 });
    expect(p.viterbiPath.length).toBe(N);
    const many = Array.from({ length: 1000 }, (_, s) => c.slice(s * 1000, (s + 1) * 1000));
    expect(fitHMM(many, { k: 2, emission: "poisson", maxIter: 1 }).sequenceStarts.length).toBe(1000);
  });

  it("viterbi, forwardBackward, hmmLogLikelihood and sampleHMM at T = 10⁶", () => {
    const model = { initial: [0.5, 0.5], transition: [[0.9, 0.1], [0.2, 0.8]], emissions: { type: "poisson" as const, rates: [2, 6] } };
    const { observations } = sampleHMM(model, N, 5);
    expect(observations.length).toBe(N);
    expect(viterbi(model, observations).path.length).toBe(N);
    expect(forwardBackward(model, observations).posteriors.length).toBe(N);
    expect(finite(hmmLogLikelihood(model, observations))).toBe(true);
  });

  it("fitMultivariateNormalMissing (10⁶ × 2 with missing cells, 2 iterations) and impute()", () => {
    const X = rows2.map((r, i) => (i % 10 === 0 ? [r[0], NaN] : r));
    const fit = fitMultivariateNormalMissing(X, { maxIter: 2 });
    expect(finite(fit.logLikelihood)).toBe(true);
    expect(fit.impute().values.length).toBe(N);
  });

  it("fitPoissonMixture (10⁶) and fitBernoulliMixture (10⁶ × 3), 2 iterations", () => {
    expect(finite(fitPoissonMixture(counts, { k: 2, maxIter: 2 }).logLikelihood)).toBe(true);
    const B = Array.from(bits, (b, i) => [b, bits[(i * 7) % N], 1 - b]);
    expect(finite(fitBernoulliMixture(B, { k: 2, maxIter: 2 }).logLikelihood)).toBe(true);
  });

  it("markdownTable with 10⁶ rows", () => {
    const rows = Array.from({ length: N }, (_, i) => [i, normal[i]]);
    expect(markdownTable(["i", "x"], rows).length).toBeGreaterThan(N);
  });
});

describe("no call spreads over arrays in lib/src", () => {
  // f(...arr), arr.push(...other), Math.max(...arr) pass every element as an argument and throw a
  // RangeError for long arrays. Array and object literals ([...a], { ...o }) are fine.
  const root = resolve(__dirname, "../../src");
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts")) files.push(p);
    }
  };
  walk(root);

  it("no `name(...x)`, `.push(...x)`, `Math.max(...x)`, `.apply(` in the source", () => {
    const offenders: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, "").replace(/^\s*\*.*$/, "").replace(/`[^`]*`|"[^"]*"|'[^']*'/g, "");
        if (/[\w$\])]\s*\(\s*\.\.\./.test(code) || /\(\s*[^()[\]{}]*,\s*\.\.\.[\w$(]/.test(code) || /\.apply\(/.test(code)) {
          offenders.push(`${file.slice(root.length + 1)}:${i + 1}: ${line.trim()}`);
        }
      });
    }
    expect(offenders).toEqual([]);
  });
});
