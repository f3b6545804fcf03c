// The answers of notebook 02 (lib/src/course/answers/02.ts) against reference numbers from
// scipy.stats (scripts/reference/distributions_reference.py: scipy 1.17.1, numpy 2.4.6) and
// statsmodels (scripts/reference/regression_reference.py: statsmodels 0.15.0), and plausible
// wrong answers that must fail. Answers read ../data/ relative to the working directory, as in a
// notebook, so these tests run in notebooks/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook02 } from "../../src/course/answers/02.js";
import { readCsv } from "../../src/core/data.js";
import { sigmoid } from "../../src/core/special.js";
import { compare } from "../../src/course/compare.js";
import { Weibull } from "../../src/distributions/weibull.js";
import { waldInterval } from "../../src/inference/wald.js";
import { profileLikelihoodInterval } from "../../src/inference/profile.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const right = (id: string, value: unknown, ctx: Record<string, unknown> = {}) => {
  const ex = notebook02[id];
  const c = ex.readContext(ctx, "test");
  return ex.check ? ex.check(value, c).correct : compare(value, ex.expected!(c), ex.relTol ?? 1e-6, ex.absTol ?? 1e-9, "test").correct;
};
const rivers = () => readCsv(resolve(root, "data/rivers.csv")).numbers("length_miles");

// scipy.stats maximised log-likelihoods of the 141 rivers (lib/test/distributions/reference.test.ts).
const SCIPY = { gamma: -1013.1117330626647, weibull: -1024.782517890715, lognormal: -996.3254883924046, exponential: -1040.880044824361 };
// statsmodels Logit am ~ wt on mtcars.
const LOGIT = [12.040369728657323, -4.023969962173202];
// statsmodels OLS mpg ~ wt + hp on all 32 cars (lib/test/regression/linear.test.ts, same script).
const OLS_WT_HP = { params: [37.22727011644705, -3.8778307424046674, -0.03177294698216253], rsquared: 0.8267854518827914 };

/** mpg on wt for the first n cars by the textbook one-covariate formulas (slope = Sxy/Sxx), no library code. */
function simpleRegression(n: number) {
  const t = readCsv(resolve(root, "data/mtcars.csv"));
  const x = t.numbers("wt").slice(0, n);
  const y = t.numbers("mpg").slice(0, n);
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  const rss = syy - slope * sxy;
  return { beta: [my - slope * mx, slope], lr: n * Math.log(syy / rss), rss, syy };
}

describe("answers of notebook 02", () => {
  it("02.1: the lognormal has the highest ℓ̂ for all 141 rivers (scipy); other names fail", () => {
    expect(SCIPY.lognormal).toBeGreaterThan(Math.max(SCIPY.gamma, SCIPY.weibull));
    expect(right("02.1", "lognormal", { nRivers: 141 })).toBe(true);
    expect(right("02.1", "gamma", { nRivers: 141 })).toBe(false);
    expect(right("02.1", "LogNormal", { nRivers: 141 })).toBe(false);
    expect(() => right("02.1", "gamma", { nRivers: 500 })).toThrow(/nRivers must be an integer from 2 to 141/);
  });
  it("02.2: 2(ℓ̂_Gamma − ℓ̂_Exp) from scipy's log-likelihoods; the difference without the 2 fails", () => {
    const stat = 2 * (SCIPY.gamma - SCIPY.exponential);
    expect(right("02.2", stat, { nRivers: 141 })).toBe(true);
    expect(right("02.2", stat / 2, { nRivers: 141 })).toBe(false);
    expect(right("02.2", -stat, { nRivers: 141 })).toBe(false);
  });
  it("02.3: accepts the profile interval's upper end at any level and n, rejects the Wald end and the lower end", () => {
    for (const [n, level] of [[141, 0.95], [40, 0.95], [141, 0.99]]) {
      const x = rivers().slice(0, n);
      const fit = Weibull.fit(x);
      const ll = (t: Float64Array) => new Weibull(t[0], t[1]).logLikelihood(x);
      const prof = profileLikelihoodInterval((t) => (t[0] > 0 && t[1] > 0 ? ll(t) : -Infinity), [fit.params.shape, fit.params.scale], 0, { lower: 0, level });
      expect(right("02.3", prof.upper, { nRivers: n, level })).toBe(true);
      expect(right("02.3", waldInterval(fit.params.shape, fit.standardErrors.shape, level)[1], { nRivers: n, level })).toBe(false);
      expect(right("02.3", prof.lower, { nRivers: n, level })).toBe(false);
    }
  });
  it("02.3: says which way to move without giving the value", () => {
    const ex = notebook02["02.3"];
    const fit = Weibull.fit(rivers());
    const inside = ex.check!(fit.params.shape * 1.01, ex.readContext({ nRivers: 141, level: 0.95 }, "test"));
    expect(inside.message).toMatch(/further out/);
    const outside = ex.check!(fit.params.shape * 3, ex.readContext({ nRivers: 141, level: 0.95 }, "test"));
    expect(outside.message).toMatch(/further in/);
    expect(ex.check!("1.6", ex.readContext({ nRivers: 141, level: 0.95 }, "test")).correct).toBe(false);
  });
  it("02.4: σ(β₀ + 3β₁) with statsmodels' coefficients; the linear predictor itself fails", () => {
    expect(right("02.4", sigmoid(LOGIT[0] + 3 * LOGIT[1]))).toBe(true);
    expect(right("02.4", LOGIT[0] + 3 * LOGIT[1])).toBe(false);
    expect(right("02.4", sigmoid(LOGIT[0] + 3000 * LOGIT[1]))).toBe(false);
  });
  it("02.5: β̂ of mpg ~ wt + hp (statsmodels) and of mpg ~ wt on 12 cars (closed form); the slopes alone and a no-intercept fit fail", () => {
    expect(right("02.5", OLS_WT_HP.params, { nCars: 32, carCovariates: "wt,hp" })).toBe(true);
    expect(right("02.5", OLS_WT_HP.params, { nCars: 32, carCovariates: "wt, hp" })).toBe(true);
    expect(right("02.5", OLS_WT_HP.params.slice(1), { nCars: 32, carCovariates: "wt,hp" })).toBe(false);
    const small = simpleRegression(12);
    expect(right("02.5", small.beta, { nCars: 12, carCovariates: "wt" })).toBe(true);
    expect(right("02.5", simpleRegression(32).beta, { nCars: 12, carCovariates: "wt" })).toBe(false);
    const t = readCsv(resolve(root, "data/mtcars.csv"));
    const x = t.numbers("wt").slice(0, 12), y = t.numbers("mpg").slice(0, 12);
    const throughOrigin = x.reduce((s, v, i) => s + v * y[i], 0) / x.reduce((s, v) => s + v * v, 0);
    expect(right("02.5", [0, throughOrigin], { nCars: 12, carCovariates: "wt" })).toBe(false);
    expect(() => right("02.5", small.beta, { nCars: 12, carCovariates: "weight" })).toThrow(/carCovariates must name mtcars columns/);
  });
  it("02.6: −n log(1 − R²) from statsmodels' R² and n log(TSS/RSS) by hand; the ℓ difference without the 2 and n·R² fail", () => {
    const stat = -32 * Math.log(1 - OLS_WT_HP.rsquared);
    expect(right("02.6", stat, { nCars: 32, carCovariates: "wt,hp" })).toBe(true);
    expect(right("02.6", stat / 2, { nCars: 32, carCovariates: "wt,hp" })).toBe(false);
    expect(right("02.6", 32 * OLS_WT_HP.rsquared, { nCars: 32, carCovariates: "wt,hp" })).toBe(false);
    const small = simpleRegression(12);
    expect(right("02.6", small.lr, { nCars: 12, carCovariates: "wt" })).toBe(true);
    // The F statistic of the same comparison is a different number.
    expect(right("02.6", ((small.syy - small.rss) / 1) / (small.rss / 10), { nCars: 12, carCovariates: "wt" })).toBe(false);
  });
});
