/**
 * Answers to the exercises of notebooks/02-numerical-mle.ipynb, computed from the course data
 * (`data/rivers.csv`, the first `nRivers` rows as the notebook's knob says, and `data/mtcars.csv`,
 * the first `nCars` cars for the linear regression of `mpg` on `carCovariates`) and from the knob
 * values the notebook passes as context.
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { sigmoid } from "../../core/special.js";
import { Exponential } from "../../distributions/exponential.js";
import { Gamma } from "../../distributions/gamma.js";
import { LogNormal } from "../../distributions/lognormal.js";
import { Weibull } from "../../distributions/weibull.js";
import { chiSquareQuantile } from "../../inference/chisq.js";
import { logisticRegression } from "../../regression/glm.js";
import { linearRegression, type LinearRegressionResult } from "../../regression/linear.js";
import { courseTable } from "../data.js";
import { defineExercise, notebookExercises } from "../define.js";

/** The notebook's data: the first `nRivers` river lengths (miles). */
function rivers(nRivers: number): number[] {
  const all = courseTable("rivers.csv").numbers("length_miles");
  if (!Number.isInteger(nRivers) || nRivers < 2 || nRivers > all.length) {
    throw new InvalidInputError(`notebook 02: nRivers must be an integer from 2 to ${all.length}, got ${nRivers}.`);
  }
  return all.slice(0, nRivers);
}

/**
 * The Weibull profile log-likelihood of the shape k, in closed form: for fixed k the scale that
 * maximises ℓ is λ̂(k) = (Σ xᵢᵏ / n)^(1/k), and at it Σ (xᵢ/λ̂)ᵏ = n, so
 * ℓ_p(k) = n log k − n k log λ̂(k) + (k − 1) Σ log xᵢ − n.
 */
function weibullProfile(x: number[], k: number): number {
  const n = x.length;
  let sk = 0;
  let sl = 0;
  for (const v of x) {
    sk += Math.pow(v, k);
    sl += Math.log(v);
  }
  const logLam = Math.log(sk / n) / k;
  return n * Math.log(k) - n * k * logLam + (k - 1) * sl - n;
}

/** The notebook's linear regression: mpg of the first `nCars` cars on the comma-separated `carCovariates`, with an intercept. */
function carRegression(nCars: number, carCovariates: string): { fit: LinearRegressionResult; mpg: number[] } {
  const t = courseTable("mtcars.csv");
  const names = carCovariates.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const columns = t.columns.filter((c) => c !== "model" && c !== "mpg");
  if (names.length === 0 || !names.every((c) => columns.includes(c))) {
    throw new InvalidInputError(`notebook 02: carCovariates must name mtcars columns (${columns.join(", ")}), separated by commas; got "${carCovariates}".`);
  }
  if (!Number.isInteger(nCars) || nCars < names.length + 2 || nCars > t.rowCount) {
    throw new InvalidInputError(`notebook 02: nCars must be an integer from ${names.length + 2} to ${t.rowCount}, got ${nCars}.`);
  }
  const mpg = t.numbers("mpg").slice(0, nCars);
  return { fit: linearRegression(t.matrix(names).slice(0, nCars), mpg, { names }), mpg };
}

export const notebook02 = notebookExercises("02", {
  "02.1": defineExercise({
    title: "the two-parameter family (gamma, weibull or lognormal) with the highest maximised log-likelihood for the rivers",
    hint: "fit all three to the same rivers (Gamma.fit, Weibull.fit, LogNormal.fit) and compare their logLikelihood fields; the answer is the lower-case name.",
    context: { nRivers: "number" },
    expected: ({ nRivers }) => {
      const x = rivers(nRivers);
      const ll: Array<[string, number]> = [["gamma", Gamma.fit(x).logLikelihood], ["weibull", Weibull.fit(x).logLikelihood], ["lognormal", LogNormal.fit(x).logLikelihood]];
      return ll.reduce((best, f) => (f[1] > best[1] ? f : best))[0];
    },
  }),
  "02.2": defineExercise({
    title: "the likelihood-ratio statistic of the Exponential (k = 1) against the Gamma",
    hint: "twice the difference of the two maximised log-likelihoods, the larger model's minus the smaller one's; the Exponential is the Gamma with its shape fixed at 1.",
    context: { nRivers: "number" },
    expected: ({ nRivers }) => {
      const x = rivers(nRivers);
      return 2 * (Gamma.fit(x).logLikelihood - Exponential.fit(x).logLikelihood);
    },
    relTol: 1e-7,
  }),
  "02.3": defineExercise({
    title: "the upper end of the profile-likelihood interval for the Weibull shape",
    hint: "the profile interval keeps every shape k whose profile log-likelihood (the scale re-maximised for that k) is within χ²₁(level)/2 of ℓ̂; its upper end is where ℓ_p crosses that cut-off above k̂. The Wald end only approximates it.",
    context: { nRivers: "number", level: "number" },
    // The defining property, checked with the profile in closed form (not with the library's
    // profile code): the value lies above k̂ and 2(ℓ̂ − ℓ_p(value)) equals χ²₁(level).
    check: (value, { nRivers, level }) => {
      if (typeof value !== "number" || !Number.isFinite(value)) return { correct: false, message: "the answer should be a finite number, the upper end of the interval." };
      if (!(level > 0 && level < 1)) throw new InvalidInputError(`exercise 02.3: level must be between 0 and 1, got ${level}.`);
      const x = rivers(nRivers);
      const fit = Weibull.fit(x);
      const kHat = fit.params.shape;
      if (!(value > kHat)) return { correct: false, message: `${value.toPrecision(6)} is not above the estimate k̂: the upper end lies above it.` };
      const llHat = weibullProfile(x, kHat);
      const deviance = 2 * (llHat - weibullProfile(x, value));
      const cutoff = chiSquareQuantile(level, 1);
      if (Math.abs(deviance - cutoff) <= 1e-4 * cutoff) return { correct: true, message: `at ${value.toPrecision(8)}, 2(ℓ̂ − ℓ_p) equals the χ²₁(${level}) cut-off (within 0.01%).` };
      return {
        correct: false,
        message: deviance < cutoff
          ? `at ${value.toPrecision(6)} the profile log-likelihood is still above the cut-off (2(ℓ̂ − ℓ_p) = ${deviance.toFixed(3)} < χ²₁(${level}) = ${cutoff.toFixed(3)}): the upper end lies further out.`
          : `at ${value.toPrecision(6)} the profile log-likelihood is already below the cut-off (2(ℓ̂ − ℓ_p) = ${deviance.toFixed(3)} > χ²₁(${level}) = ${cutoff.toFixed(3)}): the upper end lies further in.`,
      };
    },
  }),
  "02.4": defineExercise({
    title: "the fitted probability of a manual gearbox for a 3000 lb car (logistic regression of am on wt)",
    hint: "fit logisticRegression(wt, am) on mtcars; the probability is the logistic function σ(η) of the linear predictor η = β₀ + β₁·wt at wt = 3 (weight is in 1000 lb).",
    expected: () => {
      const t = courseTable("mtcars.csv");
      const fit = logisticRegression(t.numbers("wt"), t.numbers("am"), { names: ["wt"] });
      return sigmoid(fit.coefficients[0] + fit.coefficients[1] * 3);
    },
    relTol: 1e-7,
  }),
  "02.5": defineExercise({
    title: "the least-squares coefficients of mpg on the knobs' covariates, from the normal equations",
    hint: "the design matrix has a leading column of ones and then one column per covariate, one row per car; the normal equations are what you get by setting the score for β to zero. Solve them; do not invert.",
    context: { nCars: "number", carCovariates: "string" },
    // The least-squares β̂ by QR (linearRegression); the normal equations lose about log10 cond(X)² digits, far fewer than 1e-7 relative here.
    expected: ({ nCars, carCovariates }) => Array.from(carRegression(nCars, carCovariates).fit.coefficients),
    relTol: 1e-7,
  }),
  "02.6": defineExercise({
    title: "the likelihood-ratio statistic of the knobs' regression against the intercept-only model",
    hint: "fit both models (the intercept-only one is a regression on a column of ones without an added intercept) and take twice the difference of their maximised log-likelihoods; each depends on the data only through its RSS.",
    context: { nCars: "number", carCovariates: "string" },
    // 2(ℓ̂₁ − ℓ̂₀) with ℓ̂ = −n/2 (log(2π RSS/n) + 1): n log(RSS₀/RSS₁), RSS₀ the sum of squares about the mean.
    expected: ({ nCars, carCovariates }) => {
      const { fit, mpg } = carRegression(nCars, carCovariates);
      const mean = mpg.reduce((s, v) => s + v, 0) / mpg.length;
      const rss0 = mpg.reduce((s, v) => s + (v - mean) ** 2, 0);
      return mpg.length * Math.log(rss0 / fit.rss);
    },
    relTol: 1e-9,
  }),
});
