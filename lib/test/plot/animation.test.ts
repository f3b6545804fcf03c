import { describe, expect, it } from "vitest";
import { emSteps } from "../../src/em/engine.js";
import { geneticLinkageModel } from "../../src/em/linkage.js";
import { animatedFigure, emFrames, frameIterations } from "../../src/plot/animation.js";

describe("frameIterations", () => {
  it("keeps every early iteration, then spaced ones, always ending with T and at most maxFrames", () => {
    expect(frameIterations(4)).toEqual([0, 1, 2, 3, 4]);
    for (const T of [7, 10, 51, 205, 1000]) {
      const f = frameIterations(T);
      expect(f.slice(0, 7)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(f[f.length - 1]).toBe(T);
      expect(f.length).toBeLessThanOrEqual(40);
      expect(new Set(f).size).toBe(f.length);
      for (let i = 1; i < f.length; i++) expect(f[i]).toBeGreaterThan(f[i - 1]);
    }
    expect(() => frameIterations(-1)).toThrow(/T must be an integer ≥ 0/);
  });
});

describe("emFrames and animatedFigure", () => {
  it("draws a frame at each requested E-step and stops after the last", () => {
    const seen: number[] = [];
    const frames = emFrames(emSteps(geneticLinkageModel(), { theta: 0.5 }), [0, 2, 5], (s) => {
      seen.push(s.iteration);
      return { data: [{ type: "scatter", x: [s.iteration], y: [s.params.theta] }], title: `t = ${s.iteration}` };
    });
    expect(frames.map((f) => f.name)).toEqual(["0", "2", "5"]);
    expect(seen).toEqual([0, 2, 5]);
    expect(frames[2].title).toBe("t = 5");
    expect(() => emFrames(emSteps(geneticLinkageModel(), { theta: 0.5 }, { maxIter: 3 }), [0, 5], () => ({ data: [] }))).toThrow(/pass maxIter ≥ 5/);
  });
  it("builds a playable figure: first frame drawn, buttons, one slider step per frame, titles per frame", () => {
    const frames = [0, 1, 2].map((t) => ({ name: String(t), data: [{ type: "scatter", x: [t], y: [t] }], title: `t = ${t}` }));
    const fig = animatedFigure(frames, { xTitle: "x", xRange: [0, 2], yRange: [0, 2] });
    expect(fig.data).toBe(frames[0].data);
    expect(fig.frames).toHaveLength(3);
    expect(fig.frames![1]).toMatchObject({ name: "1", layout: { title: { text: "t = 1" } } });
    const layout = fig.layout as { sliders: Array<{ steps: unknown[] }>; updatemenus: Array<{ buttons: unknown[] }>; title: { text: string }; xaxis: { range: number[] } };
    expect(layout.sliders[0].steps).toHaveLength(3);
    expect(layout.updatemenus[0].buttons).toHaveLength(2);
    expect(layout.title.text).toBe("t = 0");
    expect(layout.xaxis.range).toEqual([0, 2]);
    expect(() => animatedFigure([frames[0], frames[0]])).toThrow(/distinct/);
  });
});
