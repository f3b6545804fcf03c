import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/core/data.js";
import { basinAtlas, matchComponents } from "../../src/mixture/atlas.js";
import { UnknownOptionError } from "../../src/core/errors.js";

const faithful = readCsv(`${__dirname}/../../../data/faithful.csv`).matrix(["eruptions", "waiting"]);

describe("matchComponents", () => {
  it("recovers a permutation of the means", () => {
    const a = [[0, 0], [5, 5], [10, -3]];
    const b = [[10.1, -3], [0.2, 0.1], [5, 4.9]];
    expect(matchComponents(a, b)).toEqual([1, 2, 0]);
  });
  it("rejects means of different counts", () => {
    expect(() => matchComponents([[0]], [[0], [1]])).toThrow(/same number of components/);
  });
});

describe("basinAtlas", () => {
  it("groups restarts into distinct optima, best first, counting every run once", () => {
    const atlas = basinAtlas(faithful, { k: 3, nInit: 24, seed: 7 });
    const total = atlas.optima.reduce((s, o) => s + o.count, 0);
    expect(total).toBe(24);
    expect(atlas.runs).toHaveLength(24);
    for (let i = 1; i < atlas.optima.length; i++) expect(atlas.optima[i - 1].logLikelihood).toBeGreaterThanOrEqual(atlas.optima[i].logLikelihood);
    expect(atlas.optima.reduce((s, o) => s + o.fraction, 0)).toBeCloseTo(1, 12);
    // Every run's log-likelihood is within EM's tolerance of its optimum's (same basin, same value).
    for (const run of atlas.runs) {
      const o = atlas.optima[run.optimum];
      expect(Math.abs(run.logLikelihood - o.logLikelihood)).toBeLessThan(1e-4 * Math.abs(o.logLikelihood));
    }
  });

  it("finds the single optimum of the well-separated k = 2 Old Faithful problem from every start", () => {
    const atlas = basinAtlas(faithful, { k: 2, nInit: 10, seed: 1 });
    expect(atlas.optima).toHaveLength(1);
    // Label switching: different runs may number the components differently, but they are grouped.
    expect(atlas.optima[0].count).toBe(10);
    expect(atlas.optima[0].logLikelihood).toBeCloseTo(-1130.264, 2);
  });

  it("is reproducible for a seed", () => {
    const a = basinAtlas(faithful, { k: 3, nInit: 6, seed: 3 });
    const b = basinAtlas(faithful, { k: 3, nInit: 6, seed: 3 });
    expect(a.runs).toEqual(b.runs);
  });

  it("rejects unknown options and a missing k", () => {
    expect(() => basinAtlas(faithful, { k: 2, restart: 3 } as never)).toThrow(UnknownOptionError);
    expect(() => basinAtlas(faithful, {} as never)).toThrow(/k .* is required/);
  });
});
