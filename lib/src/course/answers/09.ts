/**
 * Answers to the exercises of notebooks/09-missing-data.ipynb, computed from the New York air
 * quality data (`data/airquality.csv`: ozone, solar_r, wind, temp, NaN where missing). Exercises 2
 * and 3 take one EM step from the complete-case estimates θ₀ (sample mean and covariance, divisor m,
 * of the rows with every value), as the notebook does.
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { fitMultivariateNormalMissing } from "../../missing/multivariateNormal.js";
import { compareAnswer, type CheckResult } from "../compare.js";
import { courseTable } from "../data.js";
import { defineExercise, notebookExercises } from "../define.js";

const VARIABLES = ["ozone", "solar_r", "wind", "temp"];

/** The notebook's data: n rows of the four variables, NaN where missing. */
const airquality = () => courseTable("airquality.csv").matrix(VARIABLES);

/** θ₀: the mean and covariance (divisor m) of the complete rows. */
function completeCaseStart(X: number[][]): { mean: number[]; covariance: number[][] } {
  const complete = X.filter((r) => r.every((v) => !Number.isNaN(v)));
  const m = complete.length;
  const d = X[0].length;
  const mean = Array.from({ length: d }, (_, j) => complete.reduce((s, r) => s + r[j], 0) / m);
  const covariance = mean.map((_, j) => mean.map((_, l) => complete.reduce((s, r) => s + (r[j] - mean[j]) * (r[l] - mean[l]), 0) / m));
  return { mean, covariance };
}

/** One EM step from θ₀, by the library (the E-step's conditional covariance included). */
function emStep(X: number[][]) {
  const fit = fitMultivariateNormalMissing(X, { init: completeCaseStart(X), maxIter: 1, standardErrors: false });
  return { mean: fit.mean, covariance: fit.covariance };
}

/** The M-step without the conditional covariance: mean and covariance (divisor n) of X filled in at θ₀. */
function fillInStep(X: number[][]) {
  const filled = fitMultivariateNormalMissing(X, { init: completeCaseStart(X), maxIter: 0, standardErrors: false }).impute().values;
  const n = filled.length;
  const mean = filled[0].map((_, j) => filled.reduce((s, r) => s + r[j], 0) / n);
  const covariance = mean.map((_, j) => mean.map((_, l) => filled.reduce((s, r) => s + (r[j] - mean[j]) * (r[l] - mean[l]), 0) / n));
  return { mean, covariance };
}

type Moments = { mean: number[]; covariance: number[][] };

function readMoments(value: unknown, d: number): Moments {
  const v = value as Partial<Moments> | null;
  const vec = (a: unknown, len: number): a is number[] => Array.isArray(a) && a.length === len && a.every((x) => typeof x === "number" && Number.isFinite(x));
  if (!v || typeof v !== "object" || !vec(v.mean, d) || !Array.isArray(v.covariance) || v.covariance.length !== d || !v.covariance.every((r) => vec(r, d))) {
    throw new InvalidInputError(`pass { mean, covariance }: a mean of ${d} numbers and a ${d} × ${d} covariance (rows of numbers).`);
  }
  return v as Moments;
}

/** Compares the learner's moments with the target; names the other M-step when the value is that one. */
function compareStep(value: unknown, target: Moments, other: Moments, otherName: string): CheckResult {
  const v = readMoments(value, target.mean.length);
  const close = (a: Moments, b: Moments) => compareAnswer([...a.mean, ...a.covariance.flat()], [...b.mean, ...b.covariance.flat()], { relTol: 1e-9, absTol: 1e-9 });
  if (close(v, target).correct) return { correct: true, message: "your M-step matches to 1e-9." };
  if (close(v, other).correct) return { correct: false, message: `that is the M-step ${otherName}.` };
  const mean = compareAnswer(v.mean, target.mean, { relTol: 1e-9, absTol: 1e-9 });
  if (!mean.correct) return { correct: false, message: `the mean is wrong (${mean.message.replace(/\.$/, "")}).` };
  const cov = compareAnswer(v.covariance.flat(), target.covariance.flat(), { relTol: 1e-9, absTol: 1e-9 });
  return { correct: false, message: `the mean is right, the covariance is not (${cov.message.replace(/\.$/, "")}).` };
}

export const notebook09 = notebookExercises("09", {
  "09.1": defineExercise({
    title: "days with both ozone and solar radiation missing",
    hint: "a missing value is NaN in X; count the rows whose first two entries are both NaN.",
    expected: () => airquality().filter((r) => Number.isNaN(r[0]) && Number.isNaN(r[1])).length,
    relTol: 0,
    absTol: 0,
  }),
  "09.2": defineExercise({
    title: "one M-step from the E-step statistics at the complete-case estimates, with the conditional covariance",
    hint: "average the x̂_i for the mean; for the covariance average x̂_i x̂_iᵀ + C_i over all n rows (divide by n, not by the number of complete rows) and subtract μμᵀ.",
    check: (value) => {
      const X = airquality();
      return compareStep(value, emStep(X), fillInStep(X), "without the conditional covariance C_i: add C_i to x̂_i x̂_iᵀ");
    },
  }),
  "09.3": defineExercise({
    title: "the same M-step without the conditional covariance (regression imputation)",
    hint: "the same averages as in exercise 2, with x̂_i x̂_iᵀ alone in the second moment: the covariance of the data set filled in with conditional means.",
    check: (value) => {
      const X = airquality();
      return compareStep(value, fillInStep(X), emStep(X), "with the conditional covariance: leave C_i out this time");
    },
  }),
  "09.4": defineExercise({
    title: "the EM mean of ozone from ozone and temperature alone",
    hint: "keep columns 0 and 3 of every row (NaN included) and fit the two-column normal by EM; read the first entry of the mean.",
    expected: () => fitMultivariateNormalMissing(airquality().map((r) => [r[0], r[3]]), { standardErrors: false }).mean[0],
    relTol: 1e-8,
  }),
});
