import { describe, expect, it } from "vitest";
import { heatmapFigure } from "../../src/plot/heatmap.js";

describe("heatmapFigure", () => {
  it("draws the values with their numbers, rows top to bottom, and outlines the chosen cells", () => {
    const fig = heatmapFigure([[1, 2.25], [0, 4]], { rows: ["a", "b"], columns: ["x", "y"], outline: [[0, 1], [1, -1]], digits: 1, title: "T", xTitle: "cols" });
    const t = fig.data[0] as Record<string, unknown>;
    expect(t).toMatchObject({ type: "heatmap", z: [[1, 2.25], [0, 4]], x: ["x", "y"], y: ["a", "b"], text: [["1.0", "2.3"], ["0.0", "4.0"]], showscale: false });
    const L = fig.layout as Record<string, Record<string, unknown>> & { shapes: Array<Record<string, number>> };
    expect(L.yaxis).toMatchObject({ autorange: "reversed", type: "category" });
    expect(L.xaxis).toMatchObject({ title: { text: "cols" }, type: "category" });
    expect(L.shapes).toHaveLength(1); // the pair with −1 (an unmatched row) is skipped
    expect(L.shapes[0]).toMatchObject({ x0: 0.5, x1: 1.5, y0: -0.5, y1: 0.5 });
  });
  it("adds a colour bar when it has a title", () => {
    const t = heatmapFigure([[1]], { rows: ["a"], columns: ["x"], colorTitle: "count" }).data[0] as Record<string, unknown>;
    expect(t.colorbar).toEqual({ title: { text: "count" } });
    expect(t.showscale).toBeUndefined();
  });
  it("rejects tables and labels that do not fit", () => {
    expect(() => heatmapFigure([[1, 2]], { rows: ["a"], columns: ["x"] })).toThrow(/row 0 has 2 values but there are 1 columns/);
    expect(() => heatmapFigure([[1]], { rows: ["a", "b"], columns: ["x"] })).toThrow(/one label per row/);
    expect(() => heatmapFigure([[NaN]], { rows: ["a"], columns: ["x"] })).toThrow(/finite/);
    expect(() => heatmapFigure([[1]], { rows: ["a"], columns: ["x"], outline: [[0, 3]] })).toThrow(/outside the 1 × 1 table/);
    expect(() => heatmapFigure([], { rows: [], columns: ["x"] })).toThrow(/non-empty/);
    expect(() => heatmapFigure([[1]], { rows: ["a"], columns: ["x"], colour: 1 } as never)).toThrow(/colour/);
  });
});
