import { describe, expect, it } from "vitest";
import { componentColors } from "../../src/plot/colors.js";
import { covarianceEllipse } from "../../src/plot/ellipse.js";
import { ellipseTraces, meansTrace, pointsTrace } from "../../src/plot/mixture2d.js";

const mix = { weights: [0.5, 0.5], means: [[0, 0, 9], [3, 1, 9]], covariances: [[[1, 0.2, 0], [0.2, 2, 0], [0, 0, 5]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]] };

describe("ellipseTraces", () => {
  it("draws each component's 2σ ellipse in the chosen plane and its colour", () => {
    const traces = ellipseTraces(mix) as Array<{ x: number[]; y: number[]; line: { color: string; dash: string }; name: string }>;
    expect(traces).toHaveLength(2);
    const e = covarianceEllipse([0, 0], [[1, 0.2], [0.2, 2]], { radius: 2 });
    expect(traces[0].x).toEqual(e.x);
    expect(traces[0].y).toEqual(e.y);
    expect(traces.map((t) => t.line.color)).toEqual(componentColors(2));
    expect(traces[0].line.dash).toBe("solid");
  });
  it("takes other coordinates, dashes, suffixes and subplots", () => {
    const [t] = ellipseTraces(mix, { dims: [2, 0], dashed: true, nameSuffix: " (start)", subplot: 3, radius: 1 }) as Array<Record<string, unknown>>;
    const e = covarianceEllipse([9, 0], [[5, 0], [0, 1]], { radius: 1 });
    expect(t.x).toEqual(e.x);
    expect(t).toMatchObject({ name: "component 1 (start)", xaxis: "x3", yaxis: "y3", line: { dash: "dash" } });
    expect(() => ellipseTraces(mix, { dims: [0, 0] })).toThrow(/two different column indices/);
  });
});

describe("pointsTrace and meansTrace", () => {
  const X = [[0, 0], [1, 1], [2, 2]];
  it("colours points by responsibilities, by labels, or grey", () => {
    const [a, b] = componentColors(2);
    const byLabel = pointsTrace(X, { labels: [0, 1, 1] }) as { marker: { color: string[] } };
    expect(byLabel.marker.color).toEqual([a, b, b]);
    const byResp = pointsTrace(X, { responsibilities: [[1, 0], [0, 1], [0.5, 0.5]] }) as { marker: { color: string[] }; x: number[] };
    expect(byResp.marker.color[0]).toBe("rgb(213,94,0)");
    expect(byResp.x).toEqual([0, 1, 2]);
    expect((pointsTrace(X) as { marker: { color: string } }).marker.color).toBe("#8c8c8c");
    expect(() => pointsTrace(X, { labels: [0] })).toThrow(/1 labels for 3 points/);
  });
  it("marks the means", () => {
    const t = meansTrace(mix, { open: true }) as { x: number[]; y: number[]; marker: { symbol: string } };
    expect(t.x).toEqual([0, 3]);
    expect(t.y).toEqual([0, 1]);
    expect(t.marker.symbol).toBe("circle-open");
  });
});
