// The answers of notebook 12 (lib/src/course/answers/12.ts) against independent computations on the
// course data, and against plausible wrong answers. Answers read ../data/ relative to the working
// directory, as in a notebook, so these tests run in notebooks/ (restored afterwards).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook12 } from "../../src/course/answers/12.js";
import { compare } from "../../src/course/compare.js";
import { readCsv } from "../../src/core/data.js";
import { digamma } from "../../src/core/special.js";
import { fitBayesianGaussianMixture } from "../../src/mixture/bayesian.js";
import { bayesianMixtureLogEvidence } from "../../src/mixture/evidence.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const expectedOf = (id: string, ctx: Record<string, unknown>) => notebook12[id].expected!(notebook12[id].readContext(ctx, "test"));
/** Whether `value` passes exercise `id` with its tolerances, as checkAnswer decides. */
const passes = (id: string, value: unknown, ctx: Record<string, unknown>) => {
  const e = notebook12[id];
  return compare(value, expectedOf(id, ctx), e.relTol ?? 1e-6, e.absTol ?? 1e-9, "test").correct;
};
const faithful = () => readCsv(resolve(root, "data/faithful.csv"));
const small = (n: number) => faithful().numbers("waiting").slice(0, n).map((v) => [v]);
const vbSmall = (x: number[][], k: number, seed: number) => fitBayesianGaussianMixture(x, { k, weightConcentrationPriorType: "dirichletDistribution", regCovar: 0, nInit: 5, seed });

describe("answers of notebook 12", () => {
  it("12.1: the gap for K = 3 is positive and is exact evidence minus ELBO; the K = 2 gap and the ELBO fail", () => {
    for (const [n, seed] of [[12, 0], [8, 1]]) {
      const x = small(n);
      const vb3 = vbSmall(x, 3, seed);
      const gap3 = bayesianMixtureLogEvidence(x, { k: 3 }) - vb3.elbo;
      expect(gap3).toBeGreaterThan(0);
      expect(passes("12.1", gap3, { nSmall: n, seed })).toBe(true);
      const vb2 = vbSmall(x, 2, seed);
      expect(passes("12.1", bayesianMixtureLogEvidence(x, { k: 2 }) - vb2.elbo, { nSmall: n, seed })).toBe(false);
      expect(passes("12.1", vb3.elbo, { nSmall: n, seed })).toBe(false);
      expect(passes("12.1", Math.log(6), { nSmall: n, seed })).toBe(false);
    }
  });

  it("12.2: the exact posterior of K = 2; the one from the ELBOs fails", () => {
    const x = small(12);
    const ev = [1, 2, 3].map((k) => bayesianMixtureLogEvidence(x, { k }));
    const p2 = Math.exp(ev[1]) / (Math.exp(ev[0]) + Math.exp(ev[1]) + Math.exp(ev[2]));
    expect(passes("12.2", p2, { nSmall: 12 })).toBe(true);
    const el = [1, 2, 3].map((k) => vbSmall(x, k, 0).elbo);
    const q2 = Math.exp(el[1]) / (Math.exp(el[0]) + Math.exp(el[1]) + Math.exp(el[2]));
    expect(passes("12.2", q2, { nSmall: 12 })).toBe(false);
    expect(passes("12.2", 1 / 3, { nSmall: 12 })).toBe(false);
  });

  it("12.3: the stick-breaking and Dirichlet weight updates from the responsibilities; maximum-likelihood weights fail", () => {
    const X = faithful().matrix(["eruptions", "waiting"]);
    for (const [type, prior] of [["dirichletProcess", 0.01], ["dirichletDistribution", 100]] as const) {
      const ctx = { kMax: 6, weightPrior: prior, weightPriorType: type, seed: 0 };
      const R = fitBayesianGaussianMixture(X, { k: 6, weightConcentrationPrior: prior, weightConcentrationPriorType: type, seed: 0 }).responsibilities;
      const N = [0, 1, 2, 3, 4, 5].map((c) => R.reduce((s, r) => s + r[c], 0));
      let w: number[];
      if (type === "dirichletProcess") {
        let rest = 1;
        w = N.map((Nc, c) => {
          const a = 1 + Nc;
          const b = prior + N.slice(c + 1).reduce((s, v) => s + v, 0);
          const e = (a / (a + b)) * rest;
          rest *= b / (a + b);
          return e;
        });
      } else w = N.map((Nc) => prior + Nc);
      const total = w.reduce((s, v) => s + v, 0);
      expect(passes("12.3", w.map((v) => v / total), ctx)).toBe(true);
      expect(passes("12.3", N.map((v) => v / X.length), ctx)).toBe(false); // maximum-likelihood weights ignore the prior
      // The other prior's update fails: the stick-breaking prior is not a symmetric Dirichlet, and back.
      const other = type === "dirichletProcess" ? N.map((Nc) => (prior + Nc) / (6 * prior + X.length)) : N.map((Nc, c) => (1 + Nc) / (1 + prior + N.slice(c).reduce((s, v) => s + v, 0)));
      expect(passes("12.3", other, ctx)).toBe(false);
    }
  });

  it("12.4: one M-step written out (E-step to 1e-10, then λ₁ = η + Σ n φ) passes; without η or with E[β] in place of exp E[log β] it fails", () => {
    const t = readCsv(resolve(root, "data/austen_counts.csv"));
    const books = readCsv(resolve(root, "data/austen_chapters.csv")).strings("book");
    const V = readCsv(resolve(root, "data/austen_vocabulary.csv")).rowCount;
    const novels = [...new Set(books)];
    const K = novels.length;
    const eta = 1 / K;
    const alpha = 1 / K;
    const doc = t.numbers("doc").map((d) => d - 1);
    const term = t.numbers("term").map((w) => w - 1);
    const count = t.numbers("count");
    const lambda0 = novels.map(() => new Array<number>(V).fill(eta));
    doc.forEach((d, i) => (lambda0[novels.indexOf(books[d])][term[i]] += count[i]));
    const docs = books.map(() => ({ terms: [] as number[], counts: [] as number[] }));
    doc.forEach((d, i) => {
      docs[d].terms.push(term[i]);
      docs[d].counts.push(count[i]);
    });
    const mStep = (beta: number[][]) => {
      const lambda1 = lambda0.map(() => new Array<number>(V).fill(eta));
      for (const { terms, counts } of docs) {
        let gamma = new Array<number>(K).fill(1);
        let eTheta: number[] = [];
        for (let it = 0; it < 100000; it++) {
          const s = gamma.reduce((a, b) => a + b, 0);
          eTheta = gamma.map((g) => Math.exp(digamma(g) - digamma(s)));
          const next = new Array<number>(K).fill(alpha);
          terms.forEach((w, j) => {
            let norm = 0;
            for (let k = 0; k < K; k++) norm += eTheta[k] * beta[k][w];
            for (let k = 0; k < K; k++) next[k] += (counts[j] * eTheta[k] * beta[k][w]) / norm;
          });
          const change = next.reduce((a, g, k) => a + Math.abs(g - gamma[k]), 0) / K;
          gamma = next;
          if (change < 1e-10) break;
        }
        const s = gamma.reduce((a, b) => a + b, 0);
        eTheta = gamma.map((g) => Math.exp(digamma(g) - digamma(s)));
        terms.forEach((w, j) => {
          let norm = 0;
          for (let k = 0; k < K; k++) norm += eTheta[k] * beta[k][w];
          for (let k = 0; k < K; k++) lambda1[k][w] += (counts[j] * eTheta[k] * beta[k][w]) / norm;
        });
      }
      return lambda1;
    };
    const expElogBeta = lambda0.map((row) => {
      const s = row.reduce((a, b) => a + b, 0);
      return row.map((l) => Math.exp(digamma(l) - digamma(s)));
    });
    const meanBeta = lambda0.map((row) => {
      const s = row.reduce((a, b) => a + b, 0);
      return row.map((l) => l / s);
    });
    const check = (v: unknown) => notebook12["12.4"].check!(v, {});
    const right = mStep(expElogBeta);
    expect(check(right).correct).toBe(true);
    const withoutEta = right.map((row) => row.map((v) => v - eta));
    expect(check(withoutEta)).toMatchObject({ correct: false, message: expect.stringMatching(/^topic 1 \(started from /) });
    expect(check(mStep(meanBeta)).correct).toBe(false);
    expect(check(lambda0).correct).toBe(false);
    expect(check(lambda0.slice(1)).message).toMatch(/should be 6 topics/);
  }, 60000);

  it("rejects an nSmall outside the data and an unknown prior type", () => {
    expect(() => expectedOf("12.2", { nSmall: 300 })).toThrow(/nSmall must be an integer from 2 to 272/);
    expect(() => expectedOf("12.3", { kMax: 6, weightPrior: 1, weightPriorType: "stickBreaking", seed: 0 })).toThrow(/weightPriorType must be/);
  });
});
