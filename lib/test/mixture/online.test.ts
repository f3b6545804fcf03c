import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readCsv, readCsvChunks } from "../../src/core/data.js";
import { Rng } from "../../src/core/rng.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";
import { fitGaussianMixtureStream } from "../../src/mixture/online.js";

const faithful = readCsv(resolve(__dirname, "../../../data/faithful.csv")).matrix(["eruptions", "waiting"]);
const TYPES = ["full", "tied", "diag", "spherical"] as const;
const maxAbsDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((r, i) => r.map((v, j) => Math.abs(v - b[i][j]))));

function simulate(n: number, seed: number): number[][] {
  const rng = new Rng(seed);
  const means = [[0, 0], [3, 1], [-2, 4]];
  const w = [0.3, 0.5, 0.2];
  return Array.from({ length: n }, () => {
    const c = rng.categorical(w);
    return [means[c][0] + rng.normal(), means[c][1] + 0.5 * rng.normal() + 0.3 * c];
  });
}

describe("online (stepwise) EM", () => {
  it("with one batch of all the data and η = 1 it is batch EM, iterate for iterate (the statistics' bookkeeping is exact)", () => {
    for (const covarianceType of TYPES) {
      const start = fitGaussianMixture(faithful, { k: 2, covarianceType, seed: 1, maxIter: 0 });
      const init = { weights: start.weights, means: start.means, covariances: start.covariances };
      const batch = fitGaussianMixture(faithful, { k: 2, covarianceType, init, tol: 0, maxIter: 4 });
      const online = fitGaussianMixture(faithful, { k: 2, covarianceType, init, algorithm: "online", batchSize: faithful.length, stepSize: () => 1, passes: 4 });
      // Rows are summed in a shuffled order: rounding differs at ~1e-13 relative.
      expect(Math.abs(online.logLikelihood - batch.logLikelihood), covarianceType).toBeLessThan(1e-9);
      expect(maxAbsDiff(online.means, batch.means), covarianceType).toBeLessThan(1e-9);
      expect(online.iterations).toBe(4);
      expect(online.converged).toBe(false);
      expect(online.history.logLikelihood).toHaveLength(5);
    }
  });

  it("one pass over 100 000 rows comes within 1e-3 of batch EM's mean log-likelihood, every covariance type", () => {
    const X = simulate(100_000, 3);
    for (const covarianceType of TYPES) {
      const batch = fitGaussianMixture(X, { k: 3, covarianceType, seed: 1 });
      const online = fitGaussianMixture(X, { k: 3, covarianceType, seed: 1, algorithm: "online", batchSize: 1000 });
      const gap = (batch.logLikelihood - online.logLikelihood) / X.length;
      expect(gap, covarianceType).toBeLessThan(1e-3);
      expect(gap, covarianceType).toBeGreaterThan(-1e-9); // the batch fit is the maximum
      expect(online.iterations).toBe(100);
    }
  });

  it("a stream of chunks: the same update (stream = in-memory with one batch and η = 1), bounded by one mini-batch", async () => {
    const start = fitGaussianMixture(faithful, { k: 2, seed: 1, maxIter: 0 });
    const init = { weights: start.weights, means: start.means, covariances: start.covariances };
    const batch = fitGaussianMixture(faithful, { k: 2, init, tol: 0, maxIter: 3 });
    function* threePasses() {
      for (let p = 0; p < 3; p++) for (let i = 0; i < faithful.length; i += 50) yield faithful.slice(i, i + 50);
    }
    // Chunks of 50 re-cut into mini-batches of 272 (a whole pass each), step size 1.
    const s = await fitGaussianMixtureStream(threePasses(), { k: 2, init, batchSize: 272, stepSize: () => 1 });
    expect(s.observations).toBe(3 * 272);
    expect(s.updates).toBe(3);
    expect(maxAbsDiff(s.means, batch.means)).toBeLessThan(1e-9);
    expect(s.history.batchMeanLogLikelihood).toHaveLength(3);
    expect(s.history.batchMeanLogLikelihood[2] * 272).toBeCloseTo(fitGaussianMixture(faithful, { k: 2, init, tol: 0, maxIter: 2 }).logLikelihood, 8);
  });

  it("streams a CSV file read line by line (readCsvChunks)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlem-online-"));
    try {
      const X = simulate(20_000, 5);
      const file = join(dir, "big.csv");
      writeFileSync(file, "x,y,label\n" + X.map((r, i) => `${r[0]},${r[1]},${i % 3 === 0 ? "a" : "b"}`).join("\n") + "\n");
      const sizes: number[] = [];
      for await (const rows of readCsvChunks(file, ["x", "y"], { chunkRows: 7000 })) sizes.push(rows.length);
      expect(sizes).toEqual([7000, 7000, 6000]);
      const s = await fitGaussianMixtureStream(readCsvChunks(file, ["x", "y"], { chunkRows: 3000 }), { k: 3, seed: 2, batchSize: 500 });
      const batch = fitGaussianMixture(X, { k: 3, seed: 2 });
      expect(s.observations).toBe(20_000);
      expect(batch.logLikelihood / X.length - s.score(X)).toBeLessThan(2e-3);
      await expect(async () => {
        for await (const rows of readCsvChunks(file, ["x", "z"])) void rows;
      }).rejects.toThrow(/no column 'z'.*Columns are: x, y, label/);
      await expect(async () => {
        for await (const rows of readCsvChunks(join(dir, "absent.csv"), ["x"])) void rows;
      }).rejects.toThrow(/cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("bad options and bad streams get errors that say what to do", async () => {
    expect(() => fitGaussianMixture(faithful, { k: 2, batchSize: 10 })).toThrow(/batchSize apply to algorithm: "online" only/);
    expect(() => fitGaussianMixture(faithful, { k: 2, algorithm: "online", nInit: 3 })).toThrow(/does not take nInit > 1/);
    expect(() => fitGaussianMixture(faithful, { k: 2, algorithm: "online", stepSize: 0.3 })).toThrow(/exponent a in \(0.5, 1\]/);
    expect(() => fitGaussianMixture(faithful, { k: 2, algorithm: "online", stepSize: () => 2 })).toThrow(/stepSize\(0\) = 2; step sizes must be in \(0, 1\]/);
    expect(() => fitGaussianMixture(faithful, { k: 5, algorithm: "online", batchSize: 3 })).toThrow(/batchSize = 3 rows cannot initialise k = 5/);
    await expect(fitGaussianMixtureStream([[[1, 2], [3]]], { k: 1 })).rejects.toThrow(/row 1 has 1 values but the stream's rows have 2/);
    await expect(fitGaussianMixtureStream([], { k: 1 })).rejects.toThrow(/the stream had no rows/);
    await expect(fitGaussianMixtureStream([[[1, NaN]]], { k: 1 })).rejects.toThrow(/finite numbers/);
    await expect(fitGaussianMixtureStream(42 as never, { k: 1 })).rejects.toThrow(/iterable/);
  });
});
