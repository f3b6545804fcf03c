import { describe, expect, it } from "vitest";
import { contourTrace, gridBetween, heatmapTrace, surfaceFigure, surfaceGrid } from "../../src/plot/surfaces.js";

describe("surfaceGrid, gridBetween", () => {
  it("puts y in rows and x in columns, as Plotly reads z", () => {
    const z = surfaceGrid([0, 1, 2], [10, 20], (x, y) => x + y);
    expect(z).toEqual([[10, 11, 12], [20, 21, 22]]);
    expect(() => surfaceGrid([], [1], () => 0)).toThrow(/non-empty/);
  });
  it("spaces grid values evenly, ends included", () => {
    expect(gridBetween(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(() => gridBetween(1, 1)).toThrow(/from < to/);
  });
});

describe("contourTrace, heatmapTrace, surfaceFigure", () => {
  const xs = [0, 1], ys = [0, 1, 2];
  const z = surfaceGrid(xs, ys, (x, y) => -(x * x + y * y) * 10);
  it("clips at the floor, fixes levels and names the hover text", () => {
    const t = contourTrace(xs, ys, z, { name: "ℓ", floor: -12, levels: { start: -12, end: 0, size: 1 }, hoverNames: ["μ", "σ", "ℓ"] });
    expect(t).toMatchObject({ type: "contour", name: "ℓ", contours: { start: -12, end: 0, size: 1 }, colorbar: { title: { text: "ℓ" } } });
    expect((t.z as number[][])[2]).toEqual([-12, -12]);
    expect(String(t.hovertemplate)).toMatch(/^μ = .*σ = .*ℓ = /);
    expect(contourTrace(xs, ys, z, { colorbarTitle: null, colors: "greys", reversed: true })).toMatchObject({ showscale: false, colorscale: "Greys", reversescale: true });
  });
  it("rejects a z of the wrong shape and levels on a heatmap", () => {
    expect(() => contourTrace(xs, ys, [[1, 2]])).toThrow(/one row per y value \(3\)/);
    expect(() => contourTrace(xs, ys, [[1], [2], [3]])).toThrow(/row 0 of z has 1 values for 2 x values/);
    expect(() => heatmapTrace(xs, ys, z, { levels: { start: 0, end: 1, size: 1 } })).toThrow(/zRange/);
    expect(heatmapTrace(xs, ys, z, { zRange: [0, 0.4] })).toMatchObject({ type: "heatmap", zmin: 0, zmax: 0.4 });
  });
  it("surfaceFigure anchors the y scale to x on request", () => {
    const fig = surfaceFigure([contourTrace(xs, ys, z)], { xTitle: "μ₁", yTitle: "μ₂", equalAspect: true });
    expect(fig.layout).toMatchObject({ xaxis: { title: { text: "μ₁" } }, yaxis: { scaleanchor: "x" } });
    expect((surfaceFigure([]).layout!.yaxis as Record<string, unknown>).scaleanchor).toBeUndefined();
  });
});
