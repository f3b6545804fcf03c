import { describe, expect, it } from "vitest";
import { barsFigure, linesFigure, paddedRange, panelFigure, tracesFigure } from "../../src/plot/panels.js";

describe("linesFigure, barsFigure, tracesFigure", () => {
  it("builds lines with titled axes, log scales and ranges", () => {
    const fig = linesFigure([{ x: [1, 2], y: [10, 100], name: "a", draw: "both", dashed: true }], { title: "T", xTitle: "x", yTitle: "y", yLog: true, yRange: [1, 1000] });
    expect(fig.data[0]).toMatchObject({ type: "scatter", mode: "lines+markers", name: "a", line: { dash: "dash" } });
    expect(fig.layout).toMatchObject({ title: { text: "T" }, xaxis: { title: { text: "x" } }, yaxis: { type: "log", range: [0, 3] } });
    expect(() => linesFigure([{ x: [1], y: [1, 2], name: "a" }])).toThrow(/same length/);
    expect(() => linesFigure([{ x: [1], y: [1], name: "a" }], { yLog: true, yRange: [0, 1] })).toThrow(/lo > 0 on a log axis/);
  });
  it("reverses an axis", () => {
    expect(linesFigure([{ x: [1], y: [1], name: "a" }], { xReversed: true }).layout!.xaxis).toMatchObject({ autorange: "reversed" });
    expect(linesFigure([{ x: [1], y: [1], name: "a" }], { xLog: true, xRange: [1e-3, 1], xReversed: true }).layout!.xaxis).toMatchObject({ range: [0, -3] });
  });
  it("groups bars by category", () => {
    const fig = barsFigure(["a", "b"], [{ name: "s", y: [1, 2] }]);
    expect(fig.data[0]).toMatchObject({ type: "bar", x: ["a", "b"], y: [1, 2] });
    expect(fig.layout).toMatchObject({ barmode: "group" });
    expect(() => barsFigure(["a"], [{ name: "s", y: [1, 2] }])).toThrow(/one value per category/);
  });
  it("tracesFigure keeps the traces and titles the axes", () => {
    const fig = tracesFigure([{ type: "scatter", x: [1], y: [1] }], { xTitle: "x", legendBelow: true, height: 500 });
    expect(fig.data).toHaveLength(1);
    expect(fig.layout).toMatchObject({ xaxis: { title: { text: "x" } }, legend: { orientation: "h" }, height: 500 });
  });
});

describe("panelFigure", () => {
  it("puts each panel on its own axes, titles the outer axes and each panel", () => {
    const t = { type: "scatter", x: [1], y: [1] };
    const fig = panelFigure([{ traces: [t], title: "one" }, { traces: [t, t], title: "two" }, { traces: [t] }], { columns: 2, xTitle: "X", yTitle: "Y", xRange: [0, 2] });
    expect(fig.data.map((d) => d.xaxis ?? "x")).toEqual(["x", "x2", "x2", "x3"]);
    expect(fig.data.every((d) => d.showlegend === false)).toBe(true);
    const L = fig.layout as Record<string, { title?: { text: string }; range?: number[] }> & { grid: unknown; annotations: unknown[] };
    expect(L.grid).toMatchObject({ rows: 2, columns: 2 });
    expect(L.xaxis.title!.text).toBe(""); // top-left panel: the bottom row has the x titles
    expect(L.xaxis2.title!.text).toBe("X");
    expect(L.xaxis3.title!.text).toBe("X");
    expect(L.yaxis.title!.text).toBe("Y");
    expect(L.yaxis2.title!.text).toBe("");
    expect(L.xaxis3.range).toEqual([0, 2]);
    expect(L.annotations).toHaveLength(2);
  });
});

describe("paddedRange", () => {
  it("widens the data range by pad on each side", () => {
    expect(paddedRange([2, 4, 12], 0.1)).toEqual([1, 13]);
    expect(paddedRange([5, 5], 0.5)).toEqual([2.5, 7.5]);
    expect(() => paddedRange([1, NaN])).toThrow(/finite/);
  });
});
