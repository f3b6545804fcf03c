import { readFileSync } from "node:fs";
import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { DomainError, InvalidInputError, ShapeError } from "../../src/core/errors.js";
import { MultivariateNormal } from "../../src/distributions/multivariateNormal.js";
import {
  bruteForceHMM,
  fitHMM,
  forwardBackward,
  hmmLogLikelihood,
  hmmStandardErrors,
  sampleHMM,
  viterbi,
  type MultivariateHMM,
} from "../../src/hmm/index.js";
import { symmetricEigen } from "../../src/hmm/multivariate.js";
import type { CovarianceType } from "../../src/mixture/options.js";

// Reference: scripts/reference/hmm_multivariate_baum_welch.py, an independent numpy/scipy Baum–Welch
// (textbook scaled forward–backward, scipy's multivariate_normal.logpdf, two-pass weighted moments)
// run from explicit starts for a FIXED number of iterations; ℓ at every iterate and the final
// parameters are in the fixture. fitHMM runs from the same start with tol = relTol = paramTol = 0
// and maxIter = N (paramTol = 0 switches the ℓ tests off and stops only on an exact fixed point), so
// both run N iterations (or fitHMM stops earlier at an exact fixed point, which the reference's
// later iterates equal to rounding), and the two sequences of iterates are the same map evaluated in
// different summation orders (moments about the current means here, two-pass there): rounding
// differences of ~1e-15 relative per iteration, which EM's contraction keeps from growing (observed:
// ℓ ≤ 6e-15, parameters ≤ 2e-13 relative). 1e-9 relative leaves room for other platforms' libm and
// is far below any difference a wrong formula, weight or floor would make.
interface RefCase {
  name: string;
  covarianceType: CovarianceType;
  k: number;
  sequenceLengths: number[];
  sampleWeights: number[];
  iterations: number;
  init: { initial: number[]; transition: number[][]; means: number[][]; covariances: number[][][] };
  logLikelihood: number[];
  final: { initial: number[]; transition: number[][]; means: number[][]; covariances: number[][][] };
  data?: number[][];
}
const REF = JSON.parse(readFileSync(new URL("./reference/multivariate_baum_welch.json", import.meta.url), "utf8")) as { cases: RefCase[] };

const faithful = readCsv("data/faithful.csv");
const eruptions = faithful.numbers("eruptions");
const waitingTimes = faithful.numbers("waiting");
const pairs = eruptions.map((e, t) => [e, waitingTimes[t]]);

function relErr(a: number, b: number, scale: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), scale);
}
function maxRel(a: number[] | number[][] | number[][][], b: number[] | number[][] | number[][][], scale: number): number {
  const fa = (a as unknown[]).flat(2) as number[];
  const fb = (b as unknown[]).flat(2) as number[];
  expect(fa.length).toBe(fb.length);
  let m = 0;
  for (let i = 0; i < fa.length; i++) m = Math.max(m, relErr(fa[i], fb[i], scale));
  return m;
}

describe("fitHMM (multivariate) agrees with an independent numpy Baum–Welch, iterate by iterate", () => {
  for (const c of REF.cases) {
    it(c.name, () => {
      const all = c.data ?? pairs;
      const seqs: number[][][] = [];
      let o = 0;
      for (const len of c.sequenceLengths) {
        seqs.push(all.slice(o, o + len));
        o += len;
      }
      const init: MultivariateHMM = {
        initial: c.init.initial,
        transition: c.init.transition,
        emissions: { type: "gaussian", covarianceType: c.covarianceType, means: c.init.means, covariances: c.init.covariances },
      };
      const fit = fitHMM(seqs.length === 1 ? seqs[0] : seqs, {
        k: c.k,
        emission: "gaussian",
        covarianceType: c.covarianceType,
        init,
        tol: 0,
        relTol: 0,
        paramTol: 0,
        maxIter: c.iterations,
        ...(seqs.length > 1 ? { sampleWeights: c.sampleWeights } : {}),
      });
      const ll = fit.history.logLikelihood;
      // Either all N iterations, or fewer ending at an exact fixed point of the map in floating point
      // (paramTol = 0 met: the step was exactly 0), where the reference's later iterates equal it to
      // rounding: the final comparisons below then still hold.
      if (fit.iterations !== c.iterations) {
        expect(fit.stopReason).toBe("converged");
        expect(fit.iterations).toBeGreaterThan(10);
      }
      let worst = 0;
      for (let t = 0; t <= fit.iterations; t++) worst = Math.max(worst, relErr(ll[t], c.logLikelihood[t], 1));
      expect(worst).toBeLessThan(1e-9);
      expect(relErr(fit.logLikelihood, c.logLikelihood[c.iterations], 1)).toBeLessThan(1e-9);
      const m = fit.model;
      expect(maxRel(m.initial, c.final.initial, 1e-6)).toBeLessThan(1e-9);
      expect(maxRel(m.transition, c.final.transition, 1e-6)).toBeLessThan(1e-9);
      expect(maxRel(m.emissions.means, c.final.means, 1)).toBeLessThan(1e-9);
      // Covariances relative to each matrix's diagonal scale (off-diagonal entries can be near 0).
      for (let j = 0; j < c.k; j++) {
        const scale = Math.max(...c.final.covariances[j].map((r, a) => r[a]));
        expect(maxRel(m.emissions.covariances[j], c.final.covariances[j], scale)).toBeLessThan(1e-9);
      }
      expect(fit.monotonicity.ok).toBe(true);
    });
  }
});

const TYPES: CovarianceType[] = ["full", "tied", "diag", "spherical"];

function model(type: CovarianceType, k: 2 | 3): MultivariateHMM {
  const means = [
    [0, 1, -1],
    [2, -1, 0.5],
    [-1, 2, 1],
  ].slice(0, k);
  const full = [
    [
      [1.2, 0.4, -0.2],
      [0.4, 0.8, 0.1],
      [-0.2, 0.1, 0.5],
    ],
    [
      [0.6, -0.3, 0],
      [-0.3, 1.5, 0.2],
      [0, 0.2, 0.9],
    ],
    [
      [2, 0.5, 0.5],
      [0.5, 1, 0.3],
      [0.5, 0.3, 1.1],
    ],
  ];
  const covariances =
    type === "full"
      ? full.slice(0, k)
      : type === "tied"
        ? Array.from({ length: k }, () => full[0])
        : type === "diag"
          ? full.slice(0, k).map((m) => m.map((r, a) => r.map((v, b) => (a === b ? v : 0))))
          : [0.7, 1.3, 2].slice(0, k).map((v) => [0, 1, 2].map((a) => [0, 1, 2].map((b) => (a === b ? v : 0))));
  const transition =
    k === 2
      ? [
          [0.8, 0.2],
          [0.35, 0.65],
        ]
      : [
          [0.7, 0.2, 0.1],
          [0.25, 0.5, 0.25],
          [0.1, 0.3, 0.6],
        ];
  return { initial: k === 2 ? [0.6, 0.4] : [0.5, 0.2, 0.3], transition, emissions: { type: "gaussian", covarianceType: type, means, covariances } };
}

describe("forward–backward and Viterbi (multivariate) against brute force over all K^T paths", () => {
  for (const type of TYPES) {
    for (const k of [2, 3] as const) {
      it(`${type}, K = ${k}, D = 3`, () => {
        const m = model(type, k);
        const T = k === 2 ? 9 : 6;
        const x = sampleHMM(m, T, 7 + k).observations;
        const bf = bruteForceHMM(m, x);
        const fb = forwardBackward(m, x);
        expect(bf.paths).toBe(k ** T);
        // Same emission densities on both sides; the check is of the path sums: rounding only.
        expect(relErr(fb.logLikelihood, bf.logLikelihood, 1)).toBeLessThan(1e-12);
        expect(maxRel(fb.posteriors, bf.posteriors, 1)).toBeLessThan(1e-12);
        expect(hmmLogLikelihood(m, x)).toBe(fb.logLikelihood);
        const v = viterbi(m, x);
        expect(v.path).toEqual(bf.bestPath);
        expect(relErr(v.logProbability, bf.bestLogProbability, 1)).toBeLessThan(1e-12);
      });
    }
  }

  it("emission densities agree with MultivariateNormal.logPdf (a one-state model: ℓ = Σ log N(x_t))", () => {
    for (const type of TYPES) {
      const m2 = model(type, 2);
      const one: MultivariateHMM = {
        initial: [1],
        transition: [[1]],
        emissions: { ...m2.emissions, means: [m2.emissions.means[1]], covariances: [m2.emissions.covariances[1]] },
      };
      const x = sampleHMM(m2, 40, 3).observations;
      const mvn = new MultivariateNormal(m2.emissions.means[1], m2.emissions.covariances[1]);
      const direct = x.reduce((s, row) => s + mvn.logPdf(row), 0);
      expect(relErr(hmmLogLikelihood(one, x), direct, 1)).toBeLessThan(1e-13);
    }
  });

  it("accepts an ml-matrix Matrix and compact covariances in a model built by hand", () => {
    const m = model("diag", 2);
    const compact: MultivariateHMM = {
      ...m,
      emissions: { ...m.emissions, covariances: m.emissions.covariances.map((c) => c.map((r, a) => r[a])) as unknown as number[][][] },
    };
    const x = sampleHMM(m, 30, 1).observations;
    expect(hmmLogLikelihood(compact, new Matrix(x) as unknown as number[][])).toBe(hmmLogLikelihood(m, x));
  });
});

describe("fitHMM (multivariate): properties", () => {
  const w = waitingTimes;
  it("D = 1 multivariate is the univariate fit (same start, same iterates to 1e-12)", () => {
    // paramTol = 0 (ℓ tests off): both run all 60 iterations (the exact fixed point comes near 90).
    const start = { initial: [0.5, 0.5], transition: [[0.7, 0.3], [0.4, 0.6]] };
    const uni = fitHMM(w, { k: 2, emission: "gaussian", init: { ...start, emissions: { type: "gaussian", means: [55, 80], variances: [100, 100] } }, tol: 0, relTol: 0, paramTol: 0, maxIter: 60 });
    // tied (one shared variance) is a different model; the other three are the univariate one at D = 1.
    for (const type of ["full", "diag", "spherical"] as const) {
      const mv = fitHMM(
        w.map((v) => [v]),
        {
          k: 2,
          emission: "gaussian",
          covarianceType: type,
          init: { ...start, emissions: { type: "gaussian", covarianceType: type, means: [[55], [80]], covariances: [[[100]], [[100]]] } },
          tol: 0,
          relTol: 0,
          paramTol: 0,
          maxIter: 60,
        },
      );
      const ll = uni.history.logLikelihood;
      expect(mv.iterations).toBe(60);
      expect(uni.iterations).toBe(60);
      for (let t = 0; t < ll.length; t++) expect(relErr(mv.history.logLikelihood[t], ll[t], 1)).toBeLessThan(1e-12);
      const e = uni.model.emissions as { means: number[]; variances: number[] };
      expect(maxRel(mv.model.emissions.means.map((r) => r[0]), e.means, 1)).toBeLessThan(1e-12);
      expect(maxRel(mv.model.emissions.covariances.map((c) => c[0][0]), e.variances, 1)).toBeLessThan(1e-12);
      expect(maxRel(mv.model.transition, uni.model.transition, 1e-6)).toBeLessThan(1e-12);
      expect(mv.nParameters).toBe(uni.nParameters);
      expect(mv.viterbiPath).toEqual(uni.viterbiPath);
    }
  });

  it("sampleWeights are frequency weights: weight 2 = the sequence twice, weight 0 = left out (univariate and multivariate)", () => {
    const a = pairs.slice(0, 120);
    const b = pairs.slice(120);
    const init = { initial: [0.5, 0.5], transition: [[0.7, 0.3], [0.4, 0.6]], emissions: { type: "gaussian" as const, covarianceType: "full" as const, means: [[2, 55], [4.5, 80]], covariances: [[[1, 5], [5, 100]], [[1, 5], [5, 100]]] } };
    const o = { k: 2, emission: "gaussian" as const, covarianceType: "full" as const, init, tol: 0, relTol: 0, paramTol: 0, maxIter: 60 };
    const weighted = fitHMM([a, b], { ...o, sampleWeights: [2, 1] });
    const duplicated = fitHMM([a, a, b], o);
    expect(relErr(weighted.logLikelihood, duplicated.logLikelihood, 1)).toBeLessThan(1e-12);
    expect(maxRel(weighted.model.emissions.covariances, duplicated.model.emissions.covariances, 1)).toBeLessThan(1e-11);
    expect(weighted.nObservations).toBe(2 * a.length + b.length);
    expect(weighted.bic).toBeCloseTo(duplicated.bic, 8);
    const dropped = fitHMM([a, b], { ...o, sampleWeights: [0, 1] });
    const alone = fitHMM(b, o);
    expect(relErr(dropped.logLikelihood, alone.logLikelihood, 1)).toBeLessThan(1e-12);
    expect(dropped.viterbiPath.length).toBe(pairs.length); // still decoded for every sequence
    const ua = w.slice(0, 120);
    const ub = w.slice(120);
    const uo = { k: 2, emission: "gaussian" as const, init: { initial: [0.5, 0.5], transition: [[0.7, 0.3], [0.4, 0.6]], emissions: { type: "gaussian" as const, means: [55, 80], variances: [100, 100] } }, tol: 0, relTol: 0, paramTol: 0, maxIter: 60 };
    expect(relErr(fitHMM([ua, ub], { ...uo, sampleWeights: [2, 1] }).logLikelihood, fitHMM([ua, ua, ub], uo).logLikelihood, 1)).toBeLessThan(1e-12);
    const q = readCsv("data/earthquakes.csv").numbers("count");
    const po = { k: 2, emission: "poisson" as const, tol: 0, relTol: 0, paramTol: 0, maxIter: 60 };
    const pinit = { initial: [0.5, 0.5], transition: [[0.9, 0.1], [0.1, 0.9]], emissions: { type: "poisson" as const, rates: [12, 28] } };
    const pw = fitHMM([q.slice(0, 50), q.slice(50)], { ...po, init: pinit, sampleWeights: [3, 1] });
    const pd = fitHMM([q.slice(0, 50), q.slice(0, 50), q.slice(0, 50), q.slice(50)], { ...po, init: pinit });
    expect(pw.nObservations).toBe(3 * 50 + (q.length - 50));
    expect(relErr(pw.logLikelihood, pd.logLikelihood, 1)).toBeLessThan(1e-12);
    expect(pw.iterations).toBe(60);
    expect(maxRel(pw.model.transition, pd.model.transition, 1e-6)).toBeLessThan(1e-10);
  });

  it("random starts, order 'mean' (lexicographic), nParameters by type, monotone ℓ; SQUAREM reaches the same maximum", () => {
    const counts = { full: 13, tied: 10, diag: 11, spherical: 9 };
    for (const type of TYPES) {
      const fit = fitHMM(pairs, { k: 2, emission: "gaussian", covarianceType: type, nInit: 3, seed: 1, order: "mean" });
      expect(fit.converged).toBe(true);
      expect(fit.monotonicity.ok).toBe(true);
      expect(fit.nParameters).toBe(counts[type]);
      expect(fit.model.emissions.means[0][0]).toBeLessThan(fit.model.emissions.means[1][0]);
      expect(fit.posteriors.length).toBe(272);
      const acc = fitHMM(pairs, { k: 2, emission: "gaussian", covarianceType: type, nInit: 3, seed: 1, order: "mean", accelerate: "squarem" });
      expect(relErr(acc.logLikelihood, fit.logLikelihood, 1)).toBeLessThan(1e-8);
    }
  });

  it("Old Faithful, K = 2, full: short eruptions are mostly followed by long ones", () => {
    const fit = fitHMM(pairs, { k: 2, emission: "gaussian", covarianceType: "full", nInit: 5, seed: 1, order: "mean" });
    expect(fit.model.transition[0][1]).toBeGreaterThan(0.9);
    expect(fit.logLikelihood).toBeCloseTo(REF.cases[0].logLikelihood[100], 6);
  });

  it("sampleHMM: deterministic by seed, and a long sample recovers the parameters", () => {
    const m = model("full", 2);
    expect(sampleHMM(m, 20, 5)).toEqual(sampleHMM(m, 20, 5));
    const s = sampleHMM(m, 20000, 11);
    const fit = fitHMM(s.observations, { k: 2, emission: "gaussian", covarianceType: "full", init: m });
    expect(maxRel(fit.model.transition, m.transition, 1)).toBeLessThan(0.03);
    expect(maxRel(fit.model.emissions.means, m.emissions.means, 1)).toBeLessThan(0.05);
    expect(maxRel(fit.model.emissions.covariances, m.emissions.covariances, 1)).toBeLessThan(0.06);
  });

  it("the eigenvalue floor binds on collinear data: finite fit, smallest eigenvalue = minVariance, ℓ monotone", () => {
    const x = eruptions.map((e) => [e, 2 * e - 1]);
    const fit = fitHMM(x, { k: 2, emission: "gaussian", covarianceType: "full", nInit: 2, seed: 2, minVariance: 1e-4, maxIter: 300 });
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    expect(fit.monotonicity.ok).toBe(true);
    for (const c of fit.model.emissions.covariances) {
      const tr = c[0][0] + c[1][1];
      const det = c[0][0] * c[1][1] - c[0][1] * c[1][0];
      const smallest = tr / 2 - Math.sqrt((tr * tr) / 4 - det);
      expect(smallest).toBeGreaterThanOrEqual(1e-4 * (1 - 1e-6));
      expect(smallest).toBeLessThan(1e-4 * (1 + 1e-3));
    }
    const d = fitHMM(x, { k: 2, emission: "gaussian", covarianceType: "diag", nInit: 2, seed: 2, minVariance: 1e-4, maxIter: 300 });
    expect(d.monotonicity.ok).toBe(true);
  });
});

describe("fitHMM (multivariate): bad input", () => {
  const o = { k: 2, emission: "gaussian" as const, covarianceType: "full" as const };
  it("rows of different lengths, D mismatch between sequences, NaN, empty", () => {
    expect(() => fitHMM([[1, 2], [3], [4, 5]], o)).toThrow(ShapeError);
    expect(() => fitHMM([[1, 2], [3], [4, 5]], o)).toThrow(/observations\[1\] has 1 entries/);
    expect(() => fitHMM([pairs.slice(0, 10), eruptions.slice(0, 10).map((e) => [e, 1, 2])], o)).toThrow(/All sequences must have the same D/);
    expect(() => fitHMM([[1, 2], [NaN, 3], [4, 5]], o)).toThrow(DomainError);
    expect(() => fitHMM([], o)).toThrow(InvalidInputError);
    expect(() => fitHMM(eruptions as unknown as number[][], o)).toThrow(/wrap each value as \[x\]/);
  });
  it("covarianceType for poisson or categorical; unknown covarianceType", () => {
    expect(() => fitHMM([1, 2, 3] as unknown as number[][], { k: 2, emission: "poisson", covarianceType: "full" })).toThrow(/covarianceType applies to gaussian emissions only/);
    expect(() => fitHMM([0, 1, 0] as unknown as number[][], { k: 2, emission: "categorical", covarianceType: "diag" })).toThrow(InvalidInputError);
    expect(() => fitHMM(pairs, { ...o, covarianceType: "banded" as CovarianceType })).toThrow(/covarianceType/);
  });
  it("init of the wrong type or dimension; sampleWeights of the wrong length or negative; fixed emissions", () => {
    const m = model("full", 2);
    expect(() => fitHMM(pairs, { ...o, init: m })).toThrow(/3-dimensional means but the observations have D = 2/);
    const m2 = { ...m, emissions: { ...m.emissions, means: [[2, 55], [4, 80]], covariances: [[[1, 0], [0, 30]], [[1, 0], [0, 30]]] } };
    expect(() => fitHMM(pairs, { ...o, covarianceType: "diag", init: m2 })).toThrow(/covarianceType "full" but the fit uses "diag"/);
    expect(() => fitHMM(waitingTimes, { k: 2, emission: "gaussian", init: m2 })).toThrow(/pass covarianceType/);
    expect(() => fitHMM(pairs, { ...o, sampleWeights: [1, 2] })).toThrow(/one weight per sequence/);
    expect(() => fitHMM([pairs, pairs], { ...o, sampleWeights: [1, -1] })).toThrow(/negative/);
    expect(() => fitHMM([pairs, pairs], { ...o, sampleWeights: [0, 0] })).toThrow(/at least one sequence/);
    expect(() => fitHMM(pairs, { ...o, fixed: { emissions: { means: [1, 2] } } })).toThrow(/fixed.emissions is not supported for multivariate/);
    const bad = { ...m2, emissions: { ...m2.emissions, covariances: [[[1, 2], [2, 1]], [[1, 0], [0, 30]]] } };
    expect(() => fitHMM(pairs, { ...o, init: bad })).toThrow(/not positive-definite/);
  });
  it("a model's observations must have its D; hmmStandardErrors says it does not support multivariate emissions", () => {
    const m = model("diag", 2);
    expect(() => forwardBackward(m, pairs)).toThrow(/rows of length 2 but 3 was expected/);
    const fit = fitHMM(pairs, { ...o, nInit: 1, seed: 1 });
    expect(() => hmmStandardErrors(fit, pairs)).toThrow(/multivariate gaussian emissions are not supported/);
  });
});

describe("symmetricEigen (the floor's eigendecomposition)", () => {
  it("reconstructs A = U Λ Uᵀ with U orthogonal, and finds the known spectrum", () => {
    const d = 4;
    // A = Q diag(5, 2, 1e-3, -1) Qᵀ for a Householder reflection Q = I − 2vvᵀ/vᵀv.
    const v = [1, -2, 0.5, 3];
    const vv = v.reduce((s, x) => s + x * x, 0);
    const Q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * v[i] * v[j]) / vv;
    const lam = [5, 2, 1e-3, -1];
    const A = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let m = 0; m < d; m++) A[i * d + j] += Q(i, m) * lam[m] * Q(j, m);
    const { values, vectors: U } = symmetricEigen(A, d);
    const sorted = Array.from(values).sort((a, b) => b - a);
    for (let i = 0; i < d; i++) expect(Math.abs(sorted[i] - lam[i])).toBeLessThan(1e-14);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let r = 0;
        let o = 0;
        for (let m = 0; m < d; m++) {
          r += U[i * d + m] * values[m] * U[j * d + m];
          o += U[m * d + i] * U[m * d + j];
        }
        expect(Math.abs(r - A[i * d + j])).toBeLessThan(1e-14);
        expect(Math.abs(o - (i === j ? 1 : 0))).toBeLessThan(1e-14);
      }
    }
  });
});
