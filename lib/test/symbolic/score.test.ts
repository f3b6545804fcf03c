import { describe, expect, it } from "vitest";
import { DomainError, InvalidInputError } from "../../src/core/errors.js";
import { observedInformationExpression, score } from "../../src/symbolic/score.js";

describe("symbolic score", () => {
  it("Binomial: k/p − (n−k)/(1−p), zero at p = k/n", () => {
    const s = score("k*log(p) + (n-k)*log(1-p)", "p");
    expect(s.expression).toBe("k / p + (k - n) / (1 - p)");
    expect(s.tex).toContain("\\frac");
    expect(s.evaluate({ k: 3, n: 10, p: 0.3 })).toBeCloseTo(0, 14);
    expect(s.evaluate({ k: 3, n: 10, p: 0.5 })).toBeCloseTo(3 / 0.5 - 7 / 0.5, 12);
  });
  it("Exponential: score n/λ − s and information n/λ²", () => {
    expect(score("n*log(lambda) - lambda*s", "lambda").expression).toBe("n / lambda - s");
    const info = observedInformationExpression("n*log(lambda) - lambda*s", "lambda");
    expect(info.expression).toBe("n / lambda ^ 2");
    expect(info.tex).toContain("\\lambda");
    expect(info.evaluate({ n: 10, lambda: 2, s: 5 })).toBeCloseTo(2.5, 14);
  });
  it("Binomial information evaluates to n/(p(1−p)) at the MLE", () => {
    const info = observedInformationExpression("k*log(p) + (n-k)*log(1-p)", "p");
    expect(info.evaluate({ k: 3, n: 10, p: 0.3 })).toBeCloseTo(10 / (0.3 * 0.7), 10);
  });
  it("explains bad input", () => {
    expect(() => score("k*log(p", "p")).toThrow(InvalidInputError);
    expect(() => score("k*log(p)", "q")).toThrow(DomainError);
    expect(() => score("k*log(p)", "1p")).toThrow(/variable name/);
    expect(() => score("k*log(p)", "p").evaluate({ p: 0.5 })).toThrow(/every symbol/);
    expect(() => score("k*log(p)", "p").evaluate({ k: 1, p: 0 })).toThrow(/parameter space/);
  });
});
