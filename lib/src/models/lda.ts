/**
 * Latent Dirichlet allocation (Blei, Ng & Jordan 2003) fitted by batch variational Bayes, in the
 * smoothed form of Hoffman, Blei & Bach (2010) that scikit-learn's
 * `LatentDirichletAllocation(learning_method="batch")` implements, on the generic EM engine.
 *
 * **Model.** K topics β_k ~ Dirichlet(η) over V terms; each document d has topic proportions
 * θ_d ~ Dirichlet(α) and draws each of its words from a topic z ~ θ_d, then the word from β_z.
 * The posterior of (θ, z, β) is intractable, so it is approximated by q(θ_d) = Dir(γ_d),
 * q(z_dn) = Cat(φ_dn), q(β_k) = Dir(λ_k) (mean field), and the evidence lower bound
 * L(γ, φ, λ) = E_q[log p(w, θ, z, β)] − E_q[log q] ≤ log p(w) is maximised by coordinate ascent.
 *
 * **One iteration** (variational EM):
 * - E-step, per document, at fixed λ: starting from γ_d = 1 (as scikit-learn's `transform`; its
 *   `fit` starts from random γ), the updates φ_dwk ∝ exp(E[log θ_dk] + E[log β_kw]) and
 *   γ_dk = α + Σ_w n_dw φ_dwk are repeated until the mean absolute change of γ_d is < `docTol` or
 *   after `maxDocIter` sweeps; E[log θ_dk] = ψ(γ_dk) − ψ(Σ_k γ_dk).
 * - M-step: λ_kw = η + Σ_d n_dw φ_dwk.
 * Only the non-zero counts are visited (CSR layout; each document's exp(E[log β]) gathered into a
 * contiguous block; no allocation in the inner loop).
 *
 * **Objective.** The engine tracks the ELBO at each λ_t, with γ and φ from the E-step at λ_t:
 * Σ_dw n_dw log Σ_k exp(E[log θ_dk] + E[log β_kw]) − Σ_d KL(q(θ_d) ‖ p(θ_d)) − Σ_k KL(q(β_k) ‖ p(β_k)),
 * which is scikit-learn's `score`. Results say `objective: "elbo"`: there is no log-likelihood
 * here, only this lower bound on it.
 *
 * **Monotonicity.** Restarting every document at γ_d = 1 (scikit-learn's E-step) can end in a
 * worse local optimum of the document's bound than its previous γ_d, or short of it when docTol
 * stops the updates early, and the ELBO then drops (on the Austen chapters, `node
 * scripts/bench/lda.mjs --monotonicity` counts the drops). So by default (`monotone: true`) a
 * document whose restart ends below the bound of its previous γ_d under the new topics continues from
 * the previous γ_d instead: every update is then a coordinate-ascent step and the ELBO never
 * decreases (`history.keptPrevious` counts these documents per E-step). The restarts are kept
 * because they find better optima than always continuing from the previous γ_d. The guard has a
 * price: on the Austen chapters (seeds 0–2, 300 iterations) `monotone: false` dropped 0, 2 and 37
 * times (by at most 1.9e-7 relative) but ended 0.008–0.03% higher. `monotone: false` is
 * scikit-learn's E-step exactly; `lib/test/models/lda.test.ts` checks it against scikit-learn.
 * **As in scikit-learn:** defaults α = η = 1/K, docTol = 1e-3 (its mean_change_tol), maxDocIter =
 * 100 (max_doc_update_iter); φ's normaliser gets + 2⁻⁵² (machine epsilon) in the E-step;
 * `components` is λ (its `components_`); `score` is the ELBO of the given documents (with the topic
 * terms), `perplexity` = exp(−score / number of tokens); random starting topics are
 * λ_kw ~ Gamma(100, 1/100).
 * **Differences:** every E-step of the fit starts at γ = 1, not at random, with the monotone guard
 * above; the iterations stop when the ELBO changes by ≤ `tol` per token (scikit-learn runs a fixed
 * max_iter = 10); ψ is accurate to ~1e-14 (scikit-learn's Cython ψ to ~1e-9).
 * @module
 */
import { DomainError, InvalidInputError, ShapeError } from "../core/errors.js";
import { Rng } from "../core/rng.js";
import { digamma, lgamma } from "../core/special.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { bool, int, nonNegative, option, parseOptions, positive, type AssertSameType, type OptionsOf } from "../core/options.js";
import { type EMModel, type EMRate, type EMStopReason } from "../em/engine.js";
import { emFitFields, type EMFit, type EMHistory } from "../em/fit.js";
import { EM_FIT_OPTIONS, runRestarts, stoppingOf, type EMFitOptions, type EMRestart } from "../em/restarts.js";

const EPS = Number.EPSILON;

/**
 * Document–term counts for {@link fitLDA}: dense rows (`counts[d][w]`), sparse triplets
 * `{ doc, term, count }` (0-based indices; repeated cells are summed), or the triplets as three
 * columns `{ doc: [...], term: [...], count: [...] }`.
 */
export type DocumentTermCounts =
  | ReadonlyArray<ArrayLike<number>>
  | ReadonlyArray<{ doc: number; term: number; count: number }>
  | { doc: ArrayLike<number>; term: ArrayLike<number>; count: ArrayLike<number> };

/** A corpus in CSR form: the non-zero counts of document d are entries ptr[d] .. ptr[d + 1] − 1. @internal */
interface Corpus {
  n: number;
  V: number;
  ptr: Int32Array;
  term: Int32Array;
  count: Float64Array;
  tokens: number;
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

function checkIndex(v: unknown, fn: string, what: string, i: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    throw new DomainError(`${fn}: ${what} of entry ${i} is ${String(v)}; document and term indices must be integers ≥ 0 (0-based: subtract 1 from 1-based files).`);
  }
  return v;
}

function checkCount(v: unknown, fn: string, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new DomainError(`${fn}: ${where} is ${String(v)}; counts must be finite and ≥ 0.`);
  }
  return v;
}

/** Converts any {@link DocumentTermCounts} to CSR, checking indices and counts. @internal */
function toCorpus(counts: unknown, fn: string, nTerms: number | undefined): Corpus {
  let docs: number[];
  let terms: number[];
  let values: number[];
  let V: number;
  let n: number;
  const dense = isArrayLike(counts) && counts.length > 0 && isArrayLike(counts[0]);
  if (dense) {
    const rows = counts as ArrayLike<ArrayLike<unknown>>;
    n = rows.length;
    V = (rows[0] as ArrayLike<unknown>).length;
    if (nTerms !== undefined && V !== nTerms) throw new ShapeError(`${fn}: the rows have ${V} terms but the model has ${nTerms}.`);
    docs = [];
    terms = [];
    values = [];
    for (let d = 0; d < n; d++) {
      const row = rows[d];
      if (!isArrayLike(row)) throw new ShapeError(`${fn}: counts[${d}] is not an array; pass one row of term counts per document.`);
      if (row.length !== V) throw new ShapeError(`${fn}: counts is ragged: row 0 has ${V} terms but row ${d} has ${row.length}.`);
      for (let w = 0; w < V; w++) {
        const c = checkCount(row[w], fn, `counts[${d}][${w}]`);
        if (c > 0) {
          docs.push(d);
          terms.push(w);
          values.push(c);
        }
      }
    }
  } else {
    let D: ArrayLike<unknown>;
    let T: ArrayLike<unknown>;
    let C: ArrayLike<unknown>;
    if (isArrayLike(counts)) {
      const m = counts.length;
      D = new Array(m);
      T = new Array(m);
      C = new Array(m);
      for (let i = 0; i < m; i++) {
        const e = counts[i] as { doc?: unknown; term?: unknown; count?: unknown } | null;
        if (e === null || typeof e !== "object") {
          throw new InvalidInputError(`${fn}: counts[${i}] must be { doc, term, count } (or pass dense rows of counts), got ${String(e)}.`);
        }
        (D as unknown[])[i] = e.doc;
        (T as unknown[])[i] = e.term;
        (C as unknown[])[i] = e.count;
      }
    } else if (counts !== null && typeof counts === "object" && "doc" in counts && "term" in counts && "count" in counts) {
      const c = counts as { doc: unknown; term: unknown; count: unknown };
      if (!isArrayLike(c.doc) || !isArrayLike(c.term) || !isArrayLike(c.count)) {
        throw new InvalidInputError(`${fn}: counts.doc, counts.term and counts.count must be arrays.`);
      }
      if (c.doc.length !== c.term.length || c.doc.length !== c.count.length) {
        throw new ShapeError(`${fn}: counts.doc, counts.term and counts.count have lengths ${c.doc.length}, ${c.term.length}, ${c.count.length}; they must be equal.`);
      }
      D = c.doc;
      T = c.term;
      C = c.count;
    } else {
      throw new InvalidInputError(
        `${fn}: counts must be dense rows (number[][]), an array of { doc, term, count } or { doc: [...], term: [...], count: [...] }, got ${counts === null ? "null" : typeof counts}.`,
      );
    }
    const m = D.length;
    if (m === 0) throw new InvalidInputError(`${fn}: counts is empty; pass at least one non-zero count.`);
    docs = new Array<number>(m);
    terms = new Array<number>(m);
    values = new Array<number>(m);
    n = 0;
    let maxTerm = -1;
    for (let i = 0; i < m; i++) {
      docs[i] = checkIndex(D[i], fn, "doc", i);
      terms[i] = checkIndex(T[i], fn, "term", i);
      values[i] = checkCount(C[i], fn, `the count of entry ${i}`);
      if (docs[i] + 1 > n) n = docs[i] + 1;
      if (terms[i] > maxTerm) maxTerm = terms[i];
    }
    if (nTerms !== undefined && maxTerm >= nTerms) {
      throw new ShapeError(`${fn}: term index ${maxTerm} is out of range: the vocabulary has ${nTerms} terms (0-based indices 0..${nTerms - 1}).`);
    }
    V = nTerms ?? maxTerm + 1;
  }
  if (n === 0 || V === 0) throw new InvalidInputError(`${fn}: counts is empty; pass at least one document and one term.`);
  // CSR by counting sort on doc, then terms sorted within each document, duplicates summed.
  const order = Array.from({ length: docs.length }, (_, i) => i).sort((a, b) => docs[a] - docs[b] || terms[a] - terms[b]);
  const ptr = new Int32Array(n + 1);
  const termOut: number[] = [];
  const countOut: number[] = [];
  let tokens = 0;
  let lastDoc = -1;
  let lastTerm = -1;
  for (const i of order) {
    if (values[i] === 0) continue;
    tokens += values[i];
    if (docs[i] === lastDoc && terms[i] === lastTerm) {
      countOut[countOut.length - 1] += values[i];
      continue;
    }
    lastDoc = docs[i];
    lastTerm = terms[i];
    termOut.push(terms[i]);
    countOut.push(values[i]);
    ptr[docs[i] + 1] = termOut.length;
  }
  for (let d = 1; d <= n; d++) if (ptr[d] < ptr[d - 1]) ptr[d] = ptr[d - 1];
  if (!(tokens > 0)) throw new DomainError(`${fn}: every count is 0; there is nothing to model.`);
  return { n, V, ptr, term: Int32Array.from(termOut), count: Float64Array.from(countOut), tokens };
}

/** exp(E[log β]) and E[log β], both term-major (V×K), for λ (K×V, row-major). */
function topicExpectations(lambda: Float64Array, K: number, V: number, expElogBetaT: Float64Array, elogBetaT: Float64Array): void {
  for (let k = 0; k < K; k++) {
    let total = 0;
    const o = k * V;
    for (let w = 0; w < V; w++) total += lambda[o + w];
    const psiTotal = digamma(total);
    for (let w = 0; w < V; w++) {
      const e = digamma(lambda[o + w]) - psiTotal;
      elogBetaT[w * K + k] = e;
      expElogBetaT[w * K + k] = Math.exp(e);
    }
  }
}

/** The topic part of the ELBO: −Σ_k KL(Dir(λ_k) ‖ Dir(η)) = Σ (η − λ)E[log β] + Σ (lgamma λ − lgamma η) + Σ_k (lgamma(Vη) − lgamma Σ_w λ_kw). */
function topicBound(lambda: Float64Array, elogBetaT: Float64Array, K: number, V: number, eta: number): number {
  let s = 0;
  const lgEta = lgamma(eta);
  const lgVEta = lgamma(V * eta);
  for (let k = 0; k < K; k++) {
    let total = 0;
    const o = k * V;
    for (let w = 0; w < V; w++) {
      const l = lambda[o + w];
      total += l;
      s += (eta - l) * elogBetaT[w * K + k] + lgamma(l) - lgEta;
    }
    s += lgVEta - lgamma(total);
  }
  return s;
}

interface DocSettings {
  alpha: number;
  maxDocIter: number;
  docTol: number;
}

/** Work space of {@link eStepCorpus}, allocated once per corpus (sized by its longest document). */
interface EStepWork {
  /** exp(E[log θ_d]), the per-topic sums of a sweep, a log-sum-exp scratch, the previous γ_d (K each). */
  eTheta: Float64Array;
  acc: Float64Array;
  lse: Float64Array;
  prev: Float64Array;
  /** exp(E[log β]) of the document's m terms, term-major (m × K, contiguous). */
  beta: Float64Array;
}

function allocWork(c: Corpus, K: number): EStepWork {
  let m = 1;
  for (let d = 0; d < c.n; d++) m = Math.max(m, c.ptr[d + 1] - c.ptr[d]);
  return { eTheta: new Float64Array(K), acc: new Float64Array(K), lse: new Float64Array(K), prev: new Float64Array(K), beta: new Float64Array(K * m) };
}

/**
 * One sweep of a document's fixed-point update: acc_k = Σ_j count_j · b_jk / (Σ_k' e_k' b_jk' + ε)
 * over its m terms, b = the gathered exp(E[log β]) block (m × K), e = exp(E[log θ_d]).
 */
type Sweep = (beta: Float64Array, m: number, count: Float64Array, j0: number, eTheta: Float64Array, acc: Float64Array, eps: number) => void;

/** The sweep as loops over topics (any K). */
function sweepLoops(K: number): Sweep {
  return (beta, m, count, j0, eTheta, acc, eps) => {
    acc.fill(0);
    for (let j = 0, o = 0; j < m; j++, o += K) {
      let norm = 0;
      for (let k = 0; k < K; k++) norm += eTheta[k] * beta[o + k];
      const r = count[j0 + j] / (norm + eps);
      for (let k = 0; k < K; k++) acc[k] += r * beta[o + k];
    }
  };
}

/**
 * The sweep written out for a given K ≤ 8 (generated once per K): the K values of exp(E log θ)
 * and the K sums live in local variables, so a term costs K loads and 2K multiply-adds, with no
 * loop over topics and no stores. About 3× faster than {@link sweepLoops} for K = 6 (V8 does not
 * unroll or keep array elements in registers by itself). Only K, an integer, enters the source.
 */
function sweepUnrolled(K: number): Sweep {
  const ks = Array.from({ length: K }, (_, k) => k);
  const pairs: string[] = [];
  for (let k = 0; k < K; k += 2) pairs.push(k + 1 < K ? `(e${k} * b${k} + e${k + 1} * b${k + 1})` : `e${k} * b${k}`);
  const body = [
    `const ${ks.map((k) => `e${k} = eTheta[${k}]`).join(", ")};`,
    `let ${ks.map((k) => `a${k} = 0`).join(", ")};`,
    `for (let j = 0, o = 0; j < m; j++, o += ${K}) {`,
    `  const ${ks.map((k) => `b${k} = beta[o + ${k}]`).join(", ")};`,
    `  const r = count[j0 + j] / (${pairs.join(" + ")} + eps);`,
    `  ${ks.map((k) => `a${k} += r * b${k};`).join(" ")}`,
    `}`,
    ks.map((k) => `acc[${k}] = a${k};`).join(" "),
  ].join("\n");
  try {
    return new Function("beta", "m", "count", "j0", "eTheta", "acc", "eps", body) as Sweep;
  } catch {
    // Code generation disallowed (e.g. node --disallow-code-generation-from-strings): same result, slower.
    return sweepLoops(K);
  }
}

const SWEEPS = new Map<number, Sweep>();

/** The sweep for K topics: unrolled for K ≤ 8, loops above (where registers run out anyway). @internal */
export function ldaSweep(K: number, unrolled = K <= 8): Sweep {
  if (!unrolled) return sweepLoops(K);
  let s = SWEEPS.get(K);
  if (s === undefined) {
    s = sweepUnrolled(K);
    SWEEPS.set(K, s);
  }
  return s;
}

/** Everything the per-document routines below need. */
interface DocContext {
  c: Corpus;
  K: number;
  s: DocSettings;
  w: EStepWork;
  sweep: Sweep;
  elogBetaT: Float64Array;
  lgAlpha: number;
  lgKAlpha: number;
}

/** eTheta ← exp(E[log θ]) of γ = g[o .. o + K); returns Σγ. */
function thetaExpectation(g: Float64Array, o: number, K: number, eTheta: Float64Array): number {
  let total = 0;
  for (let k = 0; k < K; k++) total += g[o + k];
  const psiTotal = digamma(total);
  for (let k = 0; k < K; k++) eTheta[k] = Math.exp(digamma(g[o + k]) - psiTotal);
  return total;
}

/**
 * The fixed-point updates of document d from γ_d = gamma[go ..] (and eTheta = exp(E log θ) of it):
 * sweeps until the mean absolute change of γ_d is < docTol or maxDocIter sweeps. Leaves γ_d in
 * gamma and its exp(E log θ) in eTheta.
 */
function docUpdates(x: DocContext, gamma: Float64Array, go: number, j0: number, m: number): void {
  const { K, w } = x;
  const { alpha, maxDocIter, docTol } = x.s;
  const { eTheta, acc, beta } = w;
  for (let it = 0; it < maxDocIter; it++) {
    x.sweep(beta, m, x.c.count, j0, eTheta, acc, EPS);
    let change = 0;
    for (let k = 0; k < K; k++) {
      const v = eTheta[k] * acc[k] + alpha;
      change += Math.abs(v - gamma[go + k]);
      gamma[go + k] = v;
    }
    thetaExpectation(gamma, go, K, eTheta);
    if (change / K < docTol) break;
  }
}

/**
 * Document d's part of the ELBO at γ_d = g[o ..] (eTheta = exp(E log θ) of it), with φ at its
 * optimum: Σ_w n_dw log Σ_k exp(E[log θ_dk] + E[log β_kw]) − KL(Dir(γ_d) ‖ Dir(α)).
 */
function docBound(x: DocContext, g: Float64Array, o: number, j0: number, m: number): number {
  const { K, w } = x;
  const { eTheta, beta, lse } = w;
  const { count, term } = x.c;
  const alpha = x.s.alpha;
  let total = 0;
  for (let k = 0; k < K; k++) total += g[o + k];
  const psiTotal = digamma(total);
  let bound = 0;
  for (let j = 0, b = 0; j < m; j++, b += K) {
    let norm = 0;
    for (let k = 0; k < K; k++) norm += eTheta[k] * beta[b + k];
    if (norm > 0) bound += count[j0 + j] * Math.log(norm);
    else {
      // Every exp(E log θ + E log β) underflowed: log-sum-exp in log space.
      const bo = term[j0 + j] * K;
      let mx = -Infinity;
      for (let k = 0; k < K; k++) {
        lse[k] = digamma(g[o + k]) - psiTotal + x.elogBetaT[bo + k];
        if (lse[k] > mx) mx = lse[k];
      }
      let t = 0;
      for (let k = 0; k < K; k++) t += Math.exp(lse[k] - mx);
      bound += count[j0 + j] * (mx + Math.log(t));
    }
  }
  for (let k = 0; k < K; k++) {
    const v = g[o + k];
    bound += (alpha - v) * (digamma(v) - psiTotal) + lgamma(v) - x.lgAlpha;
  }
  return bound + x.lgKAlpha - lgamma(total);
}

/**
 * The E-step over a corpus at fixed topics: γ (n×K) into `gamma`, the expected counts
 * Σ_d n_dw φ_dwk / exp(E[log β_kw]) into `sstatsT` (V×K; null to skip) and the document part of the
 * ELBO. Each document's updates start at γ_d = 1 (scikit-learn's start). With `monotone`, when that
 * restart ends below the bound of the document's previous γ_d (still in `gamma`) under the new
 * topics, the updates are run from the previous γ_d instead: every sweep is a coordinate-ascent step,
 * so the document's bound, and the ELBO, then cannot decrease (see fitLDA).
 *
 * Per document, exp(E[log β]) of its m terms is gathered once into a contiguous m×K block, which
 * every sweep of the fixed-point updates then streams through ({@link ldaSweep}). No allocation per
 * document or sweep.
 * @returns the document part of the ELBO, and how many documents kept their previous γ_d
 */
function eStepCorpus(
  c: Corpus,
  K: number,
  expElogBetaT: Float64Array,
  elogBetaT: Float64Array,
  s: DocSettings,
  gamma: Float64Array,
  sstatsT: Float64Array | null,
  w: EStepWork,
  monotone: boolean,
  sweep: Sweep = ldaSweep(K),
): { bound: number; kept: number } {
  const { ptr, term, count } = c;
  const { eTheta, beta, prev } = w;
  if (sstatsT) sstatsT.fill(0);
  const x: DocContext = { c, K, s, w, sweep, elogBetaT, lgAlpha: lgamma(s.alpha), lgKAlpha: lgamma(K * s.alpha) };
  const eTheta0 = Math.exp(digamma(1) - digamma(K));
  let bound = 0;
  let kept = 0;
  for (let d = 0; d < c.n; d++) {
    const go = d * K;
    const j0 = ptr[d];
    const m = ptr[d + 1] - j0;
    for (let j = 0; j < m; j++) {
      const bo = term[j0 + j] * K;
      for (let k = 0; k < K; k++) beta[j * K + k] = expElogBetaT[bo + k];
    }
    if (monotone) for (let k = 0; k < K; k++) prev[k] = gamma[go + k];
    for (let k = 0; k < K; k++) {
      gamma[go + k] = 1;
      eTheta[k] = eTheta0;
    }
    docUpdates(x, gamma, go, j0, m);
    let b = docBound(x, gamma, go, j0, m);
    if (monotone) {
      thetaExpectation(prev, 0, K, eTheta);
      const bPrev = docBound(x, prev, 0, j0, m);
      if (bPrev > b) {
        for (let k = 0; k < K; k++) gamma[go + k] = prev[k];
        docUpdates(x, gamma, go, j0, m);
        b = docBound(x, gamma, go, j0, m);
        kept++;
      } else thetaExpectation(gamma, go, K, eTheta);
    }
    bound += b;
    if (sstatsT) {
      for (let j = 0, o = 0; j < m; j++, o += K) {
        let norm = 0;
        for (let k = 0; k < K; k++) norm += eTheta[k] * beta[o + k];
        const r = count[j0 + j] / (norm + EPS);
        const bo = term[j0 + j] * K;
        for (let k = 0; k < K; k++) sstatsT[bo + k] += eTheta[k] * r;
      }
    }
  }
  return { bound, kept };
}

/**
 * Options of {@link LDA.fromComponents} (and the priors and inner settings of every LDA).
 * @example
 * import type { LDAPriors } from "mlem";
 * const priors: LDAPriors = { docTopicPrior: 1 / 6, topicWordPrior: 1 / 6 };
 */
export interface LDAPriors {
  /** α, the Dirichlet prior of each document's topic proportions (default 1/K). */
  docTopicPrior?: number;
  /** η, the Dirichlet prior of each topic's word distribution (default 1/K). */
  topicWordPrior?: number;
  /** Maximum sweeps of the per-document updates in an E-step (default 100, as scikit-learn's max_doc_update_iter). */
  maxDocIter?: number;
  /** The per-document updates stop when the mean absolute change of γ_d is below this (default 1e-3, as scikit-learn's mean_change_tol). */
  docTol?: number;
}

function resolvePriors(o: LDAPriors, K: number, fn: string): Required<LDAPriors> {
  const docTopicPrior = o.docTopicPrior ?? 1 / K;
  assertNumber(docTopicPrior, fn, "docTopicPrior", { gt: 0 });
  const topicWordPrior = o.topicWordPrior ?? 1 / K;
  assertNumber(topicWordPrior, fn, "topicWordPrior", { gt: 0 });
  const maxDocIter = o.maxDocIter ?? 100;
  assertNumber(maxDocIter, fn, "maxDocIter", { ge: 1, integer: true });
  const docTol = o.docTol ?? 1e-3;
  assertNumber(docTol, fn, "docTol", { ge: 0 });
  return { docTopicPrior, topicWordPrior, maxDocIter, docTol };
}

function checkComponents(components: unknown, fn: string, name: string): { lambda: Float64Array; K: number; V: number } {
  if (!isArrayLike(components) || components.length === 0 || !isArrayLike(components[0])) {
    throw new InvalidInputError(`${fn}: ${name} must be K rows (one per topic) of V positive numbers (the variational topic–word parameters λ).`);
  }
  const K = components.length;
  const V = (components[0] as ArrayLike<unknown>).length;
  if (V === 0) throw new ShapeError(`${fn}: ${name}[0] is empty.`);
  const lambda = new Float64Array(K * V);
  for (let k = 0; k < K; k++) {
    const row = components[k];
    if (!isArrayLike(row) || row.length !== V) throw new ShapeError(`${fn}: ${name} is ragged: row 0 has ${V} entries but row ${k} has ${isArrayLike(row) ? row.length : "none"}.`);
    for (let w = 0; w < V; w++) {
      const v = row[w];
      if (typeof v !== "number" || !Number.isFinite(v) || !(v > 0)) {
        throw new DomainError(`${fn}: ${name}[${k}][${w}] = ${String(v)}; the topic–word parameters must be finite and > 0.`);
      }
      lambda[k * V + w] = v;
    }
  }
  return { lambda, K, V };
}

/**
 * A latent Dirichlet allocation model with given topics (variational parameters λ): document–topic
 * proportions, the ELBO and perplexity of documents, the top words of each topic.
 * {@link fitLDA} returns the subclass {@link FittedLDA}; build one from topics with {@link LDA.fromComponents}.
 * @example
 * import { LDA } from "mlem";
 * // Two topics over the terms tea, cake, war.
 * const lda = LDA.fromComponents([[5, 1, 1], [1, 1, 5]], { docTopicPrior: 0.5, topicWordPrior: 0.5 });
 * lda.transform([{ doc: 0, term: 0, count: 3 }]); // → [[0.870, 0.130]] — three "tea"s are mostly topic 0
 */
export class LDA {
  /** Number of topics K. */
  readonly k: number;
  /** Vocabulary size V. */
  readonly nTerms: number;
  /** α. */
  readonly docTopicPrior: number;
  /** η. */
  readonly topicWordPrior: number;
  /** Inner-loop settings used by transform, score and perplexity. */
  readonly maxDocIter: number;
  /** Inner-loop tolerance used by transform, score and perplexity. */
  readonly docTol: number;
  /** @internal λ, K×V row-major. */
  protected readonly lambda: Float64Array;
  /** @internal */
  protected readonly expElogBetaT: Float64Array;
  /** @internal */
  protected readonly elogBetaT: Float64Array;

  /** @internal Use {@link LDA.fromComponents} or {@link fitLDA}. */
  constructor(lambda: Float64Array, K: number, V: number, priors: Required<LDAPriors>) {
    this.lambda = lambda;
    this.k = K;
    this.nTerms = V;
    this.docTopicPrior = priors.docTopicPrior;
    this.topicWordPrior = priors.topicWordPrior;
    this.maxDocIter = priors.maxDocIter;
    this.docTol = priors.docTol;
    this.expElogBetaT = new Float64Array(K * V);
    this.elogBetaT = new Float64Array(K * V);
    topicExpectations(lambda, K, V, this.expElogBetaT, this.elogBetaT);
  }

  /**
   * A model from topic–word parameters λ (K rows of V positive numbers, e.g. a fit's `components`)
   * and the priors; for transform, score and perplexity of new documents.
   * @example
   * import { LDA } from "mlem";
   * const lda = LDA.fromComponents([[5, 1, 1], [1, 1, 5]], { docTopicPrior: 0.5, topicWordPrior: 0.5 });
   * lda.transform([[3, 0, 0], [0, 1, 4]]); // → [[0.870, 0.130], [0.092, 0.908]]
   */
  static fromComponents(components: ReadonlyArray<ArrayLike<number>>, priors: LDAPriors = {}): LDA {
    const fn = "LDA.fromComponents";
    checkOptions(priors, ["docTopicPrior", "topicWordPrior", "maxDocIter", "docTol"], fn);
    const { lambda, K, V } = checkComponents(components, fn, "components");
    return new LDA(lambda, K, V, resolvePriors(priors, K, fn));
  }

  /** λ, the variational topic–word parameters (K rows of V pseudo-counts; scikit-learn's `components_`). */
  get components(): number[][] {
    const out: number[][] = [];
    for (let k = 0; k < this.k; k++) out.push(Array.from(this.lambda.subarray(k * this.nTerms, (k + 1) * this.nTerms)));
    return out;
  }

  /** E_q[β]: each topic's word probabilities λ_kw / Σ_w λ_kw (K rows summing to 1). */
  get topicWordProbabilities(): number[][] {
    return this.components.map((row) => {
      let s = 0;
      for (const v of row) s += v;
      return row.map((v) => v / s);
    });
  }

  /** @internal E-step on new documents. */
  protected infer(counts: DocumentTermCounts, fn: string): { gamma: Float64Array; bound: number; corpus: Corpus } {
    const corpus = toCorpus(counts, fn, this.nTerms);
    const gamma = new Float64Array(corpus.n * this.k);
    const { bound } = eStepCorpus(
      corpus,
      this.k,
      this.expElogBetaT,
      this.elogBetaT,
      { alpha: this.docTopicPrior, maxDocIter: this.maxDocIter, docTol: this.docTol },
      gamma,
      null,
      allocWork(corpus, this.k),
      false,
    );
    return { gamma, bound, corpus };
  }

  /**
   * Document–topic proportions E_q[θ_d] = γ_d / Σγ_d, one row of K per document (scikit-learn's `transform`).
   * @example
   * import { LDA } from "mlem";
   * const lda = LDA.fromComponents([[5, 1, 1], [1, 1, 5]], { docTopicPrior: 0.5, topicWordPrior: 0.5 });
   * lda.transform([[3, 0, 0], [0, 1, 4]])[1]; // → [0.092, 0.908] — the topic proportions of document 1
   */
  transform(counts: DocumentTermCounts): number[][] {
    const { gamma, corpus } = this.infer(counts, "LDA.transform");
    return normalizeRows(gamma, corpus.n, this.k);
  }

  /**
   * The ELBO of the documents (a lower bound on log p(documents)), with the topic terms: scikit-learn's `score`.
   * @example
   * import { LDA } from "mlem";
   * const lda = LDA.fromComponents([[5, 1, 1], [1, 1, 5]], { docTopicPrior: 0.5, topicWordPrior: 0.5 });
   * lda.score([[3, 0, 0], [0, 1, 4]]); // → -9.795
   */
  score(counts: DocumentTermCounts): number {
    const { bound } = this.infer(counts, "LDA.score");
    return bound + topicBound(this.lambda, this.elogBetaT, this.k, this.nTerms, this.topicWordPrior);
  }

  /**
   * exp(−score / number of tokens), scikit-learn's `perplexity` (lower is better).
   * @example
   * import { LDA } from "mlem";
   * const lda = LDA.fromComponents([[5, 1, 1], [1, 1, 5]], { docTopicPrior: 0.5, topicWordPrior: 0.5 });
   * lda.perplexity([[3, 0, 0], [0, 1, 4]]); // → 3.40 — exp(9.795 / 8 tokens)
   */
  perplexity(counts: DocumentTermCounts): number {
    const { bound, corpus } = this.infer(counts, "LDA.perplexity");
    return Math.exp(-(bound + topicBound(this.lambda, this.elogBetaT, this.k, this.nTerms, this.topicWordPrior)) / corpus.tokens);
  }

  /**
   * The `n` most probable terms of every topic, with their probabilities (E_q[β_kw]).
   * @example
   * import { LDA } from "mlem";
   * const lda = LDA.fromComponents([[5, 1, 1], [1, 1, 5]]);
   * lda.topTerms(2)[0]; // → [{ term: 0, probability: 0.714 }, { term: 1, probability: 0.143 }]
   */
  topTerms(n: number): Array<Array<{ term: number; probability: number }>> {
    assertNumber(n, "LDA.topTerms", "n", { ge: 1, integer: true });
    const V = this.nTerms;
    const out: Array<Array<{ term: number; probability: number }>> = [];
    for (let k = 0; k < this.k; k++) {
      const row = this.lambda.subarray(k * V, (k + 1) * V);
      let s = 0;
      for (let w = 0; w < V; w++) s += row[w];
      const idx = Array.from({ length: V }, (_, w) => w).sort((a, b) => row[b] - row[a] || a - b);
      out.push(idx.slice(0, Math.min(n, V)).map((w) => ({ term: w, probability: row[w] / s })));
    }
    return out;
  }

  /**
   * The `n` most probable words of every topic (K arrays of n words), most probable first.
   * @param vocabulary the word of each term index (length V)
   * @example
   * import { LDA } from "mlem";
   * const lda = LDA.fromComponents([[5, 1, 1], [1, 1, 5]]);
   * lda.topWords(["tea", "cake", "war"], 2); // → [["tea", "cake"], ["war", "tea"]]
   */
  topWords(vocabulary: ArrayLike<string>, n: number): string[][] {
    if (!isArrayLike(vocabulary) || vocabulary.length !== this.nTerms) {
      throw new ShapeError(`LDA.topWords: vocabulary must have one word per term (${this.nTerms}), got ${isArrayLike(vocabulary) ? vocabulary.length : typeof vocabulary}.`);
    }
    return this.topTerms(n).map((t) => t.map(({ term }) => String(vocabulary[term])));
  }
}

function normalizeRows(gamma: Float64Array, n: number, K: number): number[][] {
  const out: number[][] = [];
  for (let d = 0; d < n; d++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += gamma[d * K + k];
    const row: number[] = [];
    for (let k = 0; k < K; k++) row.push(gamma[d * K + k] / s);
    out.push(row);
  }
  return out;
}

/**
 * Options of {@link fitLDA}.
 * @example
 * import type { LDAOptions } from "mlem";
 * const opts: LDAOptions = { k: 6, seed: 1, maxIter: 100 };
 */
export interface LDAOptions extends LDAPriors, EMFitOptions {
  /** Number of topics K (integer ≥ 1). */
  k: number;
  /** Starting topics `{ components }` (K×V λ) of the first run; default: λ_kw ~ Gamma(100, 1/100) drawn from `seed`, as scikit-learn. */
  init?: { components: ReadonlyArray<ArrayLike<number>> };
  /**
   * The stopping rule of runEM on the ELBO per token (the "observations" of a corpus). Default
   * 1e-7, not 1e-10: variational EM for LDA crawls, and on the Austen chapters 1e-7 is a relative
   * change of ~1e-8, reached after 70–170 iterations from seeds 1–3. 0 runs until the ELBO stops changing or maxIter.
   */
  tol?: number;
  /** Vocabulary size V when it is larger than the largest term index + 1 (sparse input). */
  nTerms?: number;
  /**
   * Guard the monotonicity of the ELBO (default true): when a document's E-step restart from γ = 1
   * ends below the bound of its previous γ under the new topics (a worse local optimum of the
   * document's bound, or an inner loop stopped early by docTol), its updates continue from the
   * previous γ instead. false is scikit-learn's E-step exactly, whose ELBO can then decrease.
   */
  monotone?: boolean;
}

/**
 * A fitted LDA: the {@link LDA} model plus how the variational EM went.
 * @example
 * import { fitLDA, type FittedLDA } from "mlem";
 * const counts = [[4, 0, 1, 0, 2, 0], [0, 3, 0, 2, 0, 1], [5, 1, 0, 0, 3, 0], [0, 2, 0, 3, 0, 2]];
 * const fit: FittedLDA = fitLDA(counts, { k: 2, seed: 1 });
 * fit.objective; // → "elbo"
 * fit.elbo;      // → -48.54 — the last entry of fit.history.elbo
 * fit.docTopic;  // → [[0.06, 0.94], [0.93, 0.07], [0.07, 0.93], [0.94, 0.06]] — documents 0 and 2 share a topic
 */
export class FittedLDA extends LDA implements EMFit<number[][], "elbo"> {
  /** The objective the iterations climbed: the ELBO (there is no log-likelihood here). */
  readonly objective = "elbo" as const;
  /** The ELBO at the returned topics (= score of the training documents). */
  readonly elbo: number;
  /** Variational EM iterations (M-steps). */
  readonly iterations: number;
  /** E-steps the kept run evaluated, the initial one included (iterations + 1 for plain EM). */
  readonly eSteps: number;
  /** Whether the ELBO change fell below tol. */
  readonly converged: boolean;
  /** Why the iterations stopped. */
  readonly stopReason: EMStopReason;
  /**
   * The ELBO at every iterate λ₀ .. λ_T; per E-step, how many documents kept their previous γ
   * (the `monotone` guard; 0 at the first E-step); requested snapshots of λ.
   */
  readonly history: EMHistory<number[][], "elbo"> & { keptPrevious: number[] };
  /** Decreases of the ELBO beyond 1e-10 relative (none with the default `monotone: true`). */
  readonly monotonicity: { ok: boolean; violations: Array<{ iteration: number; decrease: number }> };
  /** Linear-rate diagnostics of the iterations. */
  readonly rate: EMRate;
  /** Final ELBO, iterations and convergence of every start (nInit entries). */
  readonly restarts: Array<EMRestart<"elbo">>;
  /** Topic proportions of each training document (E_q[θ_d] at the returned topics). */
  readonly docTopic: number[][];
  /** Number of training documents. */
  readonly nDocs: number;
  /** Total count of the training documents. */
  readonly nTokens: number;

  /** @internal Use {@link fitLDA}. */
  constructor(
    lambda: Float64Array,
    K: number,
    V: number,
    priors: Required<LDAPriors>,
    info: Pick<FittedLDA, "elbo" | "iterations" | "eSteps" | "converged" | "stopReason" | "history" | "monotonicity" | "rate" | "restarts" | "docTopic" | "nDocs" | "nTokens">,
  ) {
    super(lambda, K, V, priors);
    this.elbo = info.elbo;
    this.iterations = info.iterations;
    this.eSteps = info.eSteps;
    this.converged = info.converged;
    this.stopReason = info.stopReason;
    this.history = info.history;
    this.monotonicity = info.monotonicity;
    this.rate = info.rate;
    this.restarts = info.restarts;
    this.docTopic = info.docTopic;
    this.nDocs = info.nDocs;
    this.nTokens = info.nTokens;
  }
}

interface LdaStats {
  gamma: Float64Array;
  sstatsT: Float64Array;
  expElogBetaT: Float64Array;
}

const LDA_OPTIONS = {
  k: int({ min: 1, required: true, doc: "the number of topics" }),
  docTopicPrior: positive(),
  topicWordPrior: positive(),
  maxDocIter: int({ min: 1 }),
  docTol: nonNegative(),
  init: option<{ components: ReadonlyArray<ArrayLike<number>> }, unknown>((v) => v),
  nTerms: int({ min: 1 }),
  monotone: bool({ default: true }),
  ...EM_FIT_OPTIONS,
  tol: nonNegative({ default: 1e-7 }),
};
const optionsAgree: AssertSameType<OptionsOf<typeof LDA_OPTIONS>, LDAOptions> = true;
void optionsAgree;

/**
 * Fits latent Dirichlet allocation by batch variational Bayes (variational EM) on the generic
 * engine; the tracked objective is the ELBO (see the module documentation for the algorithm and its
 * relation to scikit-learn's `LatentDirichletAllocation(learning_method="batch")`).
 * @param counts document–term counts: dense rows, `{ doc, term, count }` triplets (0-based) or three columns
 * @param options `k` is required; see {@link LDAOptions}
 * @example
 * import { readCsv, fitLDA } from "mlem";
 * const t = readCsv("data/austen_counts.csv"); // 1-based doc and term indices
 * const counts = { doc: t.numbers("doc").map((d) => d - 1), term: t.numbers("term").map((w) => w - 1), count: t.numbers("count") };
 * const fit = fitLDA(counts, { k: 6, seed: 1, maxIter: 100 });
 * fit.objective;   // → "elbo"
 * fit.history.elbo; // non-decreasing
 * fit.topWords(readCsv("data/austen_vocabulary.csv").strings("word"), 8);
 * fit.docTopic[0]; // the topic proportions of chapter 1 of Sense & Sensibility
 */
export function fitLDA(counts: DocumentTermCounts, options: LDAOptions): FittedLDA {
  const fn = "fitLDA";
  const o = parseOptions(LDA_OPTIONS, options, fn);
  const K = o.k;
  const priors = resolvePriors(o, K, fn);
  let init: Float64Array | null = null;
  let nTerms = o.nTerms;
  if (o.init !== undefined) {
    const given = o.init as { components?: ReadonlyArray<ArrayLike<number>> } | null;
    if (given === null || typeof given !== "object" || !("components" in given)) {
      throw new InvalidInputError(`${fn}: init must be { components } (K×V topic–word parameters); for random topics pass seed instead.`);
    }
    checkOptions(given, ["components"], fn, "init field");
    const c = checkComponents(given.components, fn, "init.components");
    if (c.K !== K) throw new ShapeError(`${fn}: init.components has ${c.K} topics but k = ${K}.`);
    if (nTerms !== undefined && c.V !== nTerms) throw new ShapeError(`${fn}: init.components has ${c.V} terms but nTerms = ${nTerms}.`);
    nTerms = c.V;
    init = c.lambda;
  }
  const corpus = toCorpus(counts, fn, nTerms);
  const V = corpus.V;
  const rng = o.seed;
  const randomTopics = (): Float64Array => {
    const lambda = new Float64Array(K * V);
    for (let t = 0; t < lambda.length; t++) lambda[t] = rng.gamma(100, 0.01);
    return lambda;
  };
  const gamma = new Float64Array(corpus.n * K);
  const sstatsT = new Float64Array(K * V);
  const expElogBetaT = new Float64Array(K * V);
  const elogBetaT = new Float64Array(K * V);
  const work = allocWork(corpus, K);
  const settings: DocSettings = { alpha: priors.docTopicPrior, maxDocIter: priors.maxDocIter, docTol: priors.docTol };
  const eta = priors.topicWordPrior;
  const sweep = ldaSweep(K);
  const monotone = o.monotone;
  let keptPrevious: number[] = [];
  const model: EMModel<Float64Array, LdaStats> = {
    nObservations: corpus.tokens,
    eStep(lambda) {
      topicExpectations(lambda, K, V, expElogBetaT, elogBetaT);
      // The guard needs a previous γ: not at the first E-step.
      const e = eStepCorpus(corpus, K, expElogBetaT, elogBetaT, settings, gamma, sstatsT, work, monotone && keptPrevious.length > 0, sweep);
      keptPrevious.push(e.kept);
      return { stats: { gamma, sstatsT, expElogBetaT }, logLikelihood: e.bound + topicBound(lambda, elogBetaT, K, V, eta) };
    },
    mStep(stats) {
      const next = new Float64Array(K * V);
      for (let w = 0; w < V; w++) {
        for (let k = 0; k < K; k++) next[k * V + w] = eta + stats.sstatsT[w * K + k] * stats.expElogBetaT[w * K + k];
      }
      return next;
    },
    clone: (lambda) => lambda.slice(),
    flatten: (lambda) => lambda,
  };
  // The E-step buffers (γ, the statistics) are shared by the runs; `kept` is each run's guard count.
  const { best: res, context: kept, restarts } = runRestarts({
    objective: "elbo",
    nInit: o.nInit,
    prepare: (r) => {
      keptPrevious = [];
      return { model, init: r === 0 && init !== null ? init : randomTopics(), context: keptPrevious };
    },
    options: stoppingOf(o),
  });
  // The engine ends with an E-step at the returned λ, but γ belongs to the last run: recompute it
  // when another run was kept (or the kept one stopped on a non-finite bound).
  if (res.stopReason === "nonFinite" || kept !== keptPrevious) {
    keptPrevious = []; // the guard off: a plain E-step from γ = 1, as the first E-step of a run
    model.eStep(res.params);
  }
  const toRows = (lambda: Float64Array): number[][] => Array.from({ length: K }, (_, k) => Array.from(lambda.subarray(k * V, (k + 1) * V)));
  const fields = emFitFields(res, restarts, "elbo", toRows);
  return new FittedLDA(res.params, K, V, priors, {
    elbo: fields.elbo,
    iterations: res.iterations,
    eSteps: res.eSteps,
    converged: res.converged,
    stopReason: res.stopReason,
    history: { ...fields.history, keptPrevious: kept.slice(0, res.history.logLikelihood.length) },
    restarts,
    monotonicity: res.monotonicity,
    rate: res.rate,
    docTopic: normalizeRows(gamma, corpus.n, K),
    nDocs: corpus.n,
    nTokens: corpus.tokens,
  });
}
