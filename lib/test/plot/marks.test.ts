import { describe, expect, it } from "vitest";
import { bandTraces, barTrace, markersTrace, seriesTraces } from "../../src/plot/marks.js";

describe("marks", () => {
  it("markersTrace draws named points with a symbol", () => {
    expect(markersTrace([1], [2], { name: "MLE", symbol: "star", size: 14 })).toMatchObject({ mode: "markers", name: "MLE", marker: { symbol: "star", size: 14 } });
    expect(() => markersTrace([1, 2], [2], { name: "a" })).toThrow(/same length/);
  });
  it("bandTraces fills between the edges in the colour given", () => {
    const [upper, lower] = bandTraces([0, 1], [0, 0], [1, 2], { name: "band", color: "#0072B2" });
    expect(upper).toMatchObject({ y: [1, 2], showlegend: false });
    expect(lower).toMatchObject({ y: [0, 0], fill: "tonexty", fillcolor: "rgba(0,114,178,0.15)", name: "band" });
    expect(() => bandTraces([0], [2], [1], { name: "b" })).toThrow(/above upper/);
  });
  it("barTrace and seriesTraces go on the subplot given", () => {
    expect(barTrace([0, 1], [0.5, 0.5], { name: "pmf", subplot: 2 })).toMatchObject({ type: "bar", xaxis: "x2", yaxis: "y2" });
    const [t] = seriesTraces([{ x: [0, 1], y: [1, 2], name: "s", dashed: true }], { subplot: 3 });
    expect(t).toMatchObject({ type: "scatter", mode: "lines", name: "s", line: { dash: "dash" }, xaxis: "x3" });
  });
});
