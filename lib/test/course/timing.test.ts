import { describe, expect, it } from "vitest";
import { secondsPerCall } from "../../src/course/timing.js";

/** A clock that advances by `step` ms on every reading: timings become exact. */
function fakeClock(step: number) {
  let t = 0;
  return () => (t += step);
}

describe("secondsPerCall", () => {
  it("divides the elapsed time by the number of calls that fill minMs", () => {
    let calls = 0;
    // Each reading of the clock advances 1 ms; one call per reading after t0: elapsed = calls ms.
    const s = secondsPerCall(() => ++calls, { minMs: 10, repeats: 1, warmUps: 0, now: fakeClock(1) });
    expect(calls).toBe(10);
    expect(s).toBeCloseTo(1e-3, 15);
  });
  it("warms up, repeats, and reports the fastest or the median repeat", () => {
    let calls = 0;
    const durations = [5, 3, 4]; // ms per call in the three repeats
    let t = 0;
    let current = 0;
    const now = () => t;
    const fn = () => {
      calls++;
      t += durations[current];
    };
    const wrapped = () => {
      fn();
      return 0;
    };
    // minMs 0: one call per repeat. Track the repeat by counting calls after the warm-ups.
    const results: number[] = [];
    for (const summary of ["min", "median"] as const) {
      calls = 0;
      t = 0;
      const sec = secondsPerCall(() => {
        current = Math.max(0, calls - 2); // calls 0, 1 are warm-ups
        return wrapped();
      }, { minMs: 0, repeats: 3, warmUps: 2, summary, now });
      results.push(sec);
      expect(calls).toBe(5);
    }
    expect(results[0]).toBeCloseTo(0.003, 12);
    expect(results[1]).toBeCloseTo(0.004, 12);
  });
  it("calls fn at least once even with minMs 0 and measures with the real clock by default", () => {
    let calls = 0;
    const s = secondsPerCall(() => calls++, { minMs: 0, repeats: 1, warmUps: 0 });
    expect(calls).toBe(1);
    expect(s).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(s)).toBe(true);
  });
  it("rejects bad options with a clear error", () => {
    expect(() => secondsPerCall(() => 0, { repeats: 0 })).toThrow(/secondsPerCall: repeats must be ≥ 1/);
    expect(() => secondsPerCall(() => 0, { summary: "mean" as never })).toThrow(/summary must be "min" or "median"/);
    expect(() => secondsPerCall(() => 0, { minMS: 5 } as never)).toThrow(/unknown option/);
    expect(() => secondsPerCall(3 as never)).toThrow(/fn must be a function/);
  });
});
