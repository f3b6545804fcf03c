/**
 * Input validation shared by every public function: shapes, finiteness, domains and option names.
 * Each check throws a named {@link MlemError} subclass whose message names the function, the
 * argument, what was wrong and what to do.
 * @module
 */
import { DomainError, InvalidInputError, NonFiniteError, ShapeError, UnknownOptionError } from "./errors.js";

/** A dense data matrix stored row-major in a Float64Array: entry (i, j) is `data[i * d + j]`. */
export interface DenseMatrix {
  /** Row-major values, length n * d. */
  data: Float64Array;
  /** Number of rows (observations). */
  n: number;
  /** Number of columns (dimensions). */
  d: number;
}

/** An ml-matrix `Matrix` (anything with its `to2DArray()`, `rows` and `columns`), accepted wherever mlem takes a matrix. */
export interface MatrixObject {
  /** The entries as rows. */
  to2DArray(): number[][];
  /** Number of rows. */
  rows: number;
  /** Number of columns. */
  columns: number;
}

/** Anything mlem accepts as a data matrix: rows of numbers, an ml-matrix `Matrix`, or a {@link DenseMatrix}. */
export type MatrixLike = ReadonlyArray<ArrayLike<number>> | MatrixObject | DenseMatrix;

/**
 * The rows of `X` when it is an ml-matrix `Matrix` (a {@link MatrixObject}); `X` itself otherwise,
 * for the caller's own checks. Every function that takes a matrix as rows calls it first, so that
 * a `Matrix` works wherever rows do.
 * @example
 * import { Matrix } from "ml-matrix";
 * rowsOf(new Matrix([[1, 2], [3, 4]])); // → [[1, 2], [3, 4]]
 * rowsOf([[1, 2]]);                     // the same array
 */
export function rowsOf<T>(X: T | MatrixObject): T | number[][] {
  if (X !== null && typeof X === "object" && !Array.isArray(X) && typeof (X as MatrixObject).to2DArray === "function") {
    return (X as MatrixObject).to2DArray();
  }
  return X as T;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

/**
 * Checks that `x` is a non-empty array of finite numbers and returns it as a Float64Array (a copy).
 * @param fn name of the calling function, used in messages
 * @param name name of the argument, used in messages
 * @example
 * const x = toVector([1, 2, 3], "Normal.fit", "data"); // → [1, 2, 3]
 */
export function toVector(x: unknown, fn: string, name: string, opts: { allowEmpty?: boolean } = {}): Float64Array {
  if (!Array.isArray(x) && !(ArrayBuffer.isView(x) && !(x instanceof DataView))) {
    throw new InvalidInputError(`${fn}: ${name} must be an array of numbers, got ${describe(x)}.`);
  }
  const arr = x as ArrayLike<unknown>;
  if (arr.length === 0 && !opts.allowEmpty) {
    throw new InvalidInputError(`${fn}: ${name} is empty. Pass at least one value.`);
  }
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== "number") {
      throw new InvalidInputError(`${fn}: ${name}[${i}] is ${describe(v)}, not a number.`);
    }
    if (!Number.isFinite(v)) {
      throw new NonFiniteError(
        `${fn}: ${name}[${i}] is ${v}. Remove or impute missing/infinite values before calling ${fn}.`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * Converts rows of numbers (or an ml-matrix `Matrix`, or a {@link DenseMatrix}) into a row-major
 * {@link DenseMatrix}, checking that it is non-empty, rectangular and finite.
 * @example
 * const { data, n, d } = toDenseMatrix([[1, 2], [3, 4]], "fitGaussianMixture", "X"); // n = 2, d = 2
 */
export function toDenseMatrix(
  X: unknown,
  fn: string,
  name: string,
  opts: { allowNaN?: boolean } = {},
): DenseMatrix {
  let rows: ArrayLike<unknown>;
  if (X !== null && typeof X === "object" && "data" in X && "n" in X && "d" in X) {
    const m = X as DenseMatrix;
    if (!Number.isInteger(m.n) || !Number.isInteger(m.d) || m.n < 1 || m.d < 1) {
      throw new ShapeError(
        `${fn}: ${name} is a DenseMatrix with n = ${String(m.n)} rows and d = ${String(m.d)} columns; both must be integers ≥ 1.`,
      );
    }
    if (!(m.data instanceof Float64Array) || m.data.length !== m.n * m.d) {
      throw new ShapeError(`${fn}: ${name} looks like a DenseMatrix but data.length != n * d.`);
    }
    checkFiniteFlat(m.data, m.d, fn, name, opts.allowNaN ?? false);
    return { data: new Float64Array(m.data), n: m.n, d: m.d };
  } else if (X !== null && typeof X === "object" && typeof (X as { to2DArray?: unknown }).to2DArray === "function") {
    rows = (X as { to2DArray(): number[][] }).to2DArray();
  } else if (Array.isArray(X)) {
    rows = X;
  } else {
    throw new InvalidInputError(
      `${fn}: ${name} must be an array of rows (number[][]), got ${describe(X)}. ` +
        `For one-dimensional data pass x.map(v => [v]).`,
    );
  }
  const n = rows.length;
  if (n === 0) throw new InvalidInputError(`${fn}: ${name} has no rows. Pass at least one observation.`);
  const first = rows[0];
  if (typeof first === "number") {
    throw new ShapeError(
      `${fn}: ${name} is a flat array of numbers; it must be an array of rows. ` +
        `For one-dimensional data pass x.map(v => [v]).`,
    );
  }
  if (first === null || typeof first !== "object" || typeof (first as ArrayLike<number>).length !== "number") {
    throw new InvalidInputError(`${fn}: ${name}[0] must be an array of numbers, got ${describe(first)}.`);
  }
  const d = (first as ArrayLike<number>).length;
  if (d === 0) throw new ShapeError(`${fn}: ${name}[0] is empty; every row needs at least one column.`);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as ArrayLike<unknown> | null;
    if (row === null || typeof row !== "object" || typeof row.length !== "number") {
      throw new InvalidInputError(`${fn}: ${name}[${i}] must be an array of numbers, got ${describe(row)}.`);
    }
    if (row.length !== d) {
      throw new ShapeError(
        `${fn}: ${name} is ragged: row 0 has ${d} columns but row ${i} has ${row.length}. All rows need the same length.`,
      );
    }
    for (let j = 0; j < d; j++) {
      const v = row[j];
      if (typeof v !== "number") {
        throw new InvalidInputError(`${fn}: ${name}[${i}][${j}] is ${describe(v)}, not a number.`);
      }
      data[i * d + j] = v;
    }
  }
  checkFiniteFlat(data, d, fn, name, opts.allowNaN ?? false);
  return { data, n, d };
}

function checkFiniteFlat(data: Float64Array, d: number, fn: string, name: string, allowNaN: boolean): void {
  for (let t = 0; t < data.length; t++) {
    const v = data[t];
    if (Number.isFinite(v) || (allowNaN && Number.isNaN(v))) continue;
    const i = Math.floor(t / d);
    const j = t - i * d;
    throw new NonFiniteError(
      `${fn}: ${name}[${i}][${j}] is ${v}. Remove or impute missing/infinite values before calling ${fn}` +
        (Number.isNaN(v) ? " (fitMultivariateNormalMissing handles NaN as missing)." : "."),
    );
  }
}

/**
 * Throws {@link DomainError} unless `value` is a finite number satisfying the given bounds.
 * @example
 * assertNumber(2.5, "Gamma", "shape", { gt: 0 });
 */
export function assertNumber(
  value: unknown,
  fn: string,
  name: string,
  bounds: { gt?: number; ge?: number; lt?: number; le?: number; integer?: boolean } = {},
): asserts value is number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new DomainError(`${fn}: ${name} must be a number, got ${describe(value)}.`);
  }
  if (!Number.isFinite(value)) throw new NonFiniteError(`${fn}: ${name} must be finite, got ${value}.`);
  if (bounds.integer && !Number.isInteger(value)) {
    throw new DomainError(`${fn}: ${name} must be an integer, got ${value}.`);
  }
  if (bounds.gt !== undefined && !(value > bounds.gt)) throw new DomainError(`${fn}: ${name} must be > ${bounds.gt}, got ${value}.`);
  if (bounds.ge !== undefined && !(value >= bounds.ge)) throw new DomainError(`${fn}: ${name} must be ≥ ${bounds.ge}, got ${value}.`);
  if (bounds.lt !== undefined && !(value < bounds.lt)) throw new DomainError(`${fn}: ${name} must be < ${bounds.lt}, got ${value}.`);
  if (bounds.le !== undefined && !(value <= bounds.le)) throw new DomainError(`${fn}: ${name} must be ≤ ${bounds.le}, got ${value}.`);
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * Throws {@link UnknownOptionError} if `options` has a key not in `allowed`, suggesting the closest
 * valid name. Catches typos such as `{ covariance: "diag" }` instead of `{ covarianceType: "diag" }`.
 * @param what what the keys are called in the message (default "option"; e.g. "model field")
 * @example
 * checkOptions({ k: 2, tol: 1e-6 }, ["k", "tol", "maxIter"], "fitGaussianMixture");
 */
export function checkOptions(options: unknown, allowed: readonly string[], fn: string, what = "option"): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InvalidInputError(`${fn}: ${what === "option" ? "options" : what} must be an object, got ${describe(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    let best = "";
    let bestDist = Infinity;
    for (const a of allowed) {
      const k = key.toLowerCase();
      const al = a.toLowerCase();
      // One name containing the other ("tolerance" / "tol") counts as close; ties go to the name
      // closest in length.
      const contains = al.includes(k) || (al.length >= 3 && k.includes(al));
      const dist = contains ? 1 + 0.01 * Math.abs(al.length - k.length) : editDistance(k, al);
      if (dist < bestDist) {
        bestDist = dist;
        best = a;
      }
    }
    const hint = bestDist <= Math.max(2, Math.floor(key.length / 2)) ? ` Did you mean '${best}'?` : "";
    throw new UnknownOptionError(
      `${fn}: unknown ${what} '${key}'.${hint} Valid ${what}s: ${allowed.join(", ")}.`,
    );
  }
}
