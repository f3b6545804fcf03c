import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError, InvalidInputError, ShapeError, UnknownOptionError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import {
  bruteForceHMM,
  bruteForceLogLikelihood,
  fitHMM,
  forwardBackward,
  hmmLogLikelihood,
  sampleHMM,
  viterbi,
  type HMM,
} from "../../src/hmm/index.js";

// The reference for forward–backward and Viterbi is the definition: explicit enumeration of all
// K^T state paths (bruteForceHMM), on tiny problems (K = 2..3, T ≤ 8). Agreement is to rounding
// (~1e-12), since both sum the same terms in a different order.

function randomRow(rng: Rng, len: number): number[] {
  const g = Array.from({ length: len }, () => rng.exponential() + 0.05);
  const s = g.reduce((a, b) => a + b, 0);
  return g.map((v) => v / s);
}

function randomModel(rng: Rng, k: number, type: "gaussian" | "poisson" | "categorical", m = 3): HMM {
  const initial = randomRow(rng, k);
  const transition = Array.from({ length: k }, () => randomRow(rng, k));
  if (type === "gaussian") {
    return { initial, transition, emissions: { type, means: Array.from({ length: k }, () => rng.normal(0, 3)), variances: Array.from({ length: k }, () => 0.3 + rng.exponential()) } };
  }
  if (type === "poisson") return { initial, transition, emissions: { type, rates: Array.from({ length: k }, () => 0.5 + 8 * rng.uniform()) } };
  return { initial, transition, emissions: { type, probabilities: Array.from({ length: k }, () => randomRow(rng, m)) } };
}

describe("forward–backward and Viterbi against brute-force enumeration of K^T paths", () => {
  const cases: Array<["gaussian" | "poisson" | "categorical", number, number]> = [];
  for (const type of ["gaussian", "poisson", "categorical"] as const) for (const k of [2, 3]) for (const T of [1, 4, 8]) cases.push([type, k, T]);
  it.each(cases)("%s emissions, K = %i, T = %i", (type, k, T) => {
    const rng = new Rng(1000 * k + T + type.length);
    for (let rep = 0; rep < 4; rep++) {
      const model = randomModel(rng, k, type);
      const { observations } = sampleHMM(model, T, rng);
      const fb = forwardBackward(model, observations);
      const bf = bruteForceHMM(model, observations);
      expect(bf.paths).toBe(k ** T);
      expect(Math.abs(fb.logLikelihood - bf.logLikelihood)).toBeLessThan(1e-11 * Math.max(1, Math.abs(bf.logLikelihood)));
      expect(hmmLogLikelihood(model, observations)).toBeCloseTo(fb.logLikelihood, 12);
      expect(Math.abs(bruteForceLogLikelihood(model, observations) - bf.logLikelihood)).toBeLessThan(1e-11 * Math.max(1, Math.abs(bf.logLikelihood)));
      for (let t = 0; t < T; t++) {
        for (let j = 0; j < k; j++) expect(Math.abs(fb.posteriors[t][j] - bf.posteriors[t][j])).toBeLessThan(1e-12);
        expect(fb.posteriors[t].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
        expect(fb.filtered[t].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      }
      // Expected transition counts sum to T − 1 and their row sums are the posteriors of t = 0..T−2.
      const xiTotal = fb.expectedTransitions.flat().reduce((a, b) => a + b, 0);
      expect(xiTotal).toBeCloseTo(T - 1, 12);
      const vit = viterbi(model, observations);
      expect(vit.logProbability).toBeCloseTo(bf.bestLogProbability, 10);
      expect(vit.path).toEqual(bf.bestPath);
    }
  });

  it("filtered probability at the last step equals the smoothed one", () => {
    const rng = new Rng(5);
    const model = randomModel(rng, 3, "poisson");
    const { observations } = sampleHMM(model, 8, 3);
    const fb = forwardBackward(model, observations);
    for (let j = 0; j < 3; j++) expect(fb.filtered[7][j]).toBeCloseTo(fb.posteriors[7][j], 14);
  });

  it("is stable for long series and peaked densities (no underflow)", () => {
    const model: HMM = {
      initial: [0.5, 0.5],
      transition: [[0.99, 0.01], [0.02, 0.98]],
      emissions: { type: "gaussian", means: [0, 50], variances: [1e-4, 1e-4] },
    };
    const { observations, states } = sampleHMM(model, 20000, 11);
    const fb = forwardBackward(model, observations);
    expect(Number.isFinite(fb.logLikelihood)).toBe(true);
    const decoded = viterbi(model, observations).path;
    expect(decoded).toEqual(states);
    for (const row of fb.posteriors) for (const p of row) expect(Number.isNaN(p)).toBe(false);
  });

  it("bruteForceLogLikelihood refuses K^T beyond the limit", () => {
    const model = randomModel(new Rng(1), 3, "poisson");
    expect(() => bruteForceLogLikelihood(model, new Array(20).fill(1))).toThrow(/3\^20.*forwardBackward/);
  });
});

describe("sampleHMM", () => {
  it("is reproducible from a seed and follows the chain", () => {
    const model: HMM = { initial: [1, 0], transition: [[0, 1], [1, 0]], emissions: { type: "categorical", probabilities: [[1, 0], [0, 1]] } };
    const a = sampleHMM(model, 6, 3);
    expect(a.states).toEqual([0, 1, 0, 1, 0, 1]);
    expect(a.observations).toEqual([0, 1, 0, 1, 0, 1]);
    const m2 = randomModel(new Rng(2), 3, "gaussian");
    expect(sampleHMM(m2, 50, 9)).toEqual(sampleHMM(m2, 50, 9));
    expect(sampleHMM(m2, 50, 9)).not.toEqual(sampleHMM(m2, 50, 10));
  });
});

describe("model validation", () => {
  const good: HMM = { initial: [0.5, 0.5], transition: [[0.9, 0.1], [0.2, 0.8]], emissions: { type: "poisson", rates: [1, 5] } };
  it("rejects rows that do not sum to 1, zero rows, and bad shapes, with named errors", () => {
    expect(() => forwardBackward({ ...good, transition: [[0.9, 0.2], [0.2, 0.8]] }, [1])).toThrow(/transition\[0\] sums to 1.1/);
    expect(() => forwardBackward({ ...good, transition: [[0, 0], [0.2, 0.8]] }, [1])).toThrow(/all zeros.*absorbing/);
    expect(() => forwardBackward({ ...good, transition: [[1, 0]] }, [1])).toThrow(ShapeError);
    expect(() => forwardBackward({ ...good, initial: [0.5, -0.5] }, [1])).toThrow(DomainError);
    expect(() => forwardBackward({ ...good, emissions: { type: "poisson", rates: [1, -5] } }, [1])).toThrow(/rates/);
    expect(() => forwardBackward({ ...good, emissions: { type: "gaussian", means: [0, 1], variances: [1, 0] } }, [1])).toThrow(/variances/);
    expect(() => forwardBackward({ ...good, emissions: { type: "weibull" } as never }, [1])).toThrow(/gaussian/);
  });
  it("renormalises rows that are off by rounding only", () => {
    const fb = forwardBackward({ ...good, transition: [[0.9 + 1e-9, 0.1], [0.2, 0.8]] }, [1, 2]);
    expect(Number.isFinite(fb.logLikelihood)).toBe(true);
  });
  it("rejects bad observations", () => {
    expect(() => forwardBackward(good, [1, -2])).toThrow(/observations\[1\] = -2.*non-negative integer/);
    expect(() => forwardBackward(good, [1, 2.5])).toThrow(DomainError);
    expect(() => forwardBackward(good, [1, NaN])).toThrow(/observations\[1\] is NaN/);
    expect(() => forwardBackward(good, [])).toThrow(/empty/);
    expect(() => forwardBackward(good, ["1"] as never)).toThrow(InvalidInputError);
    const cat: HMM = { initial: [1], transition: [[1]], emissions: { type: "categorical", probabilities: [[0.5, 0.5]] } };
    expect(() => forwardBackward(cat, [0, 2])).toThrow(/only 2 symbols/);
  });
  it("explains impossible sequences instead of returning NaN", () => {
    const cat: HMM = { initial: [1, 0], transition: [[1, 0], [0, 1]], emissions: { type: "categorical", probabilities: [[1, 0], [0, 1]] } };
    expect(() => forwardBackward(cat, [0, 1])).toThrow(/probability zero.*observations\[1\] = 1/);
    expect(() => viterbi(cat, [0, 1])).toThrow(/probability zero/);
    expect(hmmLogLikelihood(cat, [0, 1])).toBe(-Infinity);
  });
});
