/**
 * The likelihood-ratio test of nested models.
 * @module
 */
import { DomainError, NonFiniteError } from "../core/errors.js";
import { chiSquareSf } from "./chisq.js";

/** Result of {@link likelihoodRatioTest}. */
export interface LikelihoodRatioTestResult {
  /** 2 (ℓ_alt − ℓ_null), ≥ 0. */
  statistic: number;
  /** Degrees of freedom (number of parameters fixed by the null hypothesis). */
  df: number;
  /** P(χ²(df) > statistic), the asymptotic p-value (Wilks). */
  pValue: number;
}

/**
 * Likelihood-ratio test of a null model nested in an alternative: statistic 2(ℓ_alt − ℓ_null),
 * p-value from χ²(df) (Wilks' theorem; not valid when the null puts a parameter on the boundary of
 * its space, e.g. a variance or mixture weight = 0, where the p-value is conservative).
 * @param llNull maximised log-likelihood of the null (smaller) model
 * @param llAlt maximised log-likelihood of the alternative (larger) model
 * @param df difference in the number of free parameters
 * @example
 * likelihoodRatioTest(-120.5, -118.2, 1); // → { statistic: 4.6, df: 1, pValue: 0.032 }
 */
export function likelihoodRatioTest(llNull: number, llAlt: number, df: number): LikelihoodRatioTestResult {
  const fn = "likelihoodRatioTest";
  if (typeof llNull !== "number" || !Number.isFinite(llNull)) throw new NonFiniteError(`${fn}: llNull must be a finite log-likelihood, got ${String(llNull)}.`);
  if (typeof llAlt !== "number" || !Number.isFinite(llAlt)) throw new NonFiniteError(`${fn}: llAlt must be a finite log-likelihood, got ${String(llAlt)}.`);
  if (typeof df !== "number" || !(df > 0) || !Number.isFinite(df)) {
    throw new DomainError(`${fn}: df must be > 0 (the number of parameters the null hypothesis fixes), got ${String(df)}.`);
  }
  let statistic = 2 * (llAlt - llNull);
  if (statistic < 0) {
    // Tiny negative values are optimiser rounding; larger ones mean the fits are wrong or not nested.
    if (statistic > -1e-6 * Math.max(1, Math.abs(llAlt))) statistic = 0;
    else {
      throw new DomainError(
        `${fn}: llAlt (${llAlt}) is below llNull (${llNull}). For nested models the larger model's maximised log-likelihood ` +
          "cannot be smaller: check that the arguments are in the order (null, alternative), that the models are nested, and that both fits converged.",
      );
    }
  }
  return { statistic, df, pValue: chiSquareSf(statistic, df) };
}
