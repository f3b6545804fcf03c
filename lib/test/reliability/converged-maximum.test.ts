/**
 * "converged" means a maximum: for every fit that reports `converged: true`, on random and
 * degenerate data (fast-check), the likelihood is at a local maximum to within the fit's tolerance.
 *
 * How it is checked. Each fit's parameters are written in local unconstrained coordinates u with
 * u = 0 at the estimate: log for positive parameters, log-ratios for probability vectors and
 * weights, Cholesky factors with log diagonals for covariances, and locations in units of their
 * scale, so every coordinate is of order 1 whatever the data's units. Parameters on the boundary of
 * their space (a probability of 0, an initial distribution on one state) are held fixed: there the
 * maximum is a constrained one and the score need not vanish. Then, with the numerical score g and
 * Hessian H in u,
 *   - −H is positive-definite (a strict local maximum),
 *   - the Newton decrement ½gᵀ(−H)⁻¹g, the most ℓ could still gain by a Newton step, is ≤ 1e-6:
 *     the estimate is within ~1e-3 standard errors of the maximum in every direction,
 *   - ℓ is not higher at steps of 0.01 standard errors along each coordinate and along random
 *     directions (to 1e-9·(1 + |ℓ|), the rounding of ℓ itself).
 * A refusal (MlemError) or `converged: false` is not checked here, but each property requires a
 * minimum share of converged fits so that a fit that never converges cannot pass vacuously.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MlemError } from "../../src/core/errors.js";
import { choleskyLower, inverseFromCholesky } from "../../src/core/linalg.js";
import { Rng } from "../../src/core/rng.js";
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Cauchy,
  Exponential,
  Gamma,
  Geometric,
  Laplace,
  LogNormal,
  MultivariateNormal,
  NegativeBinomial,
  Normal,
  Poisson,
  StudentT,
  Weibull,
} from "../../src/distributions/index.js";
import { fitHMM } from "../../src/hmm/fit.js";
import { hmmLogLikelihood } from "../../src/hmm/forwardBackward.js";
import type { HMM } from "../../src/hmm/model.js";
import { fitMultivariateNormalMissing } from "../../src/missing/multivariateNormal.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import { GaussianMixture } from "../../src/mixture/gaussian-mixture.js";
import type { CovarianceType } from "../../src/mixture/options.js";
import { fitABO } from "../../src/models/abo.js";
import { fitBernoulliMixture } from "../../src/models/bernoulliMixture.js";
import { fitPoissonMixture } from "../../src/models/poissonMixture.js";
import { numericalGradient, numericalHessian } from "../../src/calculus/derivatives.js";
import { logisticRegression, poissonRegression } from "../../src/regression/glm.js";

const DECREMENT_TOL = 1e-6;

/** Checks that u = 0 is a local maximum of ll (see the module doc); returns a failure message or null. */
function notAMaximum(ll: (u: Float64Array) => number, p: number, seed: number): string | null {
  const zero = new Float64Array(p);
  const f0 = ll(zero);
  if (!Number.isFinite(f0)) return `ℓ at the estimate is ${f0}`;
  if (p === 0) return null;
  const g = numericalGradient(ll, zero);
  const H = numericalHessian(ll, zero);
  const I = H.map((v) => -v);
  const L = new Float64Array(p * p);
  if (!choleskyLower(I, p, L)) {
    return `the Hessian is not negative-definite at the estimate (not a strict maximum); g = [${Array.from(g, (v) => v.toExponential(2))}], diag(−H) = [${Array.from({ length: p }, (_, i) => I[i * p + i].toExponential(2))}]`;
  }
  const V = new Float64Array(p * p);
  inverseFromCholesky(L, p, V);
  let dec = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) dec += g[i] * V[i * p + j] * g[j];
  dec /= 2;
  if (!(dec <= DECREMENT_TOL)) return `Newton decrement ${dec.toExponential(3)} > ${DECREMENT_TOL}: ℓ can still increase (score in SE units ${Array.from(g, (v, i) => (v * Math.sqrt(V[i * p + i])).toExponential(2))})`;
  const slack = 1e-9 * (1 + Math.abs(f0));
  const rng = new Rng(seed);
  const dirs: Float64Array[] = [];
  for (let i = 0; i < p; i++) for (const s of [1, -1]) {
    const v = new Float64Array(p);
    v[i] = s;
    dirs.push(v);
  }
  for (let r = 0; r < 4; r++) dirs.push(Float64Array.from({ length: p }, () => rng.normal()));
  for (const v of dirs) {
    let q = 0;
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) q += v[i] * I[i * p + j] * v[j];
    const t = 0.01 / Math.sqrt(q);
    const u = v.map((x) => t * x);
    const f = ll(u);
    if (f > f0 + slack) return `ℓ is higher 0.01 SE away (by ${(f - f0).toExponential(3)}) along [${Array.from(v, (x) => x.toFixed(2))}]`;
  }
  return null;
}

// ----- data generators: random and degenerate ------------------------------------------------

type Kind = "random" | "ties" | "outlier" | "small" | "offset" | "scale";
const KINDS: Kind[] = ["random", "ties", "outlier", "small", "offset", "scale"];
const arb = fc.record({ seed: fc.integer({ min: 0, max: 2 ** 30 }), kind: fc.constantFrom(...KINDS) });

function realData(seed: number, kind: Kind, heavy = false): number[] {
  const rng = new Rng(seed);
  const n = kind === "small" ? 3 + (seed % 5) : 30 + (seed % 120);
  const draw = (): number => (heavy ? rng.normal() / Math.sqrt(rng.gamma(1.5, 1 / 1.5)) : rng.normal());
  let x = Array.from({ length: n }, draw);
  if (kind === "ties") x = x.map((v) => Math.round(v * 2) / 2);
  if (kind === "outlier") x[0] = 1e4;
  if (kind === "offset") x = x.map((v) => v + 1e9);
  if (kind === "scale") x = x.map((v) => v * (seed % 2 ? 1e-120 : 1e120));
  return x;
}
const positiveData = (seed: number, kind: Kind): number[] => realData(seed, kind === "offset" ? "random" : kind).map((v, i) => (kind === "offset" ? 1e6 + v : kind === "scale" ? Math.abs(v) + 1e-300 : Math.exp(0.7 * v) + (i === 0 && kind === "outlier" ? 0 : 0)));
function countData(seed: number, kind: Kind, max = Infinity): number[] {
  const rng = new Rng(seed);
  const n = kind === "small" ? 3 + (seed % 5) : 30 + (seed % 120);
  const mean = kind === "offset" ? 1e5 : kind === "scale" ? 0.05 : 3;
  const x = Array.from({ length: n }, () => Math.min(max, rng.poisson(rng.gamma(2, mean / 2))));
  if (kind === "outlier") x[0] = Math.min(max, 500);
  if (kind === "ties") return x.map((v) => Math.min(v, 2));
  return x;
}

/** Runs a property and then requires that at least `minShare` of the fits converged. */
function property(numRuns: number, minShare: number, run: (seed: number, kind: Kind) => "converged" | "skipped"): void {
  let converged = 0;
  let total = 0;
  fc.assert(
    fc.property(arb, ({ seed, kind }) => {
      total++;
      let outcome: "converged" | "skipped";
      try {
        outcome = run(seed, kind);
      } catch (e) {
        if (e instanceof MlemError) return; // a clear refusal
        throw e;
      }
      if (outcome === "converged") converged++;
    }),
    { numRuns, seed: 17 },
  );
  expect(converged / total, `${converged} of ${total} fits converged`).toBeGreaterThanOrEqual(minShare);
}

function check(label: string, converged: boolean, ll: (u: Float64Array) => number, p: number, seed: number): "converged" | "skipped" {
  if (!converged) return "skipped";
  const why = notAMaximum(ll, p, seed);
  if (why !== null) throw new Error(`${label}: converged: true but ${why}`);
  return "converged";
}

// ----- parametrisation helpers -------------------------------------------------------------------

/** Probability vector from log-ratios u (free entries only; entries at 0 stay 0). */
/** Probabilities below this are on the boundary (EM approaches a zero geometrically): held fixed. */
const BOUNDARY = 1e-6;

function simplex(p: readonly number[], u: Float64Array, offset: number): { probs: number[]; used: number } {
  const free = p.map((v) => v > BOUNDARY);
  const ref = free.lastIndexOf(true);
  const logits = p.map((v) => (v > BOUNDARY ? Math.log(v) : -Infinity));
  let used = 0;
  for (let i = 0; i < p.length; i++) if (free[i] && i !== ref) logits[i] += u[offset + used++];
  const m = Math.max(...logits.filter((v) => v > -Infinity));
  // Entries on the boundary keep their value; the free ones share the rest.
  const fixed = p.reduce((acc, v, i) => acc + (free[i] ? 0 : v), 0);
  const e = logits.map((v) => (v > -Infinity ? Math.exp(v - m) : 0));
  const s = e.reduce((a, b) => a + b, 0);
  return { probs: e.map((v, i) => (free[i] ? ((1 - fixed) * v) / s : p[i])), used };
}
const freeCount = (p: readonly number[]): number => Math.max(0, p.filter((v) => v > BOUNDARY).length - 1);

/** Covariance L̂AAᵀL̂ᵀ with A lower-triangular, diag e^u, off-diagonal u (A = I at u = 0). */
function covarianceFrom(S: number[][], u: Float64Array, offset: number): number[][] {
  const d = S.length;
  const flat = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) flat[a * d + b] = S[a][b];
  const Lh = new Float64Array(d * d);
  choleskyLower(flat, d, Lh);
  const A = new Float64Array(d * d);
  let t = offset;
  for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) A[a * d + b] = a === b ? Math.exp(u[t++]) : u[t++];
  const M = new Float64Array(d * d); // L̂A
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += Lh[a * d + c] * A[c * d + b];
    M[a * d + b] = s;
  }
  return Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => {
    let s = 0;
    for (let c = 0; c < d; c++) s += M[a * d + c] * M[b * d + c];
    return s;
  }));
}
/** Mean μ̂ + L̂u (u in units of the covariance's Cholesky factor). */
function meanFrom(mu: number[], S: number[][], u: Float64Array, offset: number): number[] {
  const d = mu.length;
  const flat = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) flat[a * d + b] = S[a][b];
  const Lh = new Float64Array(d * d);
  choleskyLower(flat, d, Lh);
  return mu.map((m, a) => {
    let s = m;
    for (let b = 0; b <= a; b++) s += Lh[a * d + b] * u[offset + b];
    return s;
  });
}
const logit = (p: number): number => Math.log(p / (1 - p));
const expit = (x: number): number => 1 / (1 + Math.exp(-x));
const interior = (p: number): boolean => p > BOUNDARY && p < 1 - BOUNDARY;

// ----- the properties ----------------------------------------------------------------------------

describe("converged means a maximum: distribution fits", () => {
  it("Normal, LogNormal, Exponential, Gamma, Weibull, Beta", () => {
    property(150, 0.5, (seed, kind) => {
      const x = realData(seed, kind);
      const y = positiveData(seed, kind);
      const n1 = Normal.fit(x);
      check("Normal", n1.converged, (u) => new Normal(n1.params.mean + n1.params.sd * u[0], n1.params.sd * Math.exp(u[1])).logLikelihood(x), 2, seed);
      const ln = LogNormal.fit(y);
      check("LogNormal", ln.converged, (u) => new LogNormal(ln.params.meanlog + ln.params.sdlog * u[0], ln.params.sdlog * Math.exp(u[1])).logLikelihood(y), 2, seed);
      const ex = Exponential.fit(y);
      check("Exponential", ex.converged, (u) => new Exponential(ex.params.rate * Math.exp(u[0])).logLikelihood(y), 1, seed);
      // Gamma and Weibull in (mean-like location, shape): for concentrated data (shape ~ 10¹²) log k
      // and log θ are collinear to 12 digits, so the mean moves in units of its CV 1/√k instead.
      const ga = Gamma.fit(y);
      const gk = ga.params.shape;
      check("Gamma", ga.converged, (u) => {
        const k = gk * Math.exp(u[1]);
        return new Gamma(k, (gk * ga.params.scale * Math.exp(u[0] / Math.sqrt(gk))) / k).logLikelihood(y);
      }, 2, seed);
      const wb = Weibull.fit(y);
      const wk = wb.params.shape;
      check("Weibull", wb.converged, (u) => new Weibull(wk * Math.exp(u[1]), wb.params.scale * Math.exp(u[0] / wk)).logLikelihood(y), 2, seed);
      const z = x.map((v) => expit(kind === "scale" || kind === "offset" ? v / Math.max(...x.map(Math.abs)) : v));
      // Beta in (mean, concentration κ = α + β), the mean in units of its sd √(m(1 − m)/(κ + 1)):
      // again well conditioned for concentrated data.
      const be = Beta.fit(z);
      const kappa = be.params.alpha + be.params.beta;
      const mean = be.params.alpha / kappa;
      const sdm = Math.sqrt((mean * (1 - mean)) / (kappa + 1));
      return check("Beta", be.converged, (u) => {
        const m = expit(logit(mean) + (u[0] * sdm) / (mean * (1 - mean)));
        const k = kappa * Math.exp(u[1]);
        return new Beta(m * k, (1 - m) * k).logLikelihood(z);
      }, 2, seed);
    });
  });

  it("StudentT, Cauchy, Laplace (heavy tails, ties, outliers)", () => {
    property(100, 0.3, (seed, kind) => {
      const x = realData(seed, kind, true);
      let converged = false;
      try {
        const t = StudentT.fit(x);
        const { location: m, scale: s, df } = t.params;
        converged = check("StudentT", t.converged, (u) => new StudentT(m + s * u[0], s * Math.exp(u[1]), df * Math.exp(u[2])).logLikelihood(x), 3, seed) === "converged";
      } catch (e) {
        if (!(e instanceof MlemError)) throw e;
      }
      try {
        const c = Cauchy.fit(x);
        const { location: m, scale: s } = c.params;
        converged = check("Cauchy", c.converged, (u) => new Cauchy(m + s * u[0], s * Math.exp(u[1])).logLikelihood(x), 2, seed) === "converged" || converged;
      } catch (e) {
        if (!(e instanceof MlemError)) throw e;
      }
      // Laplace: the location (a median) is a kink, not a stationary point: check only that ℓ is
      // not higher nearby, in both parameters.
      const l = Laplace.fit(x);
      const f0 = l.logLikelihood;
      for (const [a, b] of [[1e-3, 0], [-1e-3, 0], [0, 1e-3], [0, -1e-3]]) {
        const f = new Laplace(l.params.location + l.params.scale * a, l.params.scale * Math.exp(b)).logLikelihood(x);
        expect(f, `Laplace not at its maximum (${kind}, seed ${seed})`).toBeLessThanOrEqual(f0 + 1e-9 * (1 + Math.abs(f0)));
      }
      return converged ? "converged" : "skipped";
    });
  });

  it("Poisson, Bernoulli, Binomial, Geometric, NegativeBinomial, Categorical", () => {
    property(150, 0.5, (seed, kind) => {
      const c = countData(seed, kind);
      const b = c.map((v) => (v > 2 ? 1 : 0));
      const po = Poisson.fit(c);
      if (po.params.rate > 0) check("Poisson", po.converged, (u) => new Poisson(po.params.rate * Math.exp(u[0])).logLikelihood(c), 1, seed);
      const be = Bernoulli.fit(b);
      if (interior(be.params.p)) check("Bernoulli", be.converged, (u) => new Bernoulli(expit(logit(be.params.p) + u[0])).logLikelihood(b), 1, seed);
      const trials = Math.max(...c);
      const bi = Binomial.fit(c, { trials: Math.max(trials, 1) });
      if (interior(bi.params.p)) check("Binomial", bi.converged, (u) => new Binomial(Math.max(trials, 1), expit(logit(bi.params.p) + u[0])).logLikelihood(c), 1, seed);
      const ge = Geometric.fit(c);
      if (interior(ge.params.p)) check("Geometric", ge.converged, (u) => new Geometric(expit(logit(ge.params.p) + u[0])).logLikelihood(c), 1, seed);
      const small = c.map((v) => Math.min(v, 6));
      const ca = Categorical.fit(small);
      const probs = ca.params.probs;
      check("Categorical", ca.converged, (u) => new Categorical(simplex(probs, u, 0).probs).logLikelihood(small), freeCount(probs), seed);
      const nb = NegativeBinomial.fit(c);
      return check("NegativeBinomial", nb.converged, (u) => new NegativeBinomial(nb.params.r * Math.exp(u[0]), expit(logit(nb.params.p) + u[1])).logLikelihood(c), 2, seed);
    });
  });

  it("MultivariateNormal (d = 3)", () => {
    property(60, 0.5, (seed, kind) => {
      const x = realData(seed, kind);
      const rng = new Rng(seed + 1);
      const X = x.map((v) => [v, v * 0.5 + rng.normal() * (kind === "scale" ? Math.abs(v) : 1), rng.normal()]);
      const f = MultivariateNormal.fit(X);
      const { mean, covariance } = f.params;
      return check("MultivariateNormal", f.converged, (u) => new MultivariateNormal(meanFrom(mean, covariance, u, 0), covarianceFrom(covariance, u, 3)).logLikelihood(X), 9, seed);
    });
  });
});

describe("converged means a maximum: regressions", () => {
  it("logistic and Poisson regression", () => {
    property(100, 0.5, (seed, kind) => {
      const rng = new Rng(seed);
      const n = kind === "small" ? 8 + (seed % 5) : 40 + (seed % 200);
      const scale = kind === "scale" ? 1e-100 : 1;
      const shift = kind === "offset" ? 1e6 : 0;
      const X = Array.from({ length: n }, () => [rng.normal() * scale + shift, kind === "ties" ? Math.round(rng.normal()) : rng.normal()]);
      const eta = X.map((r) => 0.8 * ((r[0] - shift) / scale) - 0.5 * r[1]);
      const y = eta.map((e) => (rng.uniform() < expit(e) ? 1 : 0));
      // Centred coordinates (intercept at the covariate means, in units of 1/√n; slopes in SEs): with
      // x ≈ 10⁶ + noise the raw intercept and slope are collinear to 12 digits.
      const c = [0, 1].map((j) => X.reduce((a, r) => a + r[j], 0) / n);
      const ll = (fit: ReturnType<typeof logisticRegression>, family: "binomial" | "poisson", yy: number[]) => (u: Float64Array): number => {
        const b1 = fit.coefficients[1] + fit.standardErrors[1] * u[1];
        const b2 = fit.coefficients[2] + fit.standardErrors[2] * u[2];
        const alpha = fit.coefficients[0] + fit.coefficients[1] * c[0] + fit.coefficients[2] * c[1] + u[0] / Math.sqrt(n);
        let s = 0;
        for (let i = 0; i < n; i++) {
          const e = alpha + b1 * (X[i][0] - c[0]) + b2 * (X[i][1] - c[1]);
          s += family === "binomial" ? yy[i] * e - Math.log1p(Math.exp(e)) : yy[i] * e - Math.exp(e);
        }
        return s;
      };
      const lo = logisticRegression(X, y);
      check("logisticRegression", lo.converged, ll(lo, "binomial", y), 3, seed);
      const yc = eta.map((e) => rng.poisson(Math.exp(0.3 * e + 0.5)));
      const po = poissonRegression(X, yc);
      return check("poissonRegression", po.converged, ll(po, "poisson", yc), 3, seed);
    });
  });
});

describe("converged means a maximum: EM fits", () => {
  it("fitGaussianMixture (k = 2; full, diag, spherical, tied; regCovar 0)", () => {
    const types: CovarianceType[] = ["full", "diag", "spherical", "tied"];
    property(60, 0.3, (seed, kind) => {
      const x = realData(seed, kind === "small" ? "random" : kind);
      const rng = new Rng(seed + 2);
      const X = x.map((v, i) => [v + (i % 2 ? 3 * Math.abs(v) + 3 * (kind === "scale" ? Math.abs(x[0]) : 1) : 0), rng.normal() * (kind === "scale" ? Math.abs(x[0]) : 1)]);
      const type = types[seed % 4];
      const fit = fitGaussianMixture(X, { k: 2, covarianceType: type, regCovar: 0, seed });
      if (fit.degeneracies.length > 0) return "skipped"; // reported: not a regular maximum
      const d = 2;
      const ll = (u: Float64Array): number => {
        const { probs } = simplex(fit.weights, u, 0);
        let t = 1;
        const means = fit.means.map((m, c) => meanFrom(m, fit.covariances[c], u, t + c * d));
        t += 2 * d;
        let covariances: number[][][];
        if (type === "full") covariances = fit.covariances.map((S, c) => covarianceFrom(S, u, t + 3 * c));
        else if (type === "tied") covariances = [0, 1].map(() => covarianceFrom(fit.covariances[0], u, t));
        else if (type === "diag") covariances = fit.covariances.map((S, c) => S.map((r, a) => r.map((v, b) => (a === b ? v * Math.exp(u[t + c * d + a]) : 0))));
        else covariances = fit.covariances.map((S, c) => S.map((r, a) => r.map((v, b) => (a === b ? v * Math.exp(u[t + c]) : 0))));
        return GaussianMixture.fromParams({ weights: probs, means, covariances, covarianceType: "full" }).logLikelihoodOf(X);
      };
      const p = 1 + 2 * d + (type === "full" ? 6 : type === "tied" ? 3 : type === "diag" ? 4 : 2);
      return check(`fitGaussianMixture (${type}, ${kind}, seed ${seed})`, fit.converged, ll, p, seed);
    });
  });

  it("fitHMM (k = 2; gaussian, poisson, categorical)", () => {
    property(60, 0.3, (seed, kind) => {
      const rng = new Rng(seed);
      const T = kind === "small" ? 20 : 100 + (seed % 100);
      const states = Array.from({ length: T }, (_, t) => (Math.floor(t / 15) % 2));
      const type = (["gaussian", "poisson", "categorical"] as const)[seed % 3];
      let x: number[];
      if (type === "gaussian") x = states.map((s) => (kind === "offset" ? 1e9 : 0) + (3 * s + rng.normal()) * (kind === "scale" ? 1e-80 : 1));
      else if (type === "poisson") x = states.map((s) => rng.poisson(s ? 8 : 2));
      else x = states.map((s) => (rng.uniform() < 0.8 ? s * 2 : rng.uniform() < 0.5 ? 1 : 2 - 2 * s));
      if (kind === "ties" && type === "gaussian") x = x.map((v) => Math.round(v));
      const fit = fitHMM(x, { k: 2, emission: type, seed, nInit: 2 });
      const m = fit.model;
      const e = m.emissions;
      const ll = (u: Float64Array): number => {
        let t = 0;
        const transition = m.transition.map((row) => {
          const r = simplex(row, u, t);
          t += r.used;
          return r.probs;
        });
        let emissions: HMM["emissions"];
        if (e.type === "gaussian") {
          emissions = { type: "gaussian", means: e.means.map((v, j) => v + Math.sqrt(e.variances[j]) * u[t + j]), variances: e.variances.map((v, j) => v * Math.exp(u[t + 2 + j])) };
        } else if (e.type === "poisson") {
          emissions = { type: "poisson", rates: e.rates.map((v, j) => v * Math.exp(u[t + j])) };
        } else {
          emissions = {
            type: "categorical",
            probabilities: e.probabilities.map((row) => {
              const r = simplex(row, u, t);
              t += r.used;
              return r.probs;
            }),
          };
        }
        // The initial distribution of a single sequence sits on a vertex (all mass on one state):
        // a boundary maximum, held fixed.
        return hmmLogLikelihood({ initial: m.initial, transition, emissions }, x);
      };
      let p = m.transition.reduce((s, row) => s + freeCount(row), 0);
      p += e.type === "gaussian" ? 4 : e.type === "poisson" ? 2 : e.probabilities.reduce((s, row) => s + freeCount(row), 0);
      if (e.type === "poisson" && e.rates.some((r) => r === 0)) return "skipped";
      return check(`fitHMM (${type}, ${kind}, seed ${seed})`, fit.converged, ll, p, seed);
    });
  });

  it("fitMultivariateNormalMissing (d = 3, 20% missing)", () => {
    property(60, 0.5, (seed, kind) => {
      const x = realData(seed, kind === "small" ? "random" : kind);
      const rng = new Rng(seed + 3);
      const X = x.map((v) => [v, v * 0.6 + rng.normal() * (kind === "scale" ? Math.abs(x[0]) : 1), rng.normal()]).map((r) => r.map((v, j) => (j > 0 && rng.uniform() < 0.2 ? NaN : v)));
      const fit = fitMultivariateNormalMissing(X, { standardErrors: false });
      const ll = (u: Float64Array): number => {
        const mean = meanFrom(fit.mean, fit.covariance, u, 0);
        const cov = covarianceFrom(fit.covariance, u, 3);
        let s = 0;
        for (const r of X) {
          const o = r.map((v, j) => (Number.isNaN(v) ? -1 : j)).filter((j) => j >= 0);
          s += new MultivariateNormal(o.map((j) => mean[j]), o.map((a) => o.map((b) => cov[a][b]))).logPdf(o.map((j) => r[j]));
        }
        return s;
      };
      return check(`fitMultivariateNormalMissing (${kind}, seed ${seed})`, fit.converged, ll, 9, seed);
    });
  });

  it("fitPoissonMixture, fitBernoulliMixture, fitABO", () => {
    property(60, 0.3, (seed, kind) => {
      const rng = new Rng(seed);
      const n = kind === "small" ? 12 : 80 + (seed % 100);
      const c = Array.from({ length: n }, (_, i) => rng.poisson(i % 2 ? 9 : 2));
      const pm = fitPoissonMixture(c, { k: 2, seed, nInit: 2 });
      const llP = (u: Float64Array): number => {
        const w = simplex(pm.weights, u, 0).probs;
        const rates = pm.rates.map((r, j) => r * Math.exp(u[1 + j]));
        return c.reduce((s, v) => s + Math.log(w[0] * Math.exp(new Poisson(rates[0]).logPmf(v)) + w[1] * Math.exp(new Poisson(rates[1]).logPmf(v))), 0);
      };
      // A rate at (or within 1e-6 of) 0 is a boundary maximum: not checked.
      if (pm.rates.every((r) => r > 1e-6 * Math.max(...pm.rates)) && pm.weights.every(interior)) check(`fitPoissonMixture (${kind}, seed ${seed})`, pm.converged, llP, 3, seed);
      const B = Array.from({ length: n }, (_, i) => [0.85, 0.8, 0.2].map((q) => (rng.uniform() < (i % 2 ? q : 1 - q) ? 1 : 0)));
      const bm = fitBernoulliMixture(B, { k: 2, seed, nInit: 2 });
      const freeP = bm.probabilities.map((row) => row.map(interior));
      const llB = (u: Float64Array): number => {
        const w = simplex(bm.weights, u, 0).probs;
        let t = 1;
        const P = bm.probabilities.map((row, c2) => row.map((q, j) => (freeP[c2][j] ? expit(logit(q) + u[t++]) : q)));
        return B.reduce((s, r) => {
          const comp = [0, 1].map((c2) => w[c2] * r.reduce((acc, v, j) => acc * (v ? P[c2][j] : 1 - P[c2][j]), 1));
          return s + Math.log(comp[0] + comp[1]);
        }, 0);
      };
      const pB = 1 + freeP.flat().filter(Boolean).length;
      if (bm.weights.every(interior)) check(`fitBernoulliMixture (${kind}, seed ${seed})`, bm.converged, llB, pB, seed);
      const counts = { A: 20 + (seed % 200), B: 5 + (seed % 40), AB: 1 + (seed % 9), O: 30 + (seed % 300) };
      const abo = fitABO(counts);
      const llA = (u: Float64Array): number => {
        const [pA, pB2, pO] = simplex([abo.pA, abo.pB, abo.pO], u, 0).probs;
        return counts.A * Math.log(pA * pA + 2 * pA * pO) + counts.B * Math.log(pB2 * pB2 + 2 * pB2 * pO) + counts.AB * Math.log(2 * pA * pB2) + counts.O * Math.log(pO * pO);
      };
      return check(`fitABO (seed ${seed})`, abo.converged, llA, 2, seed);
    });
  });
});
