import { describe, expect, it } from "vitest";
import { covarianceEllipse } from "../../src/plot/ellipse.js";
import { NotPositiveDefiniteError } from "../../src/core/errors.js";

describe("covarianceEllipse", () => {
  it("traces points at Mahalanobis radius r", () => {
    const mean = [1, -2];
    const S = [[2, 0.6], [0.6, 1]];
    const det = S[0][0] * S[1][1] - S[0][1] * S[1][0];
    const inv = [[S[1][1] / det, -S[0][1] / det], [-S[1][0] / det, S[0][0] / det]];
    const { x, y } = covarianceEllipse(mean, S, { radius: 3, points: 25 });
    expect(x).toHaveLength(25);
    for (let i = 0; i < x.length; i++) {
      const dx = x[i] - mean[0];
      const dy = y[i] - mean[1];
      const m2 = dx * (inv[0][0] * dx + inv[0][1] * dy) + dy * (inv[1][0] * dx + inv[1][1] * dy);
      expect(m2).toBeCloseTo(9, 10);
    }
    expect(x[0]).toBeCloseTo(x[24], 12);
  });
  it("rejects a covariance that is not positive-definite and wrong shapes", () => {
    expect(() => covarianceEllipse([0, 0], [[1, 2], [2, 1]])).toThrow(NotPositiveDefiniteError);
    expect(() => covarianceEllipse([0, 0, 0], [[1, 0], [0, 1]])).toThrow(/mean of length 2/);
  });
});
