import { describe, expect, it } from "vitest";
import { InvalidInputError, ShapeError } from "../../src/core/errors.js";
import { confusionTable } from "../../src/mixture/confusion.js";

describe("confusionTable", () => {
  it("counts classes against clusters and matches them one to one", () => {
    const t = confusionTable(["A", "A", "A", "B", "B", "C", "C"], [2, 2, 1, 2, 0, 1, 1]);
    expect(t.classes).toEqual(["A", "B", "C"]);
    expect(t.counts).toEqual([[0, 1, 2], [1, 0, 1], [0, 2, 0]]);
    expect(t.matching).toEqual([2, 0, 1]);
    expect(t.matched).toBe(5);
    expect(t.total).toBe(7);
    expect(t.sharing).toEqual([]); // B's most frequent cluster is a tie of 0 and 2: the lower wins, so no cluster is shared
  });
  it("does not reward two classes sharing one cluster (most-frequent counting would say 4 of 4)", () => {
    const t = confusionTable(["A", "A", "B", "B"], [0, 0, 0, 0], { k: 2 });
    expect(t.matched).toBe(2);
    expect(t.sharing).toEqual([["A", "B"]]);
  });
  it("handles more classes than clusters and more clusters than classes", () => {
    const fewer = confusionTable([1, 1, 2, 3], [0, 0, 0, 0]);
    expect(fewer.matching.filter((c) => c === -1)).toHaveLength(2);
    expect(fewer.matched).toBe(2);
    const more = confusionTable(["a", "b"], [3, 1], { k: 5, order: ["b", "a"] });
    expect(more.classes).toEqual(["b", "a"]);
    expect(more.counts).toEqual([[0, 1, 0, 0, 0], [0, 0, 0, 1, 0]]);
    expect(more.matching).toEqual([1, 3]);
    expect(more.sharing).toEqual([]);
  });
  it("rejects mismatched or invalid labels with the remedy", () => {
    expect(() => confusionTable(["a"], [0, 1])).toThrow(ShapeError);
    expect(() => confusionTable(["a"], [0.5])).toThrow(/integers 0 … k − 1/);
    expect(() => confusionTable(["a"], [3], { k: 2 })).toThrow(/out of range for k = 2/);
    expect(() => confusionTable(["a"], [0], { order: ["b"] })).toThrow(/not in order/);
    expect(() => confusionTable([], [])).toThrow(InvalidInputError);
  });
});
