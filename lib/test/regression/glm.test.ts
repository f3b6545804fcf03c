import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { ConvergenceError, DomainError, NotPositiveDefiniteError, ShapeError, UnknownOptionError } from "../../src/core/errors.js";
import { logisticRegression, poissonRegression, type RegressionResult } from "../../src/regression/glm.js";

// Reference fits: statsmodels 0.15.0 (Logit with add_constant, method="newton", tol=1e-14; GLM
// Poisson, tol=1e-14), printed by scripts/reference/regression_reference.py.
const REF = {
  logitMtcars: {
    params: [12.040369728657323, -4.023969962173202],
    bse: [4.510066238966733, 1.4365277526235498],
    pvalues: [0.007592677016789623, 0.005091642306971166],
    llf: -9.588042403722541,
    aic: 23.176084807445083,
    deviance: 19.176084807445083,
    nullDeviance: 43.22973327768919,
  },
  logitChallenger: {
    params: [15.042901647702436, -0.2321627442185964],
    bse: [7.378636384916417, 0.10823652164928327],
    pvalues: [0.04147895391133493, 0.031956241249448125],
    llf: -10.157596343933413,
    aic: 24.315192687866826,
    deviance: 20.315192687866826,
    nullDeviance: 28.26715273468154,
  },
  // discoveries: is there a trend in the yearly number of great discoveries 1860-1959? (yes, downward)
  poissonDiscoveries: {
    params: [11.354807041822388, -0.005360223547650367],
    bse: [3.7756772775027945, 0.0019817015206766817],
    pvalues: [0.0026353064086979375, 0.006833335084687603],
    llf: -213.16127131095007,
    aic: 430.32254262190014,
    deviance: 157.31582640213242,
    nullDeviance: 164.68460347706136,
  },
  // challenger: distressed O-rings per flight out of 6, rate per O-ring on temperature, offset log 6
  poissonChallengerOffset: {
    params: [4.177352412206375, -0.10342553070403657],
    bse: [2.762764213116396, 0.04300215381996606],
    pvalues: [0.13052898954405928, 0.016166960042381405],
    llf: -16.030542052327004,
    aic: 36.06108410465401,
    deviance: 16.833672826893793,
    nullDeviance: 22.434030939152304,
  },
};

const data = (name: string) => readCsv(join(__dirname, "../../../data", name));

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

function expectMatches(fit: RegressionResult, ref: (typeof REF)["logitMtcars"]): void {
  expect(fit.converged).toBe(true);
  for (let j = 0; j < 2; j++) {
    expect(rel(fit.coefficients[j], ref.params[j])).toBeLessThan(1e-9); // asked: 1e-6; measured ~2e-14
    expect(rel(fit.standardErrors[j], ref.bse[j])).toBeLessThan(1e-9); // asked: 1e-4; measured ≤ 2e-12
    expect(rel(fit.pValues[j], ref.pvalues[j])).toBeLessThan(1e-4);
    expect(fit.zValues[j]).toBeCloseTo(fit.coefficients[j] / fit.standardErrors[j], 12);
  }
  expect(rel(fit.logLikelihood, ref.llf)).toBeLessThan(1e-10);
  expect(rel(fit.aic, ref.aic)).toBeLessThan(1e-10);
  expect(rel(fit.deviance, ref.deviance)).toBeLessThan(1e-9);
  expect(rel(fit.nullDeviance, ref.nullDeviance)).toBeLessThan(1e-10);
}

describe("logisticRegression", () => {
  it("mtcars am ~ wt matches statsmodels Logit", () => {
    const t = data("mtcars.csv");
    const fit = logisticRegression(t.numbers("wt"), t.numbers("am"), { names: ["wt"] });
    expect(fit.names).toEqual(["(Intercept)", "wt"]);
    expectMatches(fit, REF.logitMtcars);
    expect(fit.fitted.length).toBe(32);
  });
  it("Challenger distress ~ temperature matches statsmodels and the published a = 15.043, b = −0.2322", () => {
    const t = data("challenger.csv");
    const fit = logisticRegression(t.matrix(["temp_f"]), t.numbers("distress"));
    expectMatches(fit, REF.logitChallenger);
    expect(fit.coefficients[0]).toBeCloseTo(15.043, 3);
    expect(fit.coefficients[1]).toBeCloseTo(-0.2322, 4);
  });
  it("detects complete separation with an explanation", () => {
    const x = [1, 2, 3, 4, 5, 6];
    const y = [0, 0, 0, 1, 1, 1];
    expect(() => logisticRegression(x, y, { names: ["dose"] })).toThrow(ConvergenceError);
    expect(() => logisticRegression(x, y, { names: ["dose"] })).toThrow(/perfectly separated.*'dose'.*Firth/s);
  });
  it("detects quasi-complete separation (ties at the boundary) instead of running to maxIter", () => {
    const x = [1, 2, 3, 3, 4, 5];
    const y = [0, 0, 0, 1, 1, 1];
    expect(() => logisticRegression(x, y)).toThrow(/quasi-completely separated/);
    // A binary covariate with no events in one group.
    const g = [0, 0, 0, 0, 1, 1, 1, 1];
    const z = [0, 1, 0, 1, 1, 1, 1, 1];
    expect(() => logisticRegression(g, z, { names: ["group"] })).toThrow(/separated.*'group'/s);
  });
  it("rejects a constant outcome, non-binary y, collinear columns and bad options", () => {
    expect(() => logisticRegression([1, 2, 3], [1, 1, 1])).toThrow(ConvergenceError);
    expect(() => logisticRegression([1, 2, 3], [0, 2, 1])).toThrow(DomainError);
    expect(() => logisticRegression([1, 2, 3], [0, 1])).toThrow(ShapeError);
    const X = [[1, 2], [2, 4], [3, 6], [4, 8], [5, 10]];
    expect(() => logisticRegression(X, [0, 1, 0, 1, 1])).toThrow(NotPositiveDefiniteError);
    expect(() => logisticRegression([1, 2, 3], [0, 1, 0], { intercpt: false } as never)).toThrow(UnknownOptionError);
  });
  it("fits without intercept", () => {
    const t = data("mtcars.csv");
    const fit = logisticRegression(t.matrix(["wt"]), t.numbers("am"), { intercept: false });
    expect(fit.coefficients.length).toBe(1);
    expect(fit.names).toEqual(["x"]);
    expect(fit.nullDeviance).toBeCloseTo(2 * 32 * Math.LN2, 12);
  });
});

describe("poissonRegression", () => {
  it("discoveries count ~ year matches statsmodels GLM(Poisson)", () => {
    const t = data("discoveries.csv");
    expectMatches(poissonRegression(t.numbers("year"), t.numbers("count")), REF.poissonDiscoveries);
  });
  it("Challenger O-ring counts with offset log 6 match statsmodels", () => {
    const t = data("challenger.csv");
    const n = t.rowCount;
    const fit = poissonRegression(t.numbers("temp_f"), t.numbers("n_distress"), { offset: new Array(n).fill(Math.log(6)) });
    expectMatches(fit, REF.poissonChallengerOffset);
  });
  it("detects an all-zero group (MLE at −∞)", () => {
    const g = [0, 0, 0, 0, 1, 1, 1, 1];
    const y = [2, 3, 1, 4, 0, 0, 0, 0];
    expect(() => poissonRegression(g, y, { names: ["group"] })).toThrow(/does not exist.*'group'/s);
    expect(() => poissonRegression([1, 2], [0, 0])).toThrow(ConvergenceError);
    expect(() => poissonRegression([1, 2], [1, 0.5])).toThrow(/non-negative integers/);
  });
});
