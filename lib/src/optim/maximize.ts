/**
 * Numerical maximisation of a scalar function (a log-likelihood, usually): Newton–Raphson,
 * BFGS, L-BFGS, Nelder–Mead and plain gradient ascent behind one function, {@link maximize}.
 *
 * Internally every method minimises φ(x) = −f(x); results are reported on the scale of f.
 * Failure to converge is reported (`converged: false` plus a `stopReason` sentence), never hidden.
 * @module
 */
import { DomainError, InvalidInputError, NonFiniteError, ShapeError } from "../core/errors.js";
import { choleskyLower, solveLowerInPlace, solveUpperTransposeInPlace } from "../core/linalg.js";
import { checkOptions } from "../core/validate.js";
import { numericalGradient, numericalHessian } from "../calculus/derivatives.js";

/** The optimisation methods of {@link maximize}. */
export type OptimizeMethod = "newton" | "bfgs" | "lbfgs" | "nelder-mead" | "gradient";

/** Options of {@link maximize}. */
export interface OptimizeOptions {
  /** Algorithm (default "bfgs"). */
  method?: OptimizeMethod;
  /** Analytic gradient of f, length d. Default: central finite differences. */
  gradient?: (x: Float64Array) => Float64Array;
  /** Analytic Hessian of f, row-major d×d (used by "newton" only). Default: finite differences. */
  hessian?: (x: Float64Array) => Float64Array;
  /**
   * Maximum number of iterations. Defaults: newton 100, bfgs 1000, lbfgs 2000, gradient 20000,
   * nelder-mead 2000·d.
   */
  maxIter?: number;
  /**
   * Gradient tolerance: stop when max_i |∂f/∂x_i| ≤ gradTol · max(1, min(|f(x)|, |f(x0)|)) (default
   * 1e-8). Scaling by |f| keeps the test meaningful for log-likelihoods of large samples, whose
   * finite-difference gradients carry rounding noise proportional to |f|.
   */
  gradTol?: number;
  /**
   * Function tolerance: stop when an iteration changes f by at most fTol · (|f| + fTol)
   * (default 1e-14 for the gradient methods, i.e. no progress left in double precision; 1e-10 for
   * Nelder–Mead, where it is the spread of f over the simplex).
   */
  fTol?: number;
  /**
   * Step tolerance: stop when max_i |Δx_i| ≤ xTol · (1 + max_i |x_i|) (default 1e-12; 1e-8 for
   * Nelder–Mead, where it is the size of the simplex).
   */
  xTol?: number;
  /** Initial step length of "gradient" (default 1); adapted by backtracking and doubling. */
  stepSize?: number;
  /** Record the path of the iterates in `trace` (default true). */
  trace?: boolean;
}

/** One entry of {@link OptimizeResult.trace}. */
export interface OptimizeTraceEntry {
  /** Iteration number (0 is the starting point). */
  iteration: number;
  /** Current point, length d. */
  x: number[];
  /** f at the current point. */
  value: number;
  /** max_i |∂f/∂x_i| at the current point; NaN for Nelder–Mead, which computes no gradients. */
  gradientNorm: number;
}

/** Result of {@link maximize}. */
export interface OptimizeResult {
  /** The maximiser found, length d. */
  x: Float64Array;
  /** f(x). */
  value: number;
  /**
   * Gradient of f at x, length d (analytic if given, else finite differences). For Nelder–Mead it is
   * computed once at the end; its entries are NaN only if f is not finite next to x.
   */
  gradient: Float64Array;
  /** Number of iterations performed. */
  iterations: number;
  /** Number of calls of f, including those made for finite-difference derivatives. */
  evaluations: number;
  /** Whether a convergence criterion was met. */
  converged: boolean;
  /** Why the iterations stopped, as a sentence (e.g. "gradient norm 3.1e-9 ≤ gradTol·max(1, min(|f|, |f(x0)|)) = 1.2e-7", "maxIter reached ..."). */
  stopReason: string;
  /** The iterates (empty when `trace: false`). */
  trace: OptimizeTraceEntry[];
}

const OPTION_NAMES = ["method", "gradient", "hessian", "maxIter", "gradTol", "fTol", "xTol", "stepSize", "trace"] as const;
const METHODS: readonly OptimizeMethod[] = ["newton", "bfgs", "lbfgs", "nelder-mead", "gradient"];
const FN = "maximize";

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}

function normInf(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function allFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/**
 * The objective with bookkeeping: counts evaluations, negates (we minimise φ = −f) and turns
 * failures of user code into either named errors (wrong type/shape) or "non-finite" signals that
 * line searches treat as "step too long".
 */
class Objective {
  evaluations = 0;
  constructor(
    readonly f: (x: Float64Array) => number,
    readonly d: number,
    readonly gradientFn: ((x: Float64Array) => Float64Array) | undefined,
    readonly hessianFn: ((x: Float64Array) => Float64Array) | undefined,
  ) {}

  /** f(x) (maximisation scale); may be non-finite. */
  value(x: Float64Array): number {
    this.evaluations++;
    const v = this.f(Float64Array.from(x));
    if (typeof v !== "number") {
      throw new InvalidInputError(`${FN}: f must return a number, got ${typeof v} at x = [${Array.from(x).map(fmt).join(", ")}].`);
    }
    return v;
  }

  private readonly counted = (x: Float64Array): number => this.value(x);

  /** ∇f(x) (maximisation scale), or null if it is not finite there. */
  gradient(x: Float64Array): Float64Array | null {
    let g: Float64Array;
    if (this.gradientFn) {
      const r = this.gradientFn(Float64Array.from(x)) as ArrayLike<number> | undefined;
      if (!r || typeof r.length !== "number" || r.length !== this.d) {
        throw new ShapeError(
          `${FN}: options.gradient must return an array of length ${this.d} (one entry per parameter), got ${r && typeof r.length === "number" ? `length ${r.length}` : String(r)}.`,
        );
      }
      g = Float64Array.from(r);
    } else {
      try {
        g = numericalGradient(this.counted, x);
      } catch (e) {
        if (e instanceof NonFiniteError) return null;
        throw e;
      }
    }
    return allFinite(g) ? g : null;
  }

  /** Hessian of f (maximisation scale), row-major d×d, or null if not finite. */
  hessian(x: Float64Array): Float64Array | null {
    const d = this.d;
    let H: Float64Array;
    if (this.hessianFn) {
      const r = this.hessianFn(Float64Array.from(x)) as ArrayLike<number> | undefined;
      if (!r || typeof r.length !== "number" || r.length !== d * d) {
        throw new ShapeError(
          `${FN}: options.hessian must return a row-major ${d}×${d} array (length ${d * d}), got ${r && typeof r.length === "number" ? `length ${r.length}` : String(r)}.`,
        );
      }
      H = Float64Array.from(r);
    } else {
      try {
        H = numericalHessian(this.counted, x);
      } catch (e) {
        if (e instanceof NonFiniteError) return null;
        throw e;
      }
    }
    return allFinite(H) ? H : null;
  }
}

interface Settings {
  maxIter: number;
  gradTol: number;
  fTol: number;
  xTol: number;
  stepSize: number;
  trace: boolean;
  /** |f(x0)|, part of the gradient-test scale (see gradThreshold). */
  absF0: number;
}

interface State {
  x: Float64Array;
  /** f(x), maximisation scale. */
  f: number;
  /** ∇f(x), maximisation scale. */
  g: Float64Array;
}

class Recorder {
  readonly trace: OptimizeTraceEntry[] = [];
  constructor(private readonly on: boolean) {}
  push(iteration: number, x: Float64Array, value: number, gradientNorm: number): void {
    if (this.on) this.trace.push({ iteration, x: Array.from(x), value, gradientNorm });
  }
}

interface Outcome {
  state: State;
  iterations: number;
  converged: boolean;
  stopReason: string;
}

/**
 * gradTol scaled by max(1, min(|f|, |f(x0)|)). The scale absorbs the rounding noise of
 * finite-difference gradients, which grows with |f| (large-sample log-likelihoods); taking the
 * smaller of |f| and |f(x0)| stops an f that grows without bound from loosening its own test.
 */
function gradThreshold(s: Settings, f: number): number {
  return s.gradTol * Math.max(1, Math.min(Math.abs(f), s.absF0));
}

const DIVERGED = 1e150;

/** A stop reason if the iterates run away (f unbounded above), else null. */
function divergence(x: ArrayLike<number>, f: number): string | null {
  const xm = normInf(x);
  if (xm > DIVERGED || !Number.isFinite(xm) || Math.abs(f) > 1e300) {
    return `the iterates diverge (max|x| = ${fmt(xm)}, f = ${fmt(f)}): f appears to be unbounded above. Check the sign (maximize wants the log-likelihood, not its negative) and the parameter constraints`;
  }
  return null;
}

function gradConverged(s: Settings, st: State): string | null {
  const gn = normInf(st.g);
  const thr = gradThreshold(s, st.f);
  return gn <= thr ? `gradient norm ${fmt(gn)} ≤ gradTol·max(1, min(|f|, |f(x0)|)) = ${fmt(thr)}` : null;
}

/**
 * Stopping tests after a step from `prev` to `cur`; null if none holds. The gradient test means
 * convergence. The f- and x-change tests mean "no further progress"; that counts as convergence only
 * if the gradient is within 1000·gradTol of zero (the limit of floating-point precision), and is
 * reported as a failure otherwise (e.g. f unbounded, or progress stalled far from a maximum).
 */
function stepConverged(s: Settings, prev: State, cur: State): { converged: boolean; stopReason: string } | null {
  const gr = gradConverged(s, cur);
  if (gr) return { converged: true, stopReason: gr };
  const gn = normInf(cur.g);
  const loose = 1000 * gradThreshold(s, cur.f);
  const verdict = (what: string): { converged: boolean; stopReason: string } =>
    gn <= loose
      ? { converged: true, stopReason: `${what}; gradient norm ${fmt(gn)} ≤ 1000·gradTol·max(1, min(|f|, |f(x0)|)) = ${fmt(loose)}, the limit of floating-point precision` }
      : {
          converged: false,
          stopReason: `${what}, but the gradient norm ${fmt(gn)} is not small (> ${fmt(loose)}): progress stalled away from a maximum. Centre or rescale the parameters (very different scales make the problem ill-conditioned), check the gradient, or try another method`,
        };
  const df = Math.abs(cur.f - prev.f);
  if (df <= s.fTol * (Math.abs(cur.f) + s.fTol)) {
    return verdict(`change of f in the last iteration ${fmt(df)} ≤ fTol·(|f| + fTol)`);
  }
  let dx = 0;
  for (let i = 0; i < cur.x.length; i++) dx = Math.max(dx, Math.abs(cur.x[i] - prev.x[i]));
  const thr = s.xTol * (1 + normInf(cur.x));
  if (dx <= thr) return verdict(`step length ${fmt(dx)} ≤ xTol·(1 + max|x|) = ${fmt(thr)}`);
  return null;
}

/**
 * What to report when no acceptable step exists along an ascent direction. Near a maximum this is
 * the limit of floating-point precision (finite-difference noise), which we accept when the
 * gradient is within 1000·gradTol of zero; otherwise it is a genuine failure.
 */
function lineSearchFailure(s: Settings, st: State, why: string): { converged: boolean; stopReason: string } {
  const gn = normInf(st.g);
  const thr = 1000 * gradThreshold(s, st.f);
  if (gn <= thr) {
    return {
      converged: true,
      stopReason: `line search could not increase f any further (${why}); gradient norm ${fmt(gn)} ≤ 1000·gradTol·max(1, min(|f|, |f(x0)|)) = ${fmt(thr)}, so this is the limit of floating-point precision and is accepted as converged`,
    };
  }
  return {
    converged: false,
    stopReason: `line search failed (${why}) with gradient norm ${fmt(gn)}: f could not be increased along the search direction. Check that the gradient is correct, rescale the parameters, or try method "nelder-mead"`,
  };
}

function trial(x: Float64Array, p: Float64Array, alpha: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i] + alpha * p[i];
  return y;
}

interface LineSearchResult {
  state: State | null;
  alpha: number;
  reason: string;
}

/**
 * Line search for the minimisation of φ = −f along a descent direction p (ascent for f) with the
 * strong Wolfe conditions (Nocedal & Wright 2006, Algorithms 3.5–3.6: bracketing, then zoom by
 * safeguarded quadratic interpolation). Non-finite values of f or of the gradient count as "step
 * too long". If the zoom phase runs out, a step satisfying only the Armijo condition is accepted.
 */
function wolfeLineSearch(obj: Objective, st: State, p: Float64Array, alpha0: number): LineSearchResult {
  const c1 = 1e-4;
  const c2 = 0.9;
  const phi0 = -st.f;
  const dphi0 = -dot(st.g, p);
  let aPrev = 0;
  let phiPrev = phi0;
  let dphiPrev = dphi0;
  let gPrev: Float64Array | null = st.g;
  let xPrev = st.x;
  let alpha = alpha0;
  // Best Armijo point seen, the fallback when the curvature condition cannot be met.
  let armijo: State | null = null;
  let armijoAlpha = 0;

  const zoom = (
    lo: number, phiLo: number, dphiLo: number, xLo: Float64Array, gLo: Float64Array | null,
    hi: number, phiHi: number,
  ): LineSearchResult => {
    for (let j = 0; j < 40; j++) {
      const width = hi - lo;
      let a: number;
      const denom = 2 * (phiHi - phiLo - dphiLo * width);
      if (Number.isFinite(phiHi) && denom > 0) {
        a = lo - (dphiLo * width * width) / denom;
      } else {
        a = lo + 0.5 * width;
      }
      // Keep the new point well inside the bracket so it keeps shrinking.
      const minA = Math.min(lo + 0.1 * width, hi - 0.1 * width);
      const maxA = Math.max(lo + 0.1 * width, hi - 0.1 * width);
      if (!(a >= minA && a <= maxA)) a = lo + 0.5 * width;
      if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo))) break;
      const xa = trial(st.x, p, a);
      const fa = obj.value(xa);
      const phiA = -fa;
      if (!Number.isFinite(phiA) || phiA > phi0 + c1 * a * dphi0 || phiA >= phiLo) {
        hi = a;
        phiHi = Number.isFinite(phiA) ? phiA : Infinity;
        continue;
      }
      const ga = obj.gradient(xa);
      if (!ga) {
        hi = a;
        phiHi = Infinity;
        continue;
      }
      const stA: State = { x: xa, f: fa, g: ga };
      if (!armijo || phiA < -armijo.f) {
        armijo = stA;
        armijoAlpha = a;
      }
      const dphiA = -dot(ga, p);
      if (Math.abs(dphiA) <= -c2 * dphi0) return { state: stA, alpha: a, reason: "" };
      if (dphiA * (hi - lo) >= 0) {
        hi = lo;
        phiHi = phiLo;
      }
      lo = a;
      phiLo = phiA;
      dphiLo = dphiA;
      xLo = xa;
      gLo = ga;
    }
    if (lo > 0 && gLo && phiLo < phi0) return { state: { x: xLo, f: -phiLo, g: gLo }, alpha: lo, reason: "" };
    if (armijo) return { state: armijo, alpha: armijoAlpha, reason: "" };
    return { state: null, alpha: 0, reason: "the bracketing interval shrank to nothing" };
  };

  for (let i = 0; i < 60; i++) {
    const xa = trial(st.x, p, alpha);
    const fa = obj.value(xa);
    const phiA = -fa;
    if (!Number.isFinite(phiA)) {
      // Step too long: f is not defined (or not finite) there. Shrink towards the last good point.
      return zoom(aPrev, phiPrev, dphiPrev, xPrev, gPrev, alpha, Infinity);
    }
    if (phiA > phi0 + c1 * alpha * dphi0 || (i > 0 && phiA >= phiPrev)) {
      return zoom(aPrev, phiPrev, dphiPrev, xPrev, gPrev, alpha, phiA);
    }
    const ga = obj.gradient(xa);
    if (!ga) return zoom(aPrev, phiPrev, dphiPrev, xPrev, gPrev, alpha, Infinity);
    const dphiA = -dot(ga, p);
    const stA: State = { x: xa, f: fa, g: ga };
    if (Math.abs(dphiA) <= -c2 * dphi0) return { state: stA, alpha, reason: "" };
    if (dphiA >= 0) return zoom(alpha, phiA, dphiA, xa, ga, aPrev, phiPrev);
    armijo = stA;
    armijoAlpha = alpha;
    aPrev = alpha;
    phiPrev = phiA;
    dphiPrev = dphiA;
    gPrev = ga;
    xPrev = xa;
    alpha *= 2;
  }
  if (armijo) return { state: armijo, alpha: armijoAlpha, reason: "" };
  return { state: null, alpha: 0, reason: "f kept increasing along the direction; it may be unbounded" };
}

/**
 * Backtracking (Armijo) line search: halve the step until f increases by at least c1·α·gᵀp.
 * Non-finite values count as "step too long".
 */
function backtrack(obj: Objective, st: State, p: Float64Array, alpha0: number): LineSearchResult {
  const c1 = 1e-4;
  const slope = dot(st.g, p);
  let alpha = alpha0;
  for (let i = 0; i < 60; i++) {
    const xa = trial(st.x, p, alpha);
    const fa = obj.value(xa);
    if (Number.isFinite(fa) && fa >= st.f + c1 * alpha * slope) {
      const ga = obj.gradient(xa);
      if (ga) return { state: { x: xa, f: fa, g: ga }, alpha, reason: "" };
    }
    alpha *= 0.5;
  }
  return { state: null, alpha: 0, reason: `no sufficient increase after 60 halvings of the step` };
}

/** Records iterate k of a gradient method and tests it: the Outcome if the run stops here, null to go on. */
function endOfIteration(s: Settings, prev: State, st: State, k: number, rec: Recorder): Outcome | null {
  rec.push(k, st.x, st.f, normInf(st.g));
  const away = divergence(st.x, st.f);
  if (away) return { state: st, iterations: k, converged: false, stopReason: away };
  const why = stepConverged(s, prev, st);
  if (why) return { state: st, iterations: k, ...why };
  return null;
}

function runNewton(obj: Objective, s: Settings, st: State, rec: Recorder): Outcome {
  const d = obj.d;
  const A = new Float64Array(d * d);
  const L = new Float64Array(d * d);
  for (let k = 1; k <= s.maxIter; k++) {
    const H = obj.hessian(st.x);
    let p: Float64Array | null = null;
    if (H) {
      // Solve (−H + τI) p = g; τ = 0 if −H is positive-definite, otherwise a Levenberg-style shift
      // that grows until it is, which bends the step towards the gradient direction.
      let maxDiag = 0;
      for (let i = 0; i < d; i++) maxDiag = Math.max(maxDiag, Math.abs(H[i * d + i]));
      let tau = 0;
      for (let attempt = 0; attempt < 60; attempt++) {
        for (let i = 0; i < d * d; i++) A[i] = -H[i];
        for (let i = 0; i < d; i++) A[i * d + i] += tau;
        if (choleskyLower(A, d, L)) {
          const sol = Float64Array.from(st.g);
          solveLowerInPlace(L, d, sol);
          solveUpperTransposeInPlace(L, d, sol);
          if (allFinite(sol) && dot(sol, st.g) > 0) {
            p = sol;
            break;
          }
        }
        tau = tau === 0 ? Math.max(1e-8, 1e-3 * maxDiag) : tau * 10;
      }
    }
    let alpha0 = 1;
    if (!p) {
      // No usable Hessian: fall back to a gradient step of unit length.
      p = Float64Array.from(st.g);
      alpha0 = 1 / Math.max(1e-300, Math.sqrt(dot(p, p)));
    }
    const ls = backtrack(obj, st, p, alpha0);
    if (!ls.state) return { state: st, iterations: k, ...lineSearchFailure(s, st, ls.reason) };
    const prev = st;
    st = ls.state;
    const end = endOfIteration(s, prev, st, k, rec);
    if (end) return end;
  }
  return { state: st, iterations: s.maxIter, converged: false, stopReason: maxIterReason(s, st) };
}

function maxIterReason(s: Settings, st: State): string {
  return `maxIter reached (${s.maxIter} iterations) with gradient norm ${fmt(normInf(st.g))} > gradTol·max(1, min(|f|, |f(x0)|)) = ${fmt(gradThreshold(s, st.f))}; increase maxIter, or if the parameters have very different scales (e.g. a covariate such as year ≈ 1900 next to an intercept) centre or rescale them`;
}

function runBfgs(obj: Objective, s: Settings, st: State, rec: Recorder): Outcome {
  const d = obj.d;
  // Inverse Hessian approximation of φ = −f, identity until the first step fixes its scale.
  const Hi = new Float64Array(d * d);
  const resetH = (scale: number): void => {
    Hi.fill(0);
    for (let i = 0; i < d; i++) Hi[i * d + i] = scale;
  };
  resetH(1);
  let fresh = true;
  const p = new Float64Array(d);
  const sVec = new Float64Array(d);
  const yVec = new Float64Array(d);
  const Hy = new Float64Array(d);
  for (let k = 1; k <= s.maxIter; k++) {
    // p = −Hi ∇φ = Hi g
    for (let i = 0; i < d; i++) {
      let t = 0;
      for (let j = 0; j < d; j++) t += Hi[i * d + j] * st.g[j];
      p[i] = t;
    }
    if (!(dot(p, st.g) > 0)) {
      resetH(1);
      fresh = true;
      p.set(st.g);
    }
    const alpha0 = fresh ? Math.min(1, 1 / Math.max(1e-300, normInf(p))) : 1;
    const ls = wolfeLineSearch(obj, st, p, alpha0);
    if (!ls.state) {
      if (!fresh) {
        // The quasi-Newton model may be stale: retry once from a steepest-ascent direction.
        resetH(1);
        fresh = true;
        k--;
        continue;
      }
      return { state: st, iterations: k, ...lineSearchFailure(s, st, ls.reason) };
    }
    const next = ls.state;
    for (let i = 0; i < d; i++) {
      sVec[i] = next.x[i] - st.x[i];
      yVec[i] = st.g[i] - next.g[i]; // ∇φ(next) − ∇φ(prev)
    }
    const sy = dot(sVec, yVec);
    if (sy > 1e-12 * Math.sqrt(dot(sVec, sVec) * dot(yVec, yVec))) {
      if (fresh) {
        resetH(sy / dot(yVec, yVec));
        fresh = false;
      }
      // Hi ← (I − ρ s yᵀ) Hi (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      for (let i = 0; i < d; i++) {
        let t = 0;
        for (let j = 0; j < d; j++) t += Hi[i * d + j] * yVec[j];
        Hy[i] = t;
      }
      const yHy = dot(yVec, Hy);
      const c = (1 + rho * yHy) * rho;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          Hi[i * d + j] += c * sVec[i] * sVec[j] - rho * (Hy[i] * sVec[j] + sVec[i] * Hy[j]);
        }
      }
    }
    const prev = st;
    st = next;
    const end = endOfIteration(s, prev, st, k, rec);
    if (end) return end;
  }
  return { state: st, iterations: s.maxIter, converged: false, stopReason: maxIterReason(s, st) };
}

function runLbfgs(obj: Objective, s: Settings, st: State, rec: Recorder): Outcome {
  const d = obj.d;
  const m = 10;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const R: number[] = [];
  const alphaBuf = new Float64Array(m);
  for (let k = 1; k <= s.maxIter; k++) {
    // Two-loop recursion: p = H_k g (H_k approximates the inverse Hessian of φ = −f).
    const q = Float64Array.from(st.g);
    for (let i = S.length - 1; i >= 0; i--) {
      const a = R[i] * dot(S[i], q);
      alphaBuf[i] = a;
      for (let j = 0; j < d; j++) q[j] -= a * Y[i][j];
    }
    let gamma = 1;
    if (S.length > 0) {
      const last = S.length - 1;
      gamma = 1 / (R[last] * dot(Y[last], Y[last]));
    }
    for (let j = 0; j < d; j++) q[j] *= gamma;
    for (let i = 0; i < S.length; i++) {
      const b = R[i] * dot(Y[i], q);
      for (let j = 0; j < d; j++) q[j] += (alphaBuf[i] - b) * S[i][j];
    }
    let p = q;
    let fresh = S.length === 0;
    if (!(dot(p, st.g) > 0)) {
      S.length = 0;
      Y.length = 0;
      R.length = 0;
      p = Float64Array.from(st.g);
      fresh = true;
    }
    const alpha0 = fresh ? Math.min(1, 1 / Math.max(1e-300, normInf(p))) : 1;
    const ls = wolfeLineSearch(obj, st, p, alpha0);
    if (!ls.state) {
      if (!fresh) {
        S.length = 0;
        Y.length = 0;
        R.length = 0;
        k--;
        continue;
      }
      return { state: st, iterations: k, ...lineSearchFailure(s, st, ls.reason) };
    }
    const next = ls.state;
    const sv = new Float64Array(d);
    const yv = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      sv[i] = next.x[i] - st.x[i];
      yv[i] = st.g[i] - next.g[i];
    }
    const sy = dot(sv, yv);
    if (sy > 1e-12 * Math.sqrt(dot(sv, sv) * dot(yv, yv))) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        R.shift();
      }
      S.push(sv);
      Y.push(yv);
      R.push(1 / sy);
    }
    const prev = st;
    st = next;
    const end = endOfIteration(s, prev, st, k, rec);
    if (end) return end;
  }
  return { state: st, iterations: s.maxIter, converged: false, stopReason: maxIterReason(s, st) };
}

function runGradient(obj: Objective, s: Settings, st: State, rec: Recorder): Outcome {
  let step = s.stepSize;
  for (let k = 1; k <= s.maxIter; k++) {
    const ls = backtrack(obj, st, st.g, step);
    if (!ls.state) return { state: st, iterations: k, ...lineSearchFailure(s, st, ls.reason) };
    // Step-size control: start the next search from twice the accepted step.
    step = 2 * ls.alpha;
    const prev = st;
    st = ls.state;
    const end = endOfIteration(s, prev, st, k, rec);
    if (end) return end;
  }
  return { state: st, iterations: s.maxIter, converged: false, stopReason: maxIterReason(s, st) };
}

/**
 * Nelder–Mead with the dimension-adaptive coefficients of Gao & Han (2012): reflection 1,
 * expansion 1 + 2/d, contraction 0.75 − 1/(2d), shrink 1 − 1/d. Minimises φ = −f. Converges
 * when the spread of f over the simplex is ≤ fTol·(|f_best| + fTol) and its size ≤ xTol·(1 + |x|);
 * then restarts once from a fresh simplex around the best point (a collapsed simplex is the
 * classic Nelder–Mead failure) and accepts if the restart does not improve f.
 */
function runNelderMead(obj: Objective, s: Settings, st: State, rec: Recorder): { x: Float64Array; f: number; iterations: number; converged: boolean; stopReason: string } {
  const d = obj.d;
  const alpha = 1;
  const beta = d >= 2 ? 1 + 2 / d : 2;
  const gamma = d >= 2 ? 0.75 - 1 / (2 * d) : 0.5;
  const delta = d >= 2 ? 1 - 1 / d : 0.5;
  const n1 = d + 1;
  const pts: Float64Array[] = [];
  const vals = new Float64Array(n1);
  // φ values; non-finite f counts as +∞ so such points are rejected first.
  const phi = (x: Float64Array): number => {
    const v = -obj.value(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const build = (x0: Float64Array, f0: number): void => {
    pts.length = 0;
    pts.push(Float64Array.from(x0));
    vals[0] = -f0;
    for (let i = 0; i < d; i++) {
      const v = Float64Array.from(x0);
      // Scipy's initial simplex: 5% of the coordinate, or 0.00025 at zero.
      v[i] = v[i] !== 0 ? 1.05 * v[i] : 0.00025;
      pts.push(v);
      vals[i + 1] = phi(v);
    }
  };
  build(st.x, st.f);
  const order = new Int32Array(n1);
  const centroid = new Float64Array(d);
  const point = (c: Float64Array, worst: Float64Array, t: number): Float64Array => {
    const y = new Float64Array(d);
    for (let j = 0; j < d; j++) y[j] = c[j] + t * (c[j] - worst[j]);
    return y;
  };
  let restarts = 0;
  let lastConverged = "";
  let prevBest = Infinity;
  let k = 0;
  while (k < s.maxIter) {
    k++;
    for (let i = 0; i < n1; i++) order[i] = i;
    order.sort((a, b) => vals[a] - vals[b]);
    // Re-order in place so pts[0] is best, pts[d] worst.
    const sortedPts = Array.from(order, (i) => pts[i]);
    const sortedVals = Array.from(order, (i) => vals[i]);
    for (let i = 0; i < n1; i++) {
      pts[i] = sortedPts[i];
      vals[i] = sortedVals[i];
    }
    // Convergence check on the sorted simplex.
    const spreadF = vals[d] - vals[0];
    let size = 0;
    for (let i = 1; i < n1; i++) for (let j = 0; j < d; j++) size = Math.max(size, Math.abs(pts[i][j] - pts[0][j]));
    if (
      Number.isFinite(spreadF) &&
      spreadF <= s.fTol * (Math.abs(vals[0]) + s.fTol) &&
      size <= s.xTol * (1 + normInf(pts[0]))
    ) {
      lastConverged = `simplex spread of f ${fmt(spreadF)} ≤ fTol·(|f| + fTol) and simplex size ${fmt(size)} ≤ xTol·(1 + max|x|)`;
      if (restarts >= 1 || prevBest - vals[0] <= s.fTol * (Math.abs(vals[0]) + s.fTol)) {
        return { x: pts[0], f: -vals[0], iterations: k - 1, converged: true, stopReason: lastConverged + (restarts ? " (confirmed by a restart)" : "") };
      }
      restarts++;
      prevBest = vals[0];
      build(pts[0], -vals[0]);
      k--; // the convergence check was not an iteration
      continue;
    }
    centroid.fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j] += pts[i][j] / d;
    const worst = pts[d];
    const xr = point(centroid, worst, alpha);
    const fr = phi(xr);
    if (fr < vals[0]) {
      const xe = point(centroid, worst, alpha * beta);
      const fe = phi(xe);
      if (fe < fr) {
        pts[d] = xe;
        vals[d] = fe;
      } else {
        pts[d] = xr;
        vals[d] = fr;
      }
    } else if (fr < vals[d - 1]) {
      pts[d] = xr;
      vals[d] = fr;
    } else {
      const outside = fr < vals[d];
      const xc = point(centroid, worst, outside ? gamma * alpha : -gamma);
      const fc = phi(xc);
      if (fc < (outside ? fr : vals[d])) {
        pts[d] = xc;
        vals[d] = fc;
      } else {
        for (let i = 1; i < n1; i++) {
          const v = new Float64Array(d);
          for (let j = 0; j < d; j++) v[j] = pts[0][j] + delta * (pts[i][j] - pts[0][j]);
          pts[i] = v;
          vals[i] = phi(v);
        }
      }
    }
    let best = 0;
    for (let i = 1; i < n1; i++) if (vals[i] < vals[best]) best = i;
    rec.push(k, pts[best], -vals[best], NaN);
    const away = divergence(pts[best], -vals[best]);
    if (away) return { x: pts[best], f: -vals[best], iterations: k, converged: false, stopReason: away };
  }
  let best = 0;
  for (let i = 1; i < n1; i++) if (vals[i] < vals[best]) best = i;
  return {
    x: pts[best],
    f: -vals[best],
    iterations: s.maxIter,
    converged: false,
    stopReason: `maxIter reached (${s.maxIter} iterations) before the simplex converged (fTol ${fmt(s.fTol)}, xTol ${fmt(s.xTol)}); increase maxIter or loosen the tolerances`,
  };
}

function positiveOption(v: unknown, name: string, fallback: number, integer = false): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || !(v > 0) || (integer && !Number.isInteger(v))) {
    throw new DomainError(`${FN}: options.${name} must be a positive ${integer ? "integer" : "number"}, got ${String(v)}.`);
  }
  return v;
}

/**
 * Maximises f(x) over x ∈ ℝᵈ starting from x0.
 *
 * Methods: "newton" (Newton–Raphson with Armijo backtracking; when the Hessian is not
 * negative-definite a Levenberg-style shift −H + τI is used, and a gradient step when no Hessian is
 * available), "bfgs" (default) and "lbfgs" (memory 10) with a strong-Wolfe line search,
 * "nelder-mead" (derivative-free, adaptive coefficients, one confirming restart) and "gradient"
 * (gradient ascent with backtracking and step doubling, for teaching). Derivatives are analytic
 * when `options.gradient` / `options.hessian` are given, central finite differences otherwise.
 *
 * f must be finite at x0 (otherwise a NonFiniteError). Elsewhere a non-finite value (e.g. −Infinity
 * or NaN outside the parameter space) is treated by the line searches as "step too long". For
 * constrained parameters maximise on an unconstrained scale (see `maximizeConstrained`).
 *
 * @param f objective, called with a fresh Float64Array of length d (it may keep it)
 * @param x0 starting point, length d
 * @returns the maximiser, the value, the gradient there, counts, a convergence flag with the reason
 *   and the path of iterates
 * @example
 * // Maximise −(x−1)² − 10(y+2)²
 * const r = maximize((x) => -((x[0] - 1) ** 2) - 10 * (x[1] + 2) ** 2, [0, 0]);
 * r.x;          // → ≈ [1, -2]
 * r.converged;  // → true
 * r.stopReason; // "gradient norm 7.48e-9 ≤ gradTol·max(1, min(|f|, |f(x0)|)) = 1e-8" (the digits vary)
 */
export function maximize(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: OptimizeOptions = {}): OptimizeResult {
  if (typeof f !== "function") throw new InvalidInputError(`${FN}: f must be a function (x: Float64Array) => number.`);
  checkOptions(options, OPTION_NAMES, FN);
  const method = options.method ?? "bfgs";
  if (!METHODS.includes(method)) {
    throw new DomainError(`${FN}: unknown method '${String(method)}'. Use one of ${METHODS.map((m) => `"${m}"`).join(", ")}.`);
  }
  if (options.gradient !== undefined && typeof options.gradient !== "function") {
    throw new InvalidInputError(`${FN}: options.gradient must be a function (x: Float64Array) => Float64Array.`);
  }
  if (options.hessian !== undefined && typeof options.hessian !== "function") {
    throw new InvalidInputError(`${FN}: options.hessian must be a function (x: Float64Array) => Float64Array (row-major d×d).`);
  }
  if (!x0 || typeof (x0 as ArrayLike<number>).length !== "number" || x0.length === 0) {
    throw new InvalidInputError(`${FN}: x0 must be a non-empty array of numbers (the starting point).`);
  }
  const x = new Float64Array(x0.length);
  for (let i = 0; i < x0.length; i++) {
    const v = x0[i];
    if (typeof v !== "number") throw new InvalidInputError(`${FN}: x0[${i}] is ${typeof v}, not a number.`);
    if (!Number.isFinite(v)) throw new NonFiniteError(`${FN}: x0[${i}] is ${v}; the starting point must be finite.`);
    x[i] = v;
  }
  const d = x.length;
  const nm = method === "nelder-mead";
  const defaultMaxIter = { newton: 100, bfgs: 1000, lbfgs: 2000, gradient: 20000, "nelder-mead": 2000 * d }[method];
  const s: Settings = {
    maxIter: positiveOption(options.maxIter, "maxIter", defaultMaxIter, true),
    gradTol: positiveOption(options.gradTol, "gradTol", 1e-8),
    fTol: positiveOption(options.fTol, "fTol", nm ? 1e-10 : 1e-14),
    xTol: positiveOption(options.xTol, "xTol", nm ? 1e-8 : 1e-12),
    stepSize: positiveOption(options.stepSize, "stepSize", 1),
    trace: options.trace ?? true,
    absF0: 0,
  };
  const obj = new Objective(f, d, options.gradient, options.hessian);
  const f0 = obj.value(x);
  if (!Number.isFinite(f0)) {
    throw new NonFiniteError(
      `${FN}: f(x0) = ${f0} at x0 = [${Array.from(x).map(fmt).join(", ")}]. Start from a point where f is finite ` +
        "(inside the parameter space; for constrained parameters optimise on a transformed scale).",
    );
  }
  s.absF0 = Math.abs(f0);
  const rec = new Recorder(s.trace);

  if (nm) {
    rec.push(0, x, f0, NaN);
    const r = runNelderMead(obj, s, { x, f: f0, g: new Float64Array(d) }, rec);
    const g = obj.gradient(r.x) ?? new Float64Array(d).fill(NaN);
    return {
      x: Float64Array.from(r.x),
      value: r.f,
      gradient: g,
      iterations: r.iterations,
      evaluations: obj.evaluations,
      converged: r.converged,
      stopReason: r.stopReason,
      trace: rec.trace,
    };
  }

  const g0 = obj.gradient(x);
  if (!g0) {
    throw new NonFiniteError(
      `${FN}: the gradient of f at x0 is not finite. Start further inside the parameter space, or check options.gradient.`,
    );
  }
  const st: State = { x, f: f0, g: g0 };
  rec.push(0, x, f0, normInf(g0));
  let out: Outcome;
  const atStart = gradConverged(s, st);
  if (atStart) {
    out = { state: st, iterations: 0, converged: true, stopReason: `${atStart} at the starting point` };
  } else if (method === "newton") out = runNewton(obj, s, st, rec);
  else if (method === "bfgs") out = runBfgs(obj, s, st, rec);
  else if (method === "lbfgs") out = runLbfgs(obj, s, st, rec);
  else out = runGradient(obj, s, st, rec);
  return {
    x: Float64Array.from(out.state.x),
    value: out.state.f,
    gradient: Float64Array.from(out.state.g),
    iterations: out.iterations,
    evaluations: obj.evaluations,
    converged: out.converged,
    stopReason: out.stopReason,
    trace: rec.trace,
  };
}
