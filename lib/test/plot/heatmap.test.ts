import { describe, expect, it } from "vitest";
import { heatmapFigure } from "../../src/plot/heatmap.js";

describe("heatmapFigure", () => {
  it("draws the matrix with a two-colour scale over the data's range, null cells blank", () => {
    const fig = heatmapFigure([[0, 2], [null, 1]], { y: ["a", "b"], colors: ["#ffffff", "#000000"], title: "T", xTitle: "day" });
    expect(fig.data[0]).toMatchObject({ type: "heatmap", z: [[0, 2], [null, 1]], zmin: 0, zmax: 2, colorscale: [[0, "#ffffff"], [1, "#000000"]], showscale: false, y: ["a", "b"] });
    expect(fig.layout).toMatchObject({ title: { text: "T" }, xaxis: { title: { text: "day" } }, yaxis: { automargin: true } });
  });
  it("reverses rows, squares cells, hides ticks and shows a titled colour scale on request", () => {
    const fig = heatmapFigure([[0.2, 0.9]], { zRange: [0, 1], colorbarTitle: "P(on)", yReversed: true, equalAspect: true, hideTicks: true, gap: 1 });
    expect(fig.data[0]).toMatchObject({ zmin: 0, zmax: 1, showscale: true, colorbar: { title: { text: "P(on)" } }, xgap: 1, ygap: 1 });
    expect(fig.layout!.yaxis).toMatchObject({ autorange: "reversed", scaleanchor: "x", showticklabels: false });
    expect(fig.layout!.xaxis).toMatchObject({ showticklabels: false, zeroline: false });
    expect(heatmapFigure([[1, 2]], { yRange: [0, 3], yReversed: true }).layout!.yaxis).toMatchObject({ range: [3, 0] });
  });
  it("rejects ragged, empty, non-finite and all-null input and mismatched labels with a clear message", () => {
    expect(() => heatmapFigure([])).toThrow(/non-empty/);
    expect(() => heatmapFigure([[1, 2], [3]])).toThrow(/same length/);
    expect(() => heatmapFigure([[1, NaN]])).toThrow(/finite numbers or null/);
    expect(() => heatmapFigure([[null]])).toThrow(/nothing to draw/);
    expect(() => heatmapFigure([[1, 2]], { x: [1] })).toThrow(/x has 1 entries/);
    expect(() => heatmapFigure([[1, 2]], { zRange: [1, 1] })).toThrow(/lo < hi/);
  });
  it("gives a constant matrix a usable scale", () => {
    expect(heatmapFigure([[3, 3]]).data[0]).toMatchObject({ zmin: 3, zmax: 4 });
  });
  it("writes the numbers in the cells and outlines the chosen cells (a confusion table)", () => {
    const fig = heatmapFigure([[1, 2.25], [0, 4]], { y: ["a", "b"], x: ["x", "y"], yReversed: true, outline: [[0, 1], [1, -1]], digits: 1 });
    expect(fig.data[0]).toMatchObject({ text: [["1.0", "2.3"], ["0.0", "4.0"]], texttemplate: "%{text}" });
    const shapes = (fig.layout as { shapes: Array<Record<string, number>> }).shapes;
    expect(shapes).toHaveLength(1); // the pair with −1 (an unmatched row) is skipped
    expect(shapes[0]).toMatchObject({ x0: 0.5, x1: 1.5, y0: -0.5, y1: 0.5 });
    const numeric = heatmapFigure([[1, 2, 3]], { x: [10, 20, 40], outline: [[0, 2]] }).layout as { shapes: Array<Record<string, number>> };
    expect(numeric.shapes[0]).toMatchObject({ x0: 30, x1: 50 });
    expect(heatmapFigure([[1]]).layout).not.toHaveProperty("shapes");
  });
  it("rejects outlines outside the matrix and bad digits", () => {
    expect(() => heatmapFigure([[1]], { outline: [[0, 3]] })).toThrow(/outside the 1 × 1 matrix/);
    expect(() => heatmapFigure([[1]], { digits: 1.5 })).toThrow(/digits must be an integer/);
  });
});
