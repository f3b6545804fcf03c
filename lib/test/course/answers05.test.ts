// The answers of notebook 05 (lib/src/course/answers/05.ts) against independent computations on the
// course data, and their property checks against right and wrong values. Answers read
// ../data/faithful.csv relative to the working directory, as in a notebook, so these tests run in
// notebooks/ (restored afterwards).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook05 } from "../../src/course/answers/05.js";
import { readCsv } from "../../src/core/data.js";
import { Normal } from "../../src/distributions/normal.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import { runEM, type EMModel } from "../../src/em/engine.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const faithful = () => readCsv(resolve(root, "data/faithful.csv"));
const expectedOf = (id: string, ctx: Record<string, unknown>) => notebook05[id].expected!(notebook05[id].readContext(ctx, "test"));
const checkOf = (id: string, value: unknown, ctx: Record<string, unknown>) => notebook05[id].check!(value, notebook05[id].readContext(ctx, "test"));

describe("answers of notebook 05", () => {
  it("05.1: the E-step formula at 70 minutes, for the longest-wait component of the seeded 1-D fit", () => {
    for (const [K, n] of [[2, 272], [3, 272], [2, 120]]) {
      const w = faithful().numbers("waiting").slice(0, n);
      const fit = fitGaussianMixture(w.map((v) => [v]), { k: K, seed: 1 });
      const dens = fit.weights.map((p, c) => p * new Normal(fit.means[c][0], Math.sqrt(fit.covariances[c][0][0])).pdf(70));
      const longest = fit.means.reduce((b, m, c) => (m[0] > fit.means[b][0] ? c : b), 0);
      expect(expectedOf("05.1", { K, seed: 1, nEruptions: n })).toBeCloseTo(dens[longest] / dens.reduce((s, v) => s + v, 0), 12);
    }
  });
  it("05.2: (K − 1) + 2K + 3K free parameters", () => {
    for (const K of [1, 2, 3, 5]) expect(expectedOf("05.2", { K })).toBe(K - 1 + 2 * K + 3 * K);
  });
  it("05.3: (d/2)·ln 10 nats per decade for d = 2", () => {
    expect(expectedOf("05.3", {})).toBeCloseTo(Math.LN10, 15);
  });
  it("05.4: the iterations of the default fit from the start a third as spread out", () => {
    const t = faithful();
    const e = t.numbers("eruptions");
    const w = t.numbers("waiting");
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const sd = (a: number[]) => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));
    const s = 1.5 / 3;
    const init = { weights: [0.5, 0.5], means: [[mean(e) - s * sd(e), mean(w) + s * sd(w)], [mean(e) + s * sd(e), mean(w) - s * sd(w)]], covariances: [0, 1].map(() => [[sd(e) ** 2, 0], [0, sd(w) ** 2]]) };
    const iterations = fitGaussianMixture(e.map((v, i) => [v, w[i]]), { k: 2, init }).iterations;
    expect(expectedOf("05.4", { K: 2, nEruptions: 272, startSpread: 1.5 })).toBe(iterations);
    expect(iterations).toBeGreaterThan(10);
  });
  it("05.5: accepts a hard-EM fixed point and rejects soft EM's optimum, the start and malformed values", () => {
    const w = faithful().numbers("waiting");
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const sd = (a: number[]) => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));
    type P = { weights: number[]; mu: number[]; sd: number[] };
    const hard: EMModel<P, number[]> = {
      eStep: (p) => {
        let ll = 0;
        const labels = w.map((x) => {
          const s = p.mu.map((m, c) => Math.log(p.weights[c]) + new Normal(m, p.sd[c]).logPdf(x));
          const z = s.indexOf(Math.max(...s));
          ll += s[z];
          return z;
        });
        return { stats: labels, logLikelihood: ll };
      },
      mStep: (labels) => {
        const g = [0, 1].map((c) => w.filter((_, i) => labels[i] === c));
        return { weights: g.map((x) => x.length / w.length), mu: g.map(mean), sd: g.map(sd) };
      },
    };
    const start = { weights: [0.5, 0.5], mu: [50, 90], sd: [13, 13] };
    const fixed = runEM(hard, start).params;
    expect(checkOf("05.5", fixed, { nEruptions: 272 })).toMatchObject({ correct: true });
    const soft = fitGaussianMixture(w.map((v) => [v]), { k: 2, seed: 1 });
    const softParams = { weights: soft.weights, mu: soft.means.map((m) => m[0]), sd: soft.covariances.map((c) => Math.sqrt(c[0][0])) };
    const r = checkOf("05.5", softParams, { nEruptions: 272 });
    expect(r.correct).toBe(false);
    expect(r.message).toMatch(/not a fixed point of hard EM/);
    expect(checkOf("05.5", start, { nEruptions: 272 }).correct).toBe(false);
    expect(() => checkOf("05.5", { weights: [1], mu: [1], sd: [1] }, { nEruptions: 272 })).toThrow(/three arrays of the same length K ≥ 2/);
    // The hard fixed point's σ are below soft EM's, the bias the exercise is about.
    expect(Math.min(...fixed.sd)).toBeLessThan(Math.min(...softParams.sd));
  });
  it("rejects an nEruptions outside the data", () => {
    expect(() => expectedOf("05.1", { K: 2, seed: 1, nEruptions: 300 })).toThrow(/nEruptions must be an integer from 2 to 272/);
  });
});
