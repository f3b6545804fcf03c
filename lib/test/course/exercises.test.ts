import { afterEach, describe, expect, it } from "vitest";
import { checkAnswer, compareAnswer } from "../../src/course/exercises.js";
import { setDisplayTransport, type MimeBundle } from "../../src/plot/display.js";

describe("compareAnswer", () => {
  it("accepts numbers within tolerance and rejects others with the difference", () => {
    expect(compareAnswer(1 / 3 + 1e-9, 1 / 3).correct).toBe(true);
    const r = compareAnswer(0.34, 1 / 3);
    expect(r.correct).toBe(false);
    expect(r.message).toMatch(/differs from the expected value/);
  });
  it("explains NaN and type mismatches", () => {
    expect(compareAnswer(NaN, 1).message).toMatch(/NaN/);
    expect(compareAnswer("a", 1).correct).toBe(false);
  });
  it("compares arrays entry by entry", () => {
    expect(compareAnswer([1, 2], new Float64Array([1, 2])).correct).toBe(true);
    expect(compareAnswer([1, 2.5], [1, 2]).message).toMatch(/^entry 1/);
    expect(compareAnswer([1], [1, 2]).message).toMatch(/expected 2 values/);
  });
});

describe("checkAnswer", () => {
  const sent: MimeBundle[] = [];
  setDisplayTransport((b) => sent.push(b));
  afterEach(() => (sent.length = 0));
  it("shows a verdict with the hint when wrong", () => {
    expect(checkAnswer("Exercise 1", 2, 3, { hint: "use the sample mean" })).toBe(false);
    expect(String(sent[0]["text/markdown"])).toMatch(/❌ \*\*Exercise 1\*\*: not yet.*Hint:\* use the sample mean/);
    expect(checkAnswer("Exercise 1", 3, 3)).toBe(true);
    expect(String(sent[1]["text/markdown"])).toMatch(/✅/);
  });
});
