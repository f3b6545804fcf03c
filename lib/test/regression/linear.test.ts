import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { DomainError, NonFiniteError, NotPositiveDefiniteError, ShapeError, UnknownOptionError } from "../../src/core/errors.js";
import { linearRegression } from "../../src/regression/linear.js";

// Reference fits: statsmodels 0.15.0 OLS (numpy 2.4.6), printed by
// scripts/reference/linear_regression_statsmodels.py. statsmodels counts p parameters in aic/bic,
// mlem p + 1 (σ² too, as R's AIC(lm)): compared as aic + 2 and bic + log n.
const REF = {
  mtcars_mpg_wt_hp: {
    params: [37.22727011644705, -3.8778307424046674, -0.03177294698216253],
    bse: [1.5987875379993737, 0.6327334943773935, 0.009029709675855783],
    tvalues: [23.284688697931067, -6.1286952198104085, -3.5187119102089266],
    pvalues: [2.5654585119831155e-20, 1.1196471362000551e-06, 0.0014512285315688661],
    llf: -74.32616941282066,
    aic: 154.65233882564132,
    bic: 159.0495465340405,
    rsquared: 0.8267854518827914,
    rsquared_adj: 0.8148396209781563,
    ssr: 195.04775474146612,
    scale: 6.725784646257453,
    cov_params: [2.5561215916620985, -0.7359451464184554, 0.00014847005265065529, -0.7359451464184554, 0.40035167490702706, -0.0037636900190961458, 0.00014847005265065529, -0.0037636900190961458, 8.153565683024357e-05],
    resid_head: [-2.5723294033089417, -1.5834825639957515, -2.4758187247271053, 0.13497988842183162, 0.3727333593034494],
    predict: [20.82783584190867, 26.294313933421464],
  },
  mtcars_mpg_five: {
    params: [15.442199725773385, -3.123402517307568, -0.017673672747056828, 0.7795838138999254, 0.6493858674055968, 2.558881075766461],
    bse: [10.316754652752188, 0.9334104878682393, 0.014355811817624554, 0.44982483991325267, 1.3423932534201084, 1.607291792891241],
    tvalues: [1.4968078863495982, -3.3462260794186287, -1.2311162177090502, 1.7330830686234795, 0.4837523324488643, 1.5920451327406302],
    pvalues: [0.1464852990065955, 0.002501362102513093, 0.22930010665217126, 0.09492766433154934, 0.632611124252377, 0.12346113104705106],
    llf: -71.02031848574279,
    aic: 154.04063697148558,
    bic: 162.83505238828394,
    rsquared: 0.8591190361621914,
    rsquared_adj: 0.8320265431164591,
    ssr: 158.6386131018536,
    scale: 6.101485119302061,
    cov_params: [106.43542656508393, -1.182647926661772, -0.09112285017163474, -3.785531326227046, -5.544345657902312, -3.854055604325212, -1.182647926661772, 0.8712551388624246, -0.007936111919005635, -0.10312274550070744, 0.3182720736183564, 0.5899260240208445, -0.09112285017163474, -0.007936111919005635, 0.00020608933294304882, 0.004853508124450847, -7.528529752913202e-05, 0.00016318119033892524, -3.785531326227046, -0.10312274550070744, 0.004853508124450847, 0.2023423866029834, -0.08607572199995994, 0.2544542700536499, -5.544345657902312, 0.3182720736183564, -7.528529752913202e-05, -0.08607572199995994, 1.8020196468278233, -1.0173636968922035, -3.854055604325212, 0.5899260240208445, 0.00016318119033892524, 0.2544542700536499, -1.0173636968922035, 2.5833869074955396],
    resid_head: [-2.2382166636923664, -1.8783159575628936, -3.3193257620991616, 0.7884255557229061, 1.7811156695952342],
    predict: [22.28518152367686],
  },
  mtcars_mpg_wt_noint: {
    params: [5.291624100754262],
    bse: [0.5931801343546003],
    tvalues: [8.920770933287788],
    pvalues: [4.553140354266831e-10],
    llf: -122.40348684944284,
    aic: 246.80697369888568,
    bic: 248.27270960168542,
    rsquared: 0.7196603652079272,
    rsquared_adj: 0.7106171511823764,
    ssr: 3936.6160570370707,
    scale: 126.98761474313132,
    cov_params: [0.35186267179294156],
    resid_head: [7.135944856023832, 5.786580710331496, 10.523432086250113, 4.3874285160750475, 0.4968130934053363],
    predict: [15.874872302262787],
  },
  faithful_waiting_eruptions: {
    params: [33.47439702275337, 10.729641395133523],
    bse: [1.1548735146552256, 0.31475340584641026],
    tvalues: [28.985336141115656, 34.08903985099132],
    pvalues: [7.13601462729387e-85, 8.129958506619128e-100],
    llf: -868.3797189350213,
    aic: 1740.7594378700426,
    bic: 1747.9710420026345,
    rsquared: 0.8114607609733095,
    rsquared_adj: 0.8107624674954329,
    ssr: 9443.387046216787,
    scale: 34.97550757858069,
    cov_params: [1.3337328348521138, -0.34553364685893545, -0.34553364685893545, 0.09906970649191504],
    resid_head: [6.898893954765953, 1.2122484660062867, 4.763708207266603, 4.029831672156796, 2.888138533106371],
    predict: [54.93367981302042, 81.75778330085423],
  },};

type Ref = (typeof REF)["mtcars_mpg_wt_hp"];

const data = (name: string) => readCsv(join(__dirname, "../../../data", name));
const mtcars = data("mtcars.csv");
const faithful = data("faithful.csv");

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return m;
}
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

// Asked: 1e-10 relative. Measured: ≤ 2.3e-12 over all four fits and every quantity (the largest on
// the small entries of the covariance matrices, whose columns differ in scale by 10²; coefficients
// ≤ 4.4e-13, standard errors ≤ 1.2e-14, log-likelihood, R², RSS ≤ 4e-16, p-values ≤ 8.7e-13).
const TOL = 1e-10;

function expectMatches(fit: ReturnType<typeof linearRegression>, ref: Ref, n: number): void {
  expect(maxRel(fit.coefficients, ref.params)).toBeLessThan(TOL);
  expect(maxRel(fit.standardErrors, ref.bse)).toBeLessThan(TOL);
  expect(maxRel(fit.tValues, ref.tvalues)).toBeLessThan(TOL);
  expect(maxRel(fit.pValues, ref.pvalues)).toBeLessThan(TOL);
  expect(maxRel(fit.covariance, ref.cov_params)).toBeLessThan(TOL);
  expect(rel(fit.logLikelihood, ref.llf)).toBeLessThan(TOL);
  expect(rel(fit.aic, ref.aic + 2)).toBeLessThan(TOL);
  expect(rel(fit.bic, ref.bic + Math.log(n))).toBeLessThan(TOL);
  expect(rel(fit.rSquared, ref.rsquared)).toBeLessThan(TOL);
  expect(rel(fit.adjustedRSquared, ref.rsquared_adj)).toBeLessThan(TOL);
  expect(rel(fit.rss, ref.ssr)).toBeLessThan(TOL);
  expect(rel(fit.sigma2Unbiased, ref.scale)).toBeLessThan(TOL);
  expect(rel(fit.sigma2, (ref.scale * fit.dfResidual) / n)).toBeLessThan(TOL);
  expect(maxRel(fit.residuals.subarray(0, 5), ref.resid_head)).toBeLessThan(1e-9); // residuals are differences: relative error grows by |y|/|r|
  expect(fit.n).toBe(n);
}

describe("linearRegression matches statsmodels OLS", () => {
  it("mtcars: mpg ~ wt + hp", () => {
    const ref = REF.mtcars_mpg_wt_hp;
    const fit = linearRegression(mtcars.matrix(["wt", "hp"]), mtcars.numbers("mpg"), { names: ["wt", "hp"] });
    expect(fit.names).toEqual(["(Intercept)", "wt", "hp"]);
    expectMatches(fit, ref, 32);
    expect(maxRel(fit.predict([[3, 150], [2, 100]]), ref.predict)).toBeLessThan(TOL);
  });

  it("mtcars: mpg ~ wt + hp + qsec + drat + am", () => {
    const ref = REF.mtcars_mpg_five;
    const cols = ["wt", "hp", "qsec", "drat", "am"];
    const fit = linearRegression(mtcars.matrix(cols), mtcars.numbers("mpg"), { names: cols });
    expectMatches(fit, ref, 32);
    expect(maxRel(fit.predict([[3, 150, 18, 3.5, 1]]), ref.predict)).toBeLessThan(TOL);
  });

  it("mtcars without intercept: mpg ~ 0 + wt (uncentred R², as R and statsmodels)", () => {
    const ref = REF.mtcars_mpg_wt_noint;
    const fit = linearRegression(mtcars.numbers("wt"), mtcars.numbers("mpg"), { intercept: false });
    expect(fit.names).toEqual(["x"]);
    expectMatches(fit, ref, 32);
    expect(maxRel(fit.predict([3]), ref.predict)).toBeLessThan(TOL);
  });

  it("faithful: waiting ~ eruptions (one covariate as a flat array)", () => {
    const ref = REF.faithful_waiting_eruptions;
    const fit = linearRegression(faithful.numbers("eruptions"), faithful.numbers("waiting"));
    expectMatches(fit, ref, 272);
    expect(maxRel(fit.predict([2, 4.5]), ref.predict)).toBeLessThan(TOL);
  });
});

describe("linearRegression: the Gaussian MLE", () => {
  const x = faithful.numbers("eruptions");
  const y = faithful.numbers("waiting");
  const fit = linearRegression(x, y);

  it("σ̂² = RSS/n maximises the profile likelihood and ℓ is the normal log-likelihood of the residuals", () => {
    const ll = (b0: number, b1: number, s2: number) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += -0.5 * Math.log(2 * Math.PI * s2) - (y[i] - b0 - b1 * x[i]) ** 2 / (2 * s2);
      return s;
    };
    const [b0, b1] = fit.coefficients;
    expect(ll(b0, b1, fit.sigma2)).toBeCloseTo(fit.logLikelihood, 9);
    for (const [d0, d1, f] of [[1e-3, 0, 1], [0, 1e-4, 1], [0, 0, 1.01], [0, 0, 0.99]]) {
      expect(ll(b0 + d0, b1 + d1, fit.sigma2 * f)).toBeLessThan(fit.logLikelihood);
    }
    expect(fit.sigma2Unbiased / fit.sigma2).toBeCloseTo(272 / 270, 14);
  });

  it("residuals are orthogonal to the columns and sum to zero with an intercept", () => {
    let s0 = 0;
    let s1 = 0;
    for (let i = 0; i < x.length; i++) {
      s0 += fit.residuals[i];
      s1 += fit.residuals[i] * x[i];
      expect(fit.fitted[i] + fit.residuals[i]).toBeCloseTo(y[i], 10);
    }
    expect(Math.abs(s0)).toBeLessThan(1e-9);
    expect(Math.abs(s1)).toBeLessThan(1e-9);
  });

  it("an exact fit has σ̂² = 0 and ℓ = +∞ (not NaN)", () => {
    const exact = linearRegression([1, 2, 3, 4], [3, 5, 7, 9]);
    expect(Array.from(exact.coefficients).map((v) => Number(v.toFixed(10)))).toEqual([1, 2]);
    expect(exact.logLikelihood).toBe(Infinity);
    expect(exact.rSquared).toBe(1);
  });
});

describe("linearRegression: responses of any magnitude", () => {
  const wt = mtcars.numbers("wt");
  const hp = mtcars.numbers("hp");
  const mpg = mtcars.numbers("mpg");
  const X = wt.map((w, i) => [w, hp[i]]);
  const base = linearRegression(X, mpg);

  it("y far from 0 (y + 2⁴⁰): the slopes, σ², R² and ℓ of the plain fit (least squares on centred data)", () => {
    // Before centring, the residuals of y ≈ 2⁴⁰ carried the rounding of Xβ (ulp 2.4e-4): ℓ was off
    // by ~1e-3. y + 2⁴⁰ rounds the data themselves to 2⁻¹², so the reference is the fit of exactly
    // those data moved back ((v + 2⁴⁰) − 2⁴⁰ is exact).
    const yShifted = mpg.map((v) => v + 2 ** 40);
    const base = linearRegression(X, yShifted.map((v) => v - 2 ** 40));
    const shifted = linearRegression(X, yShifted);
    expect(Math.abs(shifted.coefficients[1] - base.coefficients[1])).toBeLessThan(1e-9);
    expect(Math.abs(shifted.coefficients[2] - base.coefficients[2])).toBeLessThan(1e-11);
    expect(Math.abs(shifted.coefficients[0] - 2 ** 40 - base.coefficients[0])).toBeLessThan(1e-3); // ulp(2⁴⁰) = 2.4e-4
    expect(Math.abs(shifted.logLikelihood - base.logLikelihood)).toBeLessThan(1e-9 * Math.abs(base.logLikelihood));
    expect(Math.abs(shifted.sigma2 / base.sigma2 - 1)).toBeLessThan(1e-10);
    expect(Math.abs(shifted.rSquared - base.rSquared)).toBeLessThan(1e-12);
    expect(Math.abs(shifted.standardErrors[0] / base.standardErrors[0] - 1)).toBeLessThan(1e-9);
  });

  it("covariates far from 0 (x + 10⁹): the same slopes and standard errors; the intercept absorbs the shift", () => {
    const shifted = linearRegression(X.map((r) => [r[0] + 1e9, r[1] + 1e9]), mpg);
    for (const j of [1, 2]) {
      expect(Math.abs(shifted.coefficients[j] / base.coefficients[j] - 1)).toBeLessThan(1e-6);
      expect(Math.abs(shifted.standardErrors[j] / base.standardErrors[j] - 1)).toBeLessThan(1e-6);
    }
    expect(Math.abs(shifted.logLikelihood - base.logLikelihood)).toBeLessThan(1e-6);
  });

  it("y × 1e±150 scales exactly; σ² out of double range (y × 1e±200) is a clear error, not ℓ = ±∞ or 'y is constant'", () => {
    for (const c of [1e-150, 1e150]) {
      const f = linearRegression(X, mpg.map((v) => v * c));
      expect(Math.abs(f.coefficients[1] / (c * base.coefficients[1]) - 1)).toBeLessThan(1e-12);
      expect(Math.abs(f.logLikelihood - (base.logLikelihood - mpg.length * Math.log(c)))).toBeLessThan(1e-9 * Math.abs(f.logLikelihood));
      expect(Math.abs(f.rSquared - base.rSquared)).toBeLessThan(1e-12);
    }
    for (const c of [1e-200, 1e200]) {
      expect(() => linearRegression(X, mpg.map((v) => v * c))).toThrow(DomainError);
      expect(() => linearRegression(X, mpg.map((v) => v * c))).toThrow(/outside the range of double precision.*Rescale y/);
    }
  });
});

describe("linearRegression: rank deficiency and bad input", () => {
  const wt = mtcars.numbers("wt");
  const hp = mtcars.numbers("hp");
  const mpg = mtcars.numbers("mpg");

  it("names a column that is a multiple of another", () => {
    const X = wt.map((w, i) => [w, hp[i], 2 * w]);
    expect(() => linearRegression(X, mpg, { names: ["wt", "hp", "wt2"] })).toThrow(NotPositiveDefiniteError);
    expect(() => linearRegression(X, mpg, { names: ["wt", "hp", "wt2"] })).toThrow(/'wt2' = 2·'wt'/);
  });

  it("names a linear combination with the intercept, and a constant column", () => {
    const X = wt.map((w, i) => [w, hp[i], w - 3 * hp[i] + 5]);
    expect(() => linearRegression(X, mpg, { names: ["wt", "hp", "combo"] })).toThrow(/'combo' = 5·'\(Intercept\)' \+ 'wt' − 3·'hp'/);
    const C = wt.map((w) => [w, 4]);
    expect(() => linearRegression(C, mpg, { names: ["wt", "four"] })).toThrow(/'four' = 4·'\(Intercept\)'/);
    const Z = wt.map((w) => [w, 0]);
    expect(() => linearRegression(Z, mpg, { names: ["wt", "zero"] })).toThrow(/'zero' is all zeros/);
  });

  it("bad shapes, values and options get named errors", () => {
    expect(() => linearRegression(wt, mpg.slice(1))).toThrow(ShapeError);
    expect(() => linearRegression([1, 2], [1, 2])).toThrow(ShapeError); // n = p
    expect(() => linearRegression([1, NaN, 3], [1, 2, 3])).toThrow(NonFiniteError);
    expect(() => linearRegression(wt, mpg.map(() => 3))).toThrow(DomainError);
    expect(() => linearRegression(wt, mpg, { intercep: false } as never)).toThrow(UnknownOptionError);
    const fit = linearRegression(wt, mpg);
    expect(() => fit.predict([[1, 2]])).toThrow(ShapeError);
  });
});
