/**
 * Named error classes. Every public function of mlem throws one of these for bad input, with a
 * message that says what was wrong and what to do about it, never a NaN or a deep stack trace.
 * @module
 */

/**
 * Base class of every error mlem throws on purpose.
 * @example
 * try { fitGaussianMixture([[1]], { k: 3 }); } catch (e) { if (e instanceof MlemError) console.log(e.message); }
 */
export class MlemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The input itself is unusable: wrong shape, ragged rows, NaN/Infinity, empty data, out-of-domain values.
 * @example
 * throw new InvalidInputError("Normal.fit: data is empty. Pass at least one observation."); // → throws InvalidInputError
 */
export class InvalidInputError extends MlemError {}

/**
 * An array or matrix has the wrong shape (ragged rows, wrong number of columns, k > n, ...).
 * @example
 * throw new ShapeError("means has 3 rows but k = 2. Pass one mean per component."); // → throws ShapeError
 */
export class ShapeError extends InvalidInputError {}

/**
 * NaN or ±Infinity where a finite number is required.
 * @example
 * throw new NonFiniteError("X[3][1] is NaN. Remove or impute missing values first."); // → throws NonFiniteError
 */
export class NonFiniteError extends InvalidInputError {}

/**
 * A parameter or a data value lies outside its domain (a negative variance, a probability above 1, ...).
 * @example
 * throw new DomainError("Gamma: shape must be > 0, got -1."); // → throws DomainError
 */
export class DomainError extends InvalidInputError {}

/**
 * An option name that the function does not know (usually a typo).
 * @example
 * throw new UnknownOptionError("fitGaussianMixture: unknown option 'covariance'. Did you mean 'covarianceType'?"); // → throws UnknownOptionError
 */
export class UnknownOptionError extends InvalidInputError {}

/**
 * A matrix that must be symmetric positive-definite is not (Cholesky failed).
 * @example
 * throw new NotPositiveDefiniteError("covariance 2 is not positive-definite. Increase regCovar."); // → throws NotPositiveDefiniteError
 */
export class NotPositiveDefiniteError extends MlemError {}

/**
 * An iterative method could not proceed (for example perfect separation in logistic regression).
 * Failure to converge within maxIter is reported in results (`converged: false`), not thrown.
 * @example
 * throw new ConvergenceError("logisticRegression: the data are perfectly separated by column 'wt'."); // → throws ConvergenceError
 */
export class ConvergenceError extends MlemError {}
