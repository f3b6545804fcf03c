import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { DomainError, InvalidInputError, ShapeError, UnknownOptionError } from "../../src/core/errors.js";
import { lgamma } from "../../src/core/special.js";
import { fitLDA, LDA, ldaSweep } from "../../src/models/lda.js";

const DATA = join(__dirname, "../../../data");
const t = readCsv(join(DATA, "austen_counts.csv"));
// The CSV is 1-based; mlem's indices are 0-based.
const austen = { doc: t.numbers("doc").map((d) => d - 1), term: t.numbers("term").map((w) => w - 1), count: t.numbers("count") };
const K = 6;
const V = 3252;

/** The fixed start of scripts/reference/lda_austen_sklearn.py (integer arithmetic, exact in doubles). */
const LAMBDA0 = Array.from({ length: K }, (_, k) =>
  Array.from({ length: V }, (_, w) => 0.9 + (0.2 * (((k + 1) * 2654435761 + (w + 1) * (k + 2) * 40503) % 1009)) / 1008),
);

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return m;
}

describe("fitLDA (monotone: false) matches scikit-learn's batch LatentDirichletAllocation on the Austen chapters", () => {
  // scikit-learn 1.9.1 (numpy 2.4.6, scipy 1.17.1) from LAMBDA0, γ starting at 1 in every E-step,
  // scipy's ψ, mean_change_tol 1e-10, max_doc_update_iter 10000, 20 iterations: written by
  // scripts/reference/lda_austen_sklearn.py into lib/test/models/reference/.
  const ref = JSON.parse(readFileSync(join(__dirname, "reference/lda_austen_sklearn.json"), "utf8"));
  const buf = readFileSync(join(__dirname, "reference/lda_austen_sklearn_components.f64"));
  const refComponents = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const fit = fitLDA(austen, { k: K, init: { components: LAMBDA0 }, maxIter: ref.max_iter, tol: 0, docTol: ref.mean_change_tol, maxDocIter: ref.max_doc_update_iter, monotone: false });

  it("runs the same iterations", () => {
    expect(fit.nDocs).toBe(ref.n_docs);
    expect(fit.nTerms).toBe(ref.n_terms);
    expect(fit.nTokens).toBe(ref.n_tokens);
    expect(fit.docTopicPrior).toBe(ref.doc_topic_prior);
    expect(fit.iterations).toBe(20);
    expect(fit.objective).toBe("elbo");
    expect(fit.history.keptPrevious.every((c) => c === 0)).toBe(true);
  });

  // Asked: 1e-8 relative on components, transform, score and perplexity. Measured: components
  // 1.6e-9 (the largest on entries near η), transform 3.1e-11, score and ELBO path ≤ 3e-15,
  // perplexity 8e-14. (With scikit-learn's own Cython ψ, accurate to ~1e-9, the components differ by
  // up to 2.3e-4 and transform by 2.7e-6: the reference patches ψ, see its docstring.)
  it("components (λ, every entry)", () => {
    expect(maxRel(fit.components.flat(), refComponents)).toBeLessThan(1e-8);
  });
  it("transform (document–topic proportions), both the fit's and LDA.transform's", () => {
    expect(maxRel(fit.docTopic.flat(), ref.transform.flat())).toBeLessThan(1e-9);
    expect(maxRel(fit.transform(austen).flat(), ref.transform.flat())).toBeLessThan(1e-9);
  });
  it("score (the ELBO) and perplexity, and the ELBO after every iteration", () => {
    expect(maxRel([fit.elbo], [ref.score])).toBeLessThan(1e-12);
    expect(maxRel([fit.score(austen)], [ref.score])).toBeLessThan(1e-12);
    expect(maxRel([fit.perplexity(austen)], [ref.perplexity])).toBeLessThan(1e-12);
    expect(maxRel(fit.history.elbo, ref.elbo_path)).toBeLessThan(1e-12);
  });
});

describe("fitLDA on the Austen chapters (defaults)", () => {
  const fit = fitLDA(austen, { k: K, seed: 1 });
  const books = readCsv(join(DATA, "austen_chapters.csv")).strings("book");
  const vocab = readCsv(join(DATA, "austen_vocabulary.csv")).strings("word");

  it("climbs the ELBO monotonically to convergence and says the objective is the ELBO", () => {
    expect(fit.objective).toBe("elbo");
    expect(fit.converged).toBe(true);
    expect(fit.monotonicity.ok).toBe(true);
    const h = fit.history.elbo;
    for (let i = 1; i < h.length; i++) expect(h[i]).toBeGreaterThanOrEqual(h[i - 1]);
    expect(h[h.length - 1]).toBe(fit.elbo);
    expect(fit.history.keptPrevious[0]).toBe(0);
    expect(fit.perplexity(austen)).toBeGreaterThan(1);
  });

  it("the topics find the novels: the course's topic–book table", () => {
    const dominant = fit.docTopic.map((r) => r.indexOf(Math.max(...r)));
    const byBook = new Map<string, number[]>();
    books.forEach((b, i) => {
      const row = byBook.get(b) ?? new Array<number>(K).fill(0);
      row[dominant[i]]++;
      byBook.set(b, row);
    });
    // Four novels get a topic of their own (≥ 90% of their chapters, and distinct topics).
    const own = ["Sense & Sensibility", "Pride & Prejudice", "Emma", "Persuasion"].map((b) => {
      const row = byBook.get(b)!;
      const top = row.indexOf(Math.max(...row));
      expect(row[top] / row.reduce((a, c) => a + c, 0)).toBeGreaterThan(0.9);
      return top;
    });
    expect(new Set(own).size).toBe(4);
    // The top words of a novel's topic are its characters.
    const words = fit.topWords(vocab, 10);
    expect(words[own[0]]).toEqual(expect.arrayContaining(["elinor", "marianne"]));
    expect(words[own[1]]).toEqual(expect.arrayContaining(["elizabeth", "darcy"]));
    expect(words[own[2]]).toEqual(expect.arrayContaining(["emma", "harriet"]));
    expect(words[own[3]]).toEqual(expect.arrayContaining(["anne", "wentworth"]));
  });

  it("LDA.fromComponents rebuilds the model: the same transform and score", () => {
    const lda = LDA.fromComponents(fit.components, { docTopicPrior: fit.docTopicPrior, topicWordPrior: fit.topicWordPrior });
    const first = { doc: austen.doc.slice(0, 800), term: austen.term.slice(0, 800), count: austen.count.slice(0, 800) };
    expect(lda.transform(first)).toEqual(fit.transform(first));
    expect(lda.score(first)).toBe(fit.score(first));
    const p = lda.topicWordProbabilities;
    expect(p[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const top = lda.topTerms(3)[0];
    expect(top[0].probability).toBeCloseTo(p[0][top[0].term], 15);
    expect(top[0].probability).toBeGreaterThanOrEqual(top[1].probability);
  });
});

describe("fitLDA: the ELBO is exact where the mean field is (one topic)", () => {
  it("K = 1: q(β) = Dir(η + counts) is the exact posterior, so the ELBO is the Dirichlet-multinomial log evidence", () => {
    const counts = [[3, 0, 1, 2], [0, 5, 1, 0], [2, 2, 0, 1]];
    const eta = 0.7;
    const fit = fitLDA(counts, { k: 1, topicWordPrior: eta, maxIter: 2, tol: 0 });
    const n = [5, 7, 2, 3];
    const N = 17;
    let logEvidence = lgamma(4 * eta) - lgamma(4 * eta + N);
    for (const c of n) logEvidence += lgamma(eta + c) - lgamma(eta);
    expect(Math.abs(fit.history.elbo[1] - logEvidence)).toBeLessThan(1e-12 * Math.abs(logEvidence));
    expect(fit.components[0].map((v) => v - eta)).toEqual(n.map((c) => expect.closeTo(c, 12)));
  });
});

describe("fitLDA: inputs and kernels", () => {
  const dense = [
    [4, 0, 1, 0, 2, 0, 0, 3],
    [0, 3, 0, 2, 0, 1, 4, 0],
    [5, 1, 0, 0, 3, 0, 0, 2],
    [0, 2, 0, 3, 0, 2, 5, 0],
    [1, 0, 0, 0, 0, 0, 0, 0],
  ];
  const triplets = dense.flatMap((row, d) => row.flatMap((count, term) => (count > 0 ? [{ doc: d, term, count }] : [])));
  const columns = { doc: triplets.map((e) => e.doc), term: triplets.map((e) => e.term), count: triplets.map((e) => e.count) };

  it("dense rows, triplets and columns give the same fit (repeated cells are summed)", () => {
    const a = fitLDA(dense, { k: 2, seed: 3 });
    const b = fitLDA(triplets, { k: 2, seed: 3 });
    const split = [...triplets.slice(1), { ...triplets[0], count: 1 }, { ...triplets[0], count: triplets[0].count - 1 }];
    const c = fitLDA(split, { k: 2, seed: 3 });
    const e = fitLDA(columns, { k: 2, seed: 3 });
    expect(b.components).toEqual(a.components);
    expect(e.components).toEqual(a.components);
    for (let i = 0; i < a.components.length; i++) expect(maxRel(c.components[i], a.components[i])).toBeLessThan(1e-12);
    expect(a.nDocs).toBe(5);
    expect(a.nTokens).toBe(dense.flat().reduce((s, v) => s + v, 0));
  });

  it("the unrolled sweep (K ≤ 8) equals the loop version", () => {
    for (const k of [1, 2, 5, 6, 8]) {
      const m = 37;
      const beta = Float64Array.from({ length: m * k }, (_, i) => 1e-3 * (1 + ((i * 7919) % 101)));
      const count = Float64Array.from({ length: m + 3 }, (_, i) => 1 + (i % 4));
      const eTheta = Float64Array.from({ length: k }, (_, i) => 0.1 + 0.05 * i);
      const a = new Float64Array(k);
      const b = new Float64Array(k);
      ldaSweep(k, true)(beta, m, count, 3, eTheta, a, Number.EPSILON);
      ldaSweep(k, false)(beta, m, count, 3, eTheta, b, Number.EPSILON);
      expect(maxRel(a, b)).toBeLessThan(1e-14);
    }
  });

  it("more than 8 topics (the loop kernel) and monotone on a small corpus", () => {
    const fit = fitLDA(dense, { k: 10, seed: 1, maxIter: 50 });
    expect(fit.components).toHaveLength(10);
    expect(fit.monotonicity.ok).toBe(true);
    expect(fit.docTopic[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("an empty document gets the prior's proportions; nTerms widens the vocabulary", () => {
    const fit = fitLDA([...triplets, { doc: 6, term: 0, count: 2 }], { k: 2, seed: 1, nTerms: 10 });
    expect(fit.nDocs).toBe(7);
    expect(fit.nTerms).toBe(10);
    expect(fit.docTopic[5]).toEqual([0.5, 0.5]); // document 5 has no words
    // Terms that never occur keep λ = η.
    expect(fit.components[0][9]).toBe(fit.topicWordPrior);
  });

  it("bad input gets named errors", () => {
    expect(() => fitLDA(dense, {} as never)).toThrow(InvalidInputError);
    expect(() => fitLDA(dense, { k: 0 })).toThrow(DomainError);
    expect(() => fitLDA(dense, { k: 2, docTol: -1 })).toThrow(DomainError);
    expect(() => fitLDA(dense, { k: 2, topicWordPrior: 0 })).toThrow(DomainError);
    expect(() => fitLDA(dense, { k: 2, maxiter: 3 } as never)).toThrow(UnknownOptionError);
    expect(() => fitLDA([[1, 2], [3]], { k: 2 })).toThrow(ShapeError);
    expect(() => fitLDA([[1, -2]], { k: 1 })).toThrow(DomainError);
    expect(() => fitLDA([[1, NaN]], { k: 1 })).toThrow(DomainError);
    expect(() => fitLDA([[0, 0]], { k: 1 })).toThrow(DomainError);
    expect(() => fitLDA([{ doc: 1.5, term: 0, count: 1 }], { k: 1 })).toThrow(/0-based/);
    expect(() => fitLDA([{ doc: 0, term: -1, count: 1 }], { k: 1 })).toThrow(DomainError);
    expect(() => fitLDA({ doc: [0, 1], term: [0], count: [1, 1] }, { k: 1 })).toThrow(ShapeError);
    expect(() => fitLDA("counts" as never, { k: 1 })).toThrow(InvalidInputError);
    expect(() => fitLDA(dense, { k: 2, init: { components: [[1, 1]] } })).toThrow(ShapeError);
    expect(() => fitLDA(dense, { k: 1, init: { components: [[1, 1, 1, 1, 1, 1, 1, 0]] } })).toThrow(DomainError);
    expect(() => fitLDA(triplets, { k: 2, nTerms: 4 })).toThrow(ShapeError);
    const fit = fitLDA(dense, { k: 2, seed: 1 });
    expect(() => fit.transform([[1, 2, 3]])).toThrow(ShapeError);
    expect(() => fit.transform([{ doc: 0, term: 8, count: 1 }])).toThrow(ShapeError);
    expect(() => fit.topWords(["a", "b"], 3)).toThrow(ShapeError);
    expect(() => LDA.fromComponents([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => LDA.fromComponents([[1, 2]], { docTopicPrio: 1 } as never)).toThrow(UnknownOptionError);
  });
});
