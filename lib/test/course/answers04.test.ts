// The answers of notebook 04 (lib/src/course/answers/04.ts) against Dempster, Laird & Rubin's
// published Table 1, the library's linkage model, the ELBO identity and the single-Gaussian fit;
// plausible wrong answers must fail. Answers read ../data/ relative to the working directory, as in a
// notebook, so these tests run in notebooks/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook04 } from "../../src/course/answers/04.js";
import { readCsv } from "../../src/core/data.js";
import { compare } from "../../src/course/compare.js";
import { Normal } from "../../src/distributions/normal.js";
import { geneticLinkageModel } from "../../src/em/linkage.js";
import { mixture1dElbo, mixture1dEStep } from "../../src/mixture/univariate.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const verdict = (id: string, value: unknown, ctx: Record<string, unknown>) => {
  const ex = notebook04[id];
  const c = ex.readContext(ctx, "test");
  return ex.check ? ex.check(value, c) : compare(value, ex.expected!(c), ex.relTol ?? 1e-6, ex.absTol ?? 1e-9, "test");
};
const right = (id: string, value: unknown, ctx: Record<string, unknown>) => verdict(id, value, ctx).correct;
const wait = () => readCsv(resolve(root, "data/faithful.csv")).numbers("waiting");

describe("answers of notebook 04", () => {
  it("04.1: 59/97 from θ⁰ = 0.5 (DLR's Table 1 prints 0.608247423); the E-step's x₂ or θ⁰ itself fail", () => {
    expect(right("04.1", 59 / 97, { theta0: 0.5 })).toBe(true);
    expect(Math.abs(59 / 97 - 0.608247423)).toBeLessThan(1e-9);
    expect(right("04.1", 0.608247423, { theta0: 0.5 })).toBe(false); // 9 printed digits are not 1e-12
    expect(right("04.1", 25, { theta0: 0.5 })).toBe(false);
    expect(right("04.1", 0.5, { theta0: 0.5 })).toBe(false);
    const x2 = (125 * 0.1) / 2.1;
    expect(right("04.1", (x2 + 34) / (x2 + 72), { theta0: 0.1 })).toBe(true);
  });
  it("04.2: [F, KL] of the uniform q adds up to ℓ; [ℓ, 0] and a swapped KL fail", () => {
    for (const [K, means, n] of [[2, [60, 70], 272], [3, [50, 65, 85], 100]] as const) {
      const x = wait().slice(0, n);
      const m = { weights: Array(K).fill(1 / K), means: [...means], sds: Array(K).fill(10) };
      const { responsibilities: g, logLikelihood } = mixture1dEStep(x, m);
      const q = new Float64Array(g.length).fill(1 / K);
      let kl = 0, klSwapped = 0;
      for (let j = 0; j < q.length; j++) { kl += q[j] * Math.log(q[j] / g[j]); klSwapped += g[j] * Math.log(g[j] / q[j]); }
      const ctx = { K, startMeans: [...means], startSd: 10, nEruptions: n };
      expect(right("04.2", [mixture1dElbo(q, x, m), kl], ctx)).toBe(true);
      expect(right("04.2", [logLikelihood, 0], ctx)).toBe(false);
      expect(right("04.2", [mixture1dElbo(q, x, m), klSwapped], ctx)).toBe(false);
    }
    expect(verdict("04.2", [1, -1], { K: 2, startMeans: [60, 70], startSd: 10, nEruptions: 272 }).message).toMatch(/never negative/);
  });
  it("04.3: equals the EM map's derivative at the MLE (geneticLinkageModel); DLR's 0.1328 fails for other counts", () => {
    for (const counts of [[125, 18, 20, 34], [25, 18, 20, 34]]) {
      const model = geneticLinkageModel(counts);
      expect(right("04.3", model.emMapDerivative(model.exactMLE()), { counts })).toBe(true);
    }
    expect(right("04.3", 0.1328, { counts: [25, 18, 20, 34] })).toBe(false);
  });
  it("04.4: the single-Gaussian log-likelihood; a K = 2 mixture's higher ℓ fails with a message", () => {
    const x = wait();
    expect(right("04.4", Normal.fit(x).logLikelihood, { nEruptions: 272 })).toBe(true);
    const r = verdict("04.4", -1034.002, { nEruptions: 272 }); // the two-component optimum (mixtools)
    expect(r.correct).toBe(false);
    expect(r.message).toMatch(/separated/);
    expect(right("04.4", Normal.fit(x.slice(0, 100)).logLikelihood, { nEruptions: 100 })).toBe(true);
  });
});
