import { describe, expect, it } from "vitest";
import { errorBarsTrace } from "../../src/plot/intervals.js";

describe("errorBarsTrace", () => {
  it("draws each point with a symmetric bar of its half-width, in one colour", () => {
    const t = errorBarsTrace([1, 2], [10, 20], [1, 2.5], { name: "cv", color: "#123456", draw: "both", symbol: "diamond", subplot: 2 });
    expect(t).toMatchObject({
      type: "scatter", mode: "lines+markers", x: [1, 2], y: [10, 20], name: "cv",
      error_y: { type: "data", array: [1, 2.5], color: "#123456" },
      marker: { color: "#123456", symbol: "diamond" }, line: { color: "#123456" }, xaxis: "x2", yaxis: "y2",
    });
    const plain = errorBarsTrace(new Float64Array([0]), [1], [0]);
    expect(plain.mode).toBe("markers");
    expect(plain).not.toHaveProperty("line");
    expect(plain).not.toHaveProperty("xaxis");
  });
  it("rejects mismatched lengths, non-finite points and negative half-widths with a clear message", () => {
    expect(() => errorBarsTrace([1, 2], [1], [1])).toThrow(/same length/);
    expect(() => errorBarsTrace([1], [NaN], [1])).toThrow(/finite/);
    expect(() => errorBarsTrace([1], [1], [-1])).toThrow(/≥ 0/);
    expect(() => errorBarsTrace([1], [1], [1], { size: 0 })).toThrow(/positive/);
  });
});
