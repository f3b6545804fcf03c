import { describe, expect, it } from "vitest";
import { blendColors, componentColors, responsibilityColors } from "../../src/plot/colors.js";
import { palette } from "../../src/plot/style.js";

describe("componentColors", () => {
  it("gives the Okabe–Ito colours for K ≤ 8, vermilion and blue first, all distinct", () => {
    expect(componentColors(2)).toEqual(["#D55E00", "#0072B2"]);
    const eight = componentColors(8);
    expect(new Set(eight).size).toBe(8);
    for (const c of eight) expect(palette).toContain(c);
    expect(componentColors(3)).toEqual(eight.slice(0, 3)); // a prefix: colours do not move when K grows
  });
  it("gives K distinct valid hex colours beyond the palette", () => {
    const many = componentColors(12);
    expect(many).toHaveLength(12);
    expect(new Set(many).size).toBe(12);
    for (const c of many) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });
  it("rejects a K that is not a positive integer", () => {
    expect(() => componentColors(0)).toThrow(/positive integer/);
    expect(() => componentColors(2.5)).toThrow(/positive integer/);
  });
});

describe("blendColors and responsibilityColors", () => {
  it("mixes in proportion to the (normalised) weights", () => {
    expect(blendColors([1, 0], ["#ff0000", "#0000ff"])).toBe("rgb(255,0,0)");
    expect(blendColors([0.5, 0.5], ["#ff0000", "#0000ff"])).toBe("rgb(128,0,128)");
    expect(blendColors([2, 2], ["#ff0000", "#0000ff"])).toBe("rgb(128,0,128)");
  });
  it("colours each row of responsibilities with the K component colours", () => {
    const [a, b] = componentColors(2);
    const rows = responsibilityColors([[1, 0], [0, 1]]);
    expect(rows).toEqual([blendColors([1, 0], [a, b]), blendColors([0, 1], [a, b])]);
  });
  it("rejects mismatched lengths, negative weights, zero sums and bad colours", () => {
    expect(() => blendColors([1], ["#000000", "#ffffff"])).toThrow(/one weight per colour/);
    expect(() => blendColors([-1, 2], ["#000000", "#ffffff"])).toThrow(/≥ 0/);
    expect(() => blendColors([0, 0], ["#000000", "#ffffff"])).toThrow(/sum to 0/);
    expect(() => blendColors([1], ["red"])).toThrow(/#rrggbb/);
    expect(() => responsibilityColors([])).toThrow(/non-empty/);
  });
});
