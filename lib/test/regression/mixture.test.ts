import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { DomainError, InvalidInputError, NotPositiveDefiniteError, ShapeError, UnknownOptionError } from "../../src/core/errors.js";
import { fitMixtureOfRegressions } from "../../src/regression/mixture.js";

// mixtools 2.0.0 regmixEM (R 4.2.2) on data/tonedata.csv from two fixed starts, with epsilon 1e-8
// (its default) and 1e-12: printed by scripts/reference/regmix_tonedata_mixtools.R.
const REF = {
  startA_default: { epsilon: 1e-08, iterations: 17, loglik: 141.19840229625564, lambda: [0.6977169054367702, 0.30228309456322977], beta: [[1.9163806190341306, 0.042548335309182304], [-0.019273418067426048, 0.9922950602519512]], sigma: [0.04619188852441674, 0.13283340553479348], posteriorHead: [[2.0004950028229673e-26, 1], [7.856878748091674e-33, 1], [4.66786424694408e-28, 1], [1.2216578844673058e-46, 1], [4.023061042926206e-40, 1]], loglikPathHead: [45.89085445217762, 133.52094698177774, 140.3536241101291, 141.02756570424484, 141.15274177462035, 141.1854534110985] },
  startA_tight: { epsilon: 1e-12, iterations: 25, loglik: 141.19840229968426, lambda: [0.6977202445287027, 0.3022797554712973], beta: [[1.9163801402903131, 0.042548512658910485], [-0.019274720744250715, 0.9922954967641092]], sigma: [0.04619206665190456, 0.13283406433552877], posteriorHead: [[2.0025654501469913e-26, 1], [7.866706233008204e-33, 1], [4.6728958631182605e-28, 1], [1.2237434188279392e-46, 1], [4.0289969439792645e-40, 1]], loglikPathHead: [45.89085445217762, 133.52094698177774, 140.3536241101291, 141.02756570424484, 141.15274177462035, 141.1854534110985] },
  startB_default: { epsilon: 1e-08, iterations: 15, loglik: 141.1984022957465, lambda: [0.302276132624783, 0.6977238673752171], beta: [[-0.019276134176252, 0.9922959703823194], [1.9163796209021775, 0.04254870507019124]], sigma: [0.1328347791494769, 0.046192259910330866], posteriorHead: [[1, 2.0048140938554304e-26], [1, 7.877381943042153e-33], [1, 4.678360780478766e-28], [1, 1.2260100320417353e-46], [1, 4.035446677195307e-40]], loglikPathHead: [126.71749409869433, 140.58968912524773, 141.13657259997717, 141.18260802631792, 141.19403605005397, 141.19717904045294] },
  startB_tight: { epsilon: 1e-12, iterations: 23, loglik: 141.19840229968426, lambda: [0.3022797110843863, 0.6977202889156138], beta: [[-0.01927473806117464, 0.9922955025667797], [1.9163801339265107, 0.04254851501639343]], sigma: [0.13283407309319087, 0.04619206901974086], posteriorHead: [[1, 2.002592986381924e-26], [1, 7.866836949472227e-33], [1, 4.6729627833429595e-28], [1, 1.223771165136282e-46], [1, 4.029075906961399e-40]], loglikPathHead: [126.71749409869433, 140.58968912524773, 141.13657259997717, 141.18260802631792, 141.19403605005397, 141.19717904045294] },};

const tone = readCsv(join(__dirname, "../../../data/tonedata.csv"));
const x = tone.numbers("stretch_ratio");
const y = tone.numbers("tuned");
const START_A = { weights: [0.5, 0.5], coefficients: [[1.9, 0], [0, 1]], sigmas: [0.1, 0.1] };
const START_B = { weights: [0.3, 0.7], coefficients: [[0, 1], [2, 0]], sigmas: [0.2, 0.05] };

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return m;
}

describe("fitMixtureOfRegressions matches mixtools regmixEM on the tone data", () => {
  const cases = [
    ["start A, epsilon 1e-8", START_A, REF.startA_default],
    ["start A, epsilon 1e-12", START_A, REF.startA_tight],
    ["start B, epsilon 1e-8", START_B, REF.startB_default],
    ["start B, epsilon 1e-12", START_B, REF.startB_tight],
  ] as const;
  for (const [label, init, ref] of cases) {
    it(label, () => {
      // mixtools stops when the gain of ℓ is ≤ epsilon: the engine's rule with tol = epsilon / n
      // (tol is per observation), relTol = 0.
      const fit = fitMixtureOfRegressions(x, y, { k: 2, init, tol: ref.epsilon / y.length, relTol: 0 });
      expect(fit.converged).toBe(true);
      expect(fit.monotonicity.ok).toBe(true);
      expect(fit.degeneracies).toEqual([]);
      expect(fit.iterations).toBe(ref.iterations);
      // Asked: log-likelihood 1e-8, parameters 1e-4 (relative). Measured: ≤ 1.3e-15 and ≤ 2.1e-13, in
      // exactly as many iterations as regmixEM.
      expect(Math.abs(fit.logLikelihood - ref.loglik) / Math.abs(ref.loglik)).toBeLessThan(1e-12);
      expect(maxRel(fit.weights, ref.lambda)).toBeLessThan(1e-9);
      expect(maxRel(fit.coefficients.flat(), ref.beta.flat())).toBeLessThan(1e-9);
      expect(maxRel(fit.sigmas, ref.sigma)).toBeLessThan(1e-9);
      expect(maxRel(fit.history.logLikelihood.slice(0, 6), ref.loglikPathHead)).toBeLessThan(1e-12);
      expect(fit.predictProba(x, y)).toEqual(fit.responsibilities);
      // mixtools' `posterior` is the E-step BEFORE its last M-step: the memberships at θ_{T−1}.
      const prev = fitMixtureOfRegressions(x, y, { k: 2, init, tol: ref.epsilon / y.length, relTol: 0, snapshots: [ref.iterations - 1] }).history.snapshots[0];
      expect(prev.iteration).toBe(ref.iterations - 1);
      const atPrev = fitMixtureOfRegressions(x, y, { k: 2, init: prev.params, maxIter: 0 });
      expect(atPrev.iterations).toBe(0);
      for (let i = 0; i < 5; i++) expect(maxRel(atPrev.responsibilities[i], ref.posteriorHead[i])).toBeLessThan(1e-8);
    });
  }

  it("both starts reach the same maximum; the fit tells the two lines apart", () => {
    const a = fitMixtureOfRegressions(x, y, { k: 2, init: START_A, tol: 1e-12, relTol: 0 });
    const b = fitMixtureOfRegressions(x, y, { k: 2, init: START_B, tol: 1e-12, relTol: 0 });
    expect(Math.abs(a.logLikelihood - b.logLikelihood)).toBeLessThan(1e-10);
    // A: component 0 is the flat line (the fundamental), 1 the stretched overtones (slope ≈ 1).
    expect(a.coefficients[0][1]).toBeCloseTo(0.0425, 3);
    expect(a.coefficients[1][1]).toBeCloseTo(0.992, 3);
    expect(maxRel([b.coefficients[1][1], b.coefficients[0][1]], [a.coefficients[0][1], a.coefficients[1][1]])).toBeLessThan(1e-6);
    expect(a.names).toEqual(["(Intercept)", "x"]);
    expect(a.nParameters).toBe(7);
    expect(a.bic).toBeCloseTo(-2 * a.logLikelihood + 7 * Math.log(150), 10);
    // predict gives each line; predictProba the memberships of new (x, y) pairs.
    const lines = a.predict([1.5, 2.5]);
    expect(lines[1][0]).toBeCloseTo(a.coefficients[1][0] + 1.5 * a.coefficients[1][1], 12);
    const pr = a.predictProba([1.5, 2.5], [1.92, 2.48]);
    expect(pr[0][0]).toBeGreaterThan(0.99); // on the flat line
    expect(pr[1][1]).toBeGreaterThan(0.99); // on the identity line
    expect(a.labels.filter((l) => l === 0).length).toBeGreaterThan(90);
  });

  it("a large offset in y and x changes nothing but the intercepts (EM runs on centred data)", () => {
    // y + 10⁷ and x + 10⁶, with the start moved alike: before centring, the residuals lost seven
    // digits, ℓ was noisy near the maximum, and at this tol the fit took 363 iterations instead
    // of 21 (17 against 26 at the default tol, with slopes off by 5e-6). Tolerances: the shifted data themselves carry only ~9 digits of the
    // original values (1e-9 absolute out of 10⁷), so ℓ and slopes agree to ~1e-10, not 1e-15.
    const base = fitMixtureOfRegressions(x, y, { k: 2, init: START_A, tol: 1e-12, relTol: 0 });
    const sx = 1e6;
    const sy = 1e7;
    const shiftedStart = { ...START_A, coefficients: START_A.coefficients.map(([a, b]) => [a + sy - b * sx, b]) };
    const fit = fitMixtureOfRegressions(Array.from(x, (v) => v + sx), Array.from(y, (v) => v + sy), { k: 2, init: shiftedStart, tol: 1e-12, relTol: 0 });
    expect(fit.iterations).toBe(base.iterations);
    expect(Math.abs(fit.logLikelihood - base.logLikelihood) / Math.abs(base.logLikelihood)).toBeLessThan(1e-10);
    expect(maxRel(fit.coefficients.map((b) => b[1]), base.coefficients.map((b) => b[1]))).toBeLessThan(1e-8);
    expect(maxRel(fit.sigmas, base.sigmas)).toBeLessThan(1e-8);
    for (let c = 0; c < 2; c++) {
      const [a, b] = base.coefficients[c];
      // The intercept carries the slope's ~1e-10 error times the x offset 10⁶: 1e-3 absolute, 1e-10 of 10⁷.
      expect(Math.abs(fit.coefficients[c][0] - (a + sy - b * sx))).toBeLessThan(1e-3);
    }
    // Predictions and memberships of the shifted fit are on the data's own scale.
    expect(fit.predict([[1.5 + sx]])[1][0] - sy).toBeCloseTo(base.predict([[1.5]])[1][0], 6);
    expect(maxRel(fit.predictProba([[2 + sx]], [2 + sy])[0], base.predictProba([[2]], [2])[0])).toBeLessThan(1e-6);
  });

  it("random starts (seeded) find the same maximum as the fixed starts, reproducibly", () => {
    const f1 = fitMixtureOfRegressions(x, y, { k: 2, nInit: 10, seed: 3, tol: 1e-10 });
    const f2 = fitMixtureOfRegressions(x, y, { k: 2, nInit: 10, seed: 3, tol: 1e-10 });
    expect(f1.logLikelihood).toBe(f2.logLikelihood);
    expect(f1.restarts).toHaveLength(10);
    expect(f1.logLikelihood).toBeGreaterThan(REF.startA_tight.loglik - 1e-6);
    expect(f1.monotonicity.ok).toBe(true);
  });

  it("one component is linear regression (the mixture is the Gaussian MLE of a single line)", () => {
    const f = fitMixtureOfRegressions(x, y, { k: 1 });
    expect(f.iterations).toBeLessThanOrEqual(2);
    expect(f.weights).toEqual([1]);
  });
});

describe("fitMixtureOfRegressions: degeneracy policy", () => {
  it("a component on p points hits the σ floor, is reported, and a regular run is preferred", () => {
    // Start one line exactly through observations 0 and 1 with a tiny σ: it captures them and collapses.
    const b1 = (y[1] - y[0]) / (x[1] - x[0]);
    const init = { weights: [0.98, 0.02], coefficients: [[1.5, 0.3], [y[0] - b1 * x[0], b1]], sigmas: [0.3, 1e-4] };
    const fit = fitMixtureOfRegressions(x, y, { k: 2, init, maxIter: 200 });
    expect(fit.degeneracies.some((d) => d.kind === "collapsed" && d.component === 1)).toBe(true);
    expect(Math.min(...fit.sigmas)).toBeGreaterThan(0);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    expect(fit.monotonicity.ok).toBe(true); // the floored M-step is still a maximiser of Q
    // With further random starts, a non-degenerate run is kept.
    const multi = fitMixtureOfRegressions(x, y, { k: 2, init, nInit: 8, seed: 1, maxIter: 500 });
    expect(multi.degeneracies).toEqual([]);
    expect(multi.logLikelihood).toBeCloseTo(REF.startA_tight.loglik, 5);
  });
});

describe("fitMixtureOfRegressions: bad input", () => {
  it("throws named errors", () => {
    expect(() => fitMixtureOfRegressions(x, y, {} as never)).toThrow(InvalidInputError);
    expect(() => fitMixtureOfRegressions(x, y, { k: 0 })).toThrow(DomainError);
    expect(() => fitMixtureOfRegressions(x, y.slice(1), { k: 2 })).toThrow(ShapeError);
    expect(() => fitMixtureOfRegressions(x.slice(0, 5), y.slice(0, 5), { k: 2 })).toThrow(ShapeError);
    expect(() => fitMixtureOfRegressions(x, y, { k: 2, sigmafloor: 1 } as never)).toThrow(UnknownOptionError);
    expect(() => fitMixtureOfRegressions(x, y, { k: 2, init: { weights: [1], coefficients: [[0, 1]], sigmas: [1] } })).toThrow(ShapeError);
    expect(() => fitMixtureOfRegressions(x, y, { k: 2, init: { ...START_A, sigmas: [0.1, 0] } })).toThrow(DomainError);
    expect(() => fitMixtureOfRegressions(x, y, { k: 2, init: { ...START_A, coefficients: [[1, 2, 3], [1, 2, 3]] } })).toThrow(/p = 2/);
    expect(() => fitMixtureOfRegressions(x, y, { k: 2, init: { ...START_A, weights: [0.5, 0.6] } })).toThrow(/sum to/);
    expect(() => fitMixtureOfRegressions(x.map((v) => [v, 2 * v]), y, { k: 2 })).toThrow(NotPositiveDefiniteError);
    expect(() => fitMixtureOfRegressions(x, y.map(() => 2), { k: 2 })).toThrow(DomainError);
    const fit = fitMixtureOfRegressions(x, y, { k: 2, init: START_A });
    expect(() => fit.predict([[1, 2]])).toThrow(ShapeError);
    expect(() => fit.predictProba([1, 2], [1])).toThrow(ShapeError);
  });
});
