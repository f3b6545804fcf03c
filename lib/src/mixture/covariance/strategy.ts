/**
 * The covariance strategies by type (internal): `covarianceStrategy(type)` is the one place that
 * maps a covariance type to the object doing its per-type work (see {@link CovarianceStrategy}).
 * @module
 * @internal
 */
import { diagCovariance } from "./diag.js";
import { fullCovariance } from "./full.js";
import { sphericalCovariance } from "./spherical.js";
import { tiedCovariance } from "./tied.js";
import type { CovarianceStrategy, CovarianceType } from "./types.js";

export type { CovarianceStrategy };

const STRATEGIES: Readonly<Record<CovarianceType, CovarianceStrategy>> = {
  full: fullCovariance,
  tied: tiedCovariance,
  diag: diagCovariance,
  spherical: sphericalCovariance,
};

/** The strategy of a covariance type. @internal */
export function covarianceStrategy(type: CovarianceType): CovarianceStrategy {
  return STRATEGIES[type];
}
