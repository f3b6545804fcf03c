// The answers of notebook 01 (lib/src/course/answers/01.ts) against independent computations and
// published values (R), and plausible wrong answers that must fail. Answers read ../data/
// relative to the working directory, as in a notebook, so these tests run in notebooks/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook01 } from "../../src/course/answers/01.js";
import { readCsv } from "../../src/core/data.js";
import { compare } from "../../src/course/compare.js";
import { Poisson } from "../../src/distributions/poisson.js";
import { Exponential } from "../../src/distributions/exponential.js";
import { Normal } from "../../src/distributions/normal.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const right = (id: string, value: unknown, ctx: Record<string, unknown> = {}) => {
  const ex = notebook01[id];
  return compare(value, ex.expected!(ex.readContext(ctx, "test")), ex.relTol ?? 1e-6, ex.absTol ?? 1e-9, "test").correct;
};
const col = (file: string, name: string) => readCsv(resolve(root, "data", file)).numbers(name);

describe("answers of notebook 01", () => {
  it("01.1: the mean count of major earthquakes (Poisson.fit agrees)", () => {
    const q = col("earthquakes.csv", "count");
    expect(right("01.1", Poisson.fit(q).params.rate)).toBe(true);
    expect(right("01.1", Math.round(Poisson.fit(q).params.rate))).toBe(false); // rounded to a whole number
    expect(right("01.1", q.reduce((s, v) => s + v, 0) / (q.length - 1))).toBe(false);
  });
  it("01.2: n / total length (Exponential.fit agrees); the mean length is the reciprocal, not the rate", () => {
    const r = col("rivers.csv", "length_miles");
    expect(right("01.2", Exponential.fit(r).params.rate)).toBe(true);
    expect(right("01.2", r.reduce((s, v) => s + v, 0) / r.length)).toBe(false);
  });
  it("01.3: √(p̂(1 − p̂)/n) for any interior kObs; the variance or the SE at p = ½ fail", () => {
    for (const [n, k] of [[10, 7], [30, 12], [10, 2]]) {
      const p = k / n;
      const J = k / p ** 2 + (n - k) / (1 - p) ** 2; // the observed information at p̂
      expect(right("01.3", 1 / Math.sqrt(J), { nFlips: n, kObs: k })).toBe(true);
      expect(right("01.3", 1 / J, { nFlips: n, kObs: k })).toBe(false);
      expect(right("01.3", Math.sqrt(0.25 / n), { nFlips: n, kObs: k })).toBe(false);
    }
    expect(() => right("01.3", 0, { nFlips: 10, kObs: 0 })).toThrow(/0 < kObs < nFlips/);
  });
  it("01.4: s² = σ̂²·n/(n − 1) of the precipitation data (R: var(precip) = 187.8723)", () => {
    const x = col("precip.csv", "inches");
    const fit = Normal.fit(x);
    expect(right("01.4", (fit.params.sd ** 2 * x.length) / (x.length - 1))).toBe(true);
    expect(right("01.4", 187.8722567287785)).toBe(true);
    expect(right("01.4", fit.params.sd ** 2)).toBe(false); // the MLE itself
  });
});
