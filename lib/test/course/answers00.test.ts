// The answers of notebook 00 (lib/src/course/answers/00.ts) against independent computations, and
// plausible wrong answers that must fail. Answers read ../data/faithful.csv relative to the working
// directory, as in a notebook, so these tests run in notebooks/ (restored afterwards).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { notebook00 } from "../../src/course/answers/00.js";
import { readCsv } from "../../src/core/data.js";
import { logSumExp } from "../../src/core/special.js";
import { compare } from "../../src/course/compare.js";

const root = resolve(__dirname, "../../..");
let previous = "";
beforeAll(() => {
  previous = process.cwd();
  process.chdir(resolve(root, "notebooks"));
});
afterAll(() => process.chdir(previous));

const verdict = (id: string, value: unknown, ctx: Record<string, unknown> = {}) => {
  const ex = notebook00[id];
  const c = ex.readContext(ctx, "test");
  return compare(value, ex.expected!(c), ex.relTol ?? 1e-6, ex.absTol ?? 1e-9, "test").correct;
};

describe("answers of notebook 00", () => {
  it("00.1: the mean eruption duration, not the mean waiting time", () => {
    const t = readCsv(resolve(root, "data/faithful.csv"));
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const eruptions = t.numbers("eruptions");
    expect(verdict("00.1", mean(eruptions))).toBe(true);
    expect(mean(eruptions)).toBeCloseTo(3.4878, 4); // R: mean(faithful$eruptions) = 3.487783
    expect(verdict("00.1", mean(t.numbers("waiting")))).toBe(false);
    expect(verdict("00.1", eruptions.reduce((s, v) => s + v, 0) / (eruptions.length - 1))).toBe(false);
  });
  it("00.2: the stable log-sum-exp for any logs; the naive sum fails far from 0", () => {
    for (const logs of [[-1000, -1001, -1002], [-10, -11, -12], [700, 710], [3]]) {
      expect(verdict("00.2", logSumExp(logs), { logs })).toBe(true);
    }
    const naive = (logs: number[]) => Math.log(logs.reduce((s, a) => s + Math.exp(a), 0));
    expect(verdict("00.2", naive([-1000, -1001, -1002]), { logs: [-1000, -1001, -1002] })).toBe(false); // −∞
    expect(verdict("00.2", -1000, { logs: [-1000, -1001, -1002] })).toBe(false); // the max alone
    expect(verdict("00.2", naive([-10, -11, -12]), { logs: [-10, -11, -12] })).toBe(true); // representable: the naive sum is right
    expect(() => verdict("00.2", 0, {})).toThrow(/context has no `logs`/);
  });
});
