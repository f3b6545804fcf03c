import { describe, expect, it } from "vitest";
import { Normal } from "../../src/distributions/normal.js";
import { componentColors } from "../../src/plot/colors.js";
import { gridOver, histogramBins, histogramTraces, mixtureCurveTraces, mixtureFigure1d, subscript, univariateMixture } from "../../src/plot/mixture1d.js";

const mix = { weights: [0.3, 0.7], means: [0, 4], sds: [1, 2] };

describe("univariateMixture", () => {
  it("reads { weights, means, sds } and 1-D GaussianMixture-shaped objects alike", () => {
    const g = { weights: [0.3, 0.7], means: [[0], [4]], covariances: [[[1]], [[4]]] };
    expect(univariateMixture(g)).toEqual({ weights: [0.3, 0.7], means: [0, 4], sds: [1, 2] });
    expect(univariateMixture(mix)).toEqual(mix);
  });
  it("rejects 2-D mixtures and bad components", () => {
    expect(() => univariateMixture({ weights: [1], means: [[0, 0]], covariances: [[[1, 0], [0, 1]]] })).toThrow(/1-D helpers need one dimension/);
    expect(() => univariateMixture({ weights: [1], means: [0], sds: [0] })).toThrow(/sd > 0/);
    expect(() => univariateMixture({ weights: [1, 0], means: [0], sds: [1] })).toThrow(/one entry per component/);
  });
});

describe("mixtureCurveTraces", () => {
  const grid = [-1, 0, 1, 2];
  it("draws the total density and each weighted component, in the component colours", () => {
    const traces = mixtureCurveTraces(mix, grid);
    expect(traces).toHaveLength(3);
    const [total, c1, c2] = traces as Array<{ y: number[]; name: string; line: { color: string } }>;
    const p = (x: number) => 0.3 * new Normal(0, 1).pdf(x) + 0.7 * new Normal(4, 2).pdf(x);
    grid.forEach((x, j) => {
      expect(total.y[j]).toBeCloseTo(p(x), 14);
      expect(c1.y[j] + c2.y[j]).toBeCloseTo(p(x), 14);
    });
    expect([c1.line.color, c2.line.color]).toEqual(componentColors(2));
    expect(c1.name).toBe("π₁ N(μ₁, σ₁²)");
  });
  it("scales, leaves out the total, names and recolours on request", () => {
    const traces = mixtureCurveTraces(mix, grid, { scale: 10, totalName: null, names: ["a", "b"], colors: ["#000000", "#ffffff"] }) as Array<{ y: number[]; name: string }>;
    expect(traces.map((t) => t.name)).toEqual(["a", "b"]);
    expect(traces[0].y[1]).toBeCloseTo(10 * 0.3 * new Normal(0, 1).pdf(0), 14);
    expect(() => mixtureCurveTraces(mix, grid, { colors: ["#000000"] })).toThrow(/one per component/);
  });
});

describe("gridOver, histogramBins, histogramTraces", () => {
  it("covers the data with a margin", () => {
    const g = gridOver([0, 10], { points: 11, pad: 0.1 });
    expect(g[0]).toBeCloseTo(-1, 12);
    expect(g[10]).toBeCloseTo(11, 12);
    expect(g).toHaveLength(11);
  });
  it("picks a round bin width and edges that hold every value", () => {
    const x = [43, 50, 96];
    const { binWidth, start, end } = histogramBins(x);
    expect(binWidth).toBe(2);
    expect(start).toBeLessThanOrEqual(43);
    expect(end).toBeGreaterThan(96);
  });
  it("stacks one bar trace per group whose heights add up to the density of all points", () => {
    const x = [0.1, 0.2, 1.1, 1.2, 1.3, 2.5];
    const labels = [0, 0, 0, 1, 1, 1];
    const traces = histogramTraces(x, { labels, binWidth: 1, start: 0 }) as Array<{ y: number[]; x: number[] }>;
    expect(traces).toHaveLength(2);
    const total = traces[0].y.map((v, j) => v + traces[1].y[j]);
    // Densities: count / (n · width) per bin: bins [0,1): 2, [1,2): 3, [2,3): 1.
    expect(total).toEqual([2 / 6, 3 / 6, 1 / 6]);
    const area = total.reduce((s, v) => s + v, 0) * 1;
    expect(area).toBeCloseTo(1, 14);
    expect(() => histogramTraces(x, { labels: [0, 1] })).toThrow(/one label per value/);
  });
  it("mixtureFigure1d scales the curves to counts per bin when asked", () => {
    const x = Array.from({ length: 100 }, (_, i) => i / 10);
    const fig = mixtureFigure1d(x, mix, { histogram: { counts: true, binWidth: 0.5 }, title: "t" });
    const total = fig.data.find((t) => t.name === "mixture p(x)") as { y: number[]; x: number[] };
    expect(total.y[0]).toBeCloseTo(100 * 0.5 * (0.3 * new Normal(0, 1).pdf(total.x[0]) + 0.7 * new Normal(4, 2).pdf(total.x[0])), 10);
    expect((fig.layout!.yaxis as { title: { text: string } }).title.text).toBe("count per bin of width 0.5");
  });
  it("subscript writes Unicode subscript digits", () => {
    expect(subscript(12)).toBe("₁₂");
  });
});
