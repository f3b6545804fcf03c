import { afterEach, describe, expect, it } from "vitest";
import { compareAnswer } from "../../src/course/compare.js";
import { defineExercise, notebookExercises } from "../../src/course/define.js";
import { assertAnswer, checkAnswer, checkLiteralAnswer, WrongAnswerError } from "../../src/course/exercises.js";
import { courseExercises } from "../../src/course/registry.js";
import { InvalidInputError, MlemError } from "../../src/core/errors.js";
import { setDisplayTransport, type MimeBundle } from "../../src/plot/display.js";

const sent: MimeBundle[] = [];
setDisplayTransport((b) => sent.push(b));
afterEach(() => (sent.length = 0));
const lastMarkdown = () => String(sent[sent.length - 1]?.["text/markdown"]);

describe("compareAnswer", () => {
  it("accepts numbers within tolerance and says how far off others are, never the expected value", () => {
    expect(compareAnswer(1 / 3 + 1e-9, 1 / 3).correct).toBe(true);
    const near = compareAnswer(0.34, 1 / 3);
    expect(near.correct).toBe(false);
    expect(near.message).toMatch(/within 10%/);
    expect(near.message).not.toMatch(/0\.333/);
    expect(compareAnswer(0.3334, 1 / 3).message).toMatch(/very close/);
    expect(compareAnswer(1, 1 / 3).message).toMatch(/more than 10%/);
    expect(compareAnswer(-1, 1 / 3).message).toMatch(/wrong sign/);
    expect(compareAnswer(0, 17).message).toMatch(/more than 10%/);
  });
  it("explains NaN and type mismatches", () => {
    expect(compareAnswer(NaN, 1).message).toMatch(/NaN/);
    expect(compareAnswer("a", 1).correct).toBe(false);
    expect(compareAnswer(1, "a").message).toMatch(/should be a string/);
  });
  it("compares arrays entry by entry", () => {
    expect(compareAnswer([1, 2], new Float64Array([1, 2])).correct).toBe(true);
    expect(compareAnswer([1, 2.5], [1, 2]).message).toMatch(/^entry 1/);
    expect(compareAnswer([1], [1, 2]).message).toMatch(/should have 2 values/);
  });
});

describe("defineExercise and notebookExercises", () => {
  it("needs exactly one of expected and check", () => {
    expect(() => defineExercise({ title: "t", hint: "h" })).toThrow(InvalidInputError);
    expect(() => defineExercise({ title: "t", hint: "h", expected: () => 1, check: () => ({ correct: true, message: "" }) })).toThrow(/exactly one/);
  });
  it("checks that ids belong to the file's notebook", () => {
    const ex = defineExercise({ title: "t", hint: "h", expected: () => 1 });
    expect(() => notebookExercises("05", { "06.1": ex })).toThrow(/must read "05\.m"/);
    expect(() => notebookExercises("5", { "05.1": ex })).toThrow(/two digits/);
    expect(Object.keys(notebookExercises("05", { "05.1": ex }))).toEqual(["05.1"]);
  });
  it("validates the context: every declared name, of its kind, with a message saying what to pass", () => {
    const ex = defineExercise({ title: "t", hint: "h", context: { K: "number", xs: "number[]" }, expected: ({ K }) => K });
    expect(() => ex.readContext(undefined, "checkAnswer")).toThrow(/depends on K, xs: pass them .*checkAnswer\(id, value, \{ K, xs \}\)/);
    expect(() => ex.readContext({ K: 2 }, "checkAnswer")).toThrow(/no `xs` \(number\[\]\)/);
    expect(() => ex.readContext({ K: "2", xs: [1] }, "checkAnswer")).toThrow(/context\.K must be a number/);
    expect(() => ex.readContext({ K: 2, xs: [1, NaN] }, "checkAnswer")).toThrow(/context\.xs must be a number\[\]/);
    expect(ex.readContext({ K: 2, xs: new Float64Array([1]) }, "checkAnswer")).toEqual({ K: 2, xs: new Float64Array([1]) });
  });
});

describe("checkAnswer and assertAnswer (registry ids)", () => {
  // 05.2 depends only on its context and the library's parameter count, so it needs no data file here.
  it("checkAnswer shows ❌ with the hint and returns false when wrong, ✅ and true when right", () => {
    expect(checkAnswer("05.2", 16, { K: 3 })).toBe(false);
    expect(lastMarkdown()).toMatch(/^❌ \*\*Exercise 05\.2\*\* \(free parameters.*\): not yet\. .*\*Hint:\* count three groups/);
    expect(lastMarkdown()).not.toMatch(/17/);
    expect(checkAnswer("05.2", 17, { K: 3 })).toBe(true);
    expect(lastMarkdown()).toMatch(/^✅ \*\*Exercise 05\.2\*\*/);
  });
  it("assertAnswer throws WrongAnswerError naming the id when wrong, and shows ✅ when right", () => {
    let caught: unknown;
    try {
      assertAnswer("05.2", 16, { K: 3 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(WrongAnswerError);
    expect(caught).toBeInstanceOf(MlemError);
    expect((caught as WrongAnswerError).exerciseId).toBe("05.2");
    expect((caught as Error).message).toMatch(/^Exercise 05\.2 \(free parameters.*\): the solution is wrong: 16 is/);
    expect(() => assertAnswer("05.2", 11, { K: 2 })).not.toThrow();
    expect(lastMarkdown()).toMatch(/✅ \*\*Exercise 05\.2\*\*.*the solution checks/);
  });
  it("names the known ids of the notebook for an unknown id", () => {
    expect(() => checkAnswer("05.99", 1)).toThrow(/no exercise "05\.99"\. Notebook 05 has 05\.1, 05\.2/);
    expect(() => checkAnswer("5.1", 1)).toThrow(/Ids read "NN\.m"/);
  });
  it("courseExercises lists every exercise with its title, context and kind", () => {
    const list = courseExercises();
    expect(list.map((e) => e.id)).toEqual(expect.arrayContaining(["05.1", "05.2", "05.3", "05.4", "05.5"]));
    expect(list.find((e) => e.id === "05.5")).toMatchObject({ kind: "property", context: ["nEruptions"] });
    expect(list.find((e) => e.id === "05.2")).toMatchObject({ kind: "value", context: ["K"] });
  });
});

describe("checkLiteralAnswer (transitional)", () => {
  it("shows a verdict with the hint when wrong", () => {
    expect(checkLiteralAnswer("Exercise 1", 2, 3, { hint: "use the sample mean" })).toBe(false);
    expect(lastMarkdown()).toMatch(/❌ \*\*Exercise 1\*\*: not yet.*Hint:\* use the sample mean/);
    expect(checkLiteralAnswer("Exercise 1", 3, 3)).toBe(true);
    expect(lastMarkdown()).toMatch(/✅/);
  });
});
