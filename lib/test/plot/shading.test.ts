import { describe, expect, it } from "vitest";
import { runShapes, stateRuns } from "../../src/plot/shading.js";

describe("stateRuns and runShapes", () => {
  it("finds the runs of a state as [start, end) intervals", () => {
    expect(stateRuns([0, 1, 1, 0, 1], 1)).toEqual([[1, 3], [4, 5]]);
    expect(stateRuns([1, 1, 1], 1)).toEqual([[0, 3]]);
    expect(stateRuns([0, 0], 1)).toEqual([]);
    expect(stateRuns([0, 1, 1, 0, 1], 1, 2)).toEqual([[1, 2]]);
    expect(() => stateRuns([0, 1], 1, 5)).toThrow(/upTo must be an integer from 0 to 2/);
  });
  it("shades each run over its points ± half a step, with time numbered from base", () => {
    const [a, b] = runShapes([0, 1, 1, 0, 1], 1);
    // Run [1, 3) holds t = 1, 2, drawn at x = 2, 3 (base 1): shaded from 1.5 to 3.5.
    expect(a).toMatchObject({ type: "rect", x0: 1.5, x1: 3.5, yref: "paper" });
    expect(b).toMatchObject({ x0: 4.5, x1: 5.5 });
    expect(runShapes([1], 1, { base: 0 })[0]).toMatchObject({ x0: -0.5, x1: 0.5 });
  });
});
