import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { allocStats, eStepKernel } from "../../src/mixture/kernels.js";
import { paramsFromUser, type CovarianceType } from "../../src/mixture/options.js";
import { setWasmKernelsEnabled, wasmKernels } from "../../src/mixture/wasm/instance.js";
import { fitGaussianMixture } from "../../src/mixture/fit.js";

// The WebAssembly SIMD kernels (wasm/kernels.wat) compute the same operations in the same order as
// the JavaScript kernels, so every output must be bit-identical: not close, equal. Sizes cover short
// last blocks (n not a multiple of 8 or 32), n < 8, d = 1, odd d, d not a multiple of 4, d > B/2.
const cases: Array<[number, number, number]> = [
  [1, 5, 3],
  [3, 1, 2],
  [3, 7, 1],
  [4, 33, 3],
  [5, 100, 4],
  [7, 40, 5],
  [8, 31, 6],
  [10, 257, 8],
  [13, 64, 2],
  [20, 70, 3],
  [40, 45, 30], // buffers beyond the memory's first page: the memory grows
];

function params(type: CovarianceType, d: number, k: number, rng: Rng, offset: number) {
  const spd = () => {
    const A = Array.from({ length: d }, () => Array.from({ length: d }, () => 0.5 * rng.normal()));
    return A.map((ra, a) => A.map((rb, b) => (a === b ? 1 : 0) + ra.reduce((t, v, j) => t + v * rb[j], 0)));
  };
  const raw = Array.from({ length: k }, () => 0.1 + rng.uniform());
  const total = raw.reduce((t, v) => t + v, 0);
  return paramsFromUser(
    {
      weights: raw.map((v) => v / total),
      means: Array.from({ length: k }, () => Array.from({ length: d }, () => offset + 2 * rng.normal())),
      covariances:
        type === "tied"
          ? spd()
          : type === "full"
            ? Array.from({ length: k }, spd)
            : type === "diag"
              ? Array.from({ length: k }, () => Array.from({ length: d }, () => 0.5 + 4 * rng.uniform()))
              : Array.from({ length: k }, () => 0.5 + 4 * rng.uniform()),
    },
    type,
    k,
    d,
    "test",
    "params",
  );
}

function eStep(on: boolean, X: Float64Array, n: number, d: number, k: number, type: CovarianceType, p: ReturnType<typeof paramsFromUser>, w: Float64Array | null) {
  const was = setWasmKernelsEnabled(on);
  try {
    const s = allocStats(n, d, k, type);
    const ll = eStepKernel(X, n, d, k, type, p, w, s);
    return { ll, resp: s.resp, logDens: s.logDens, nk: s.nk, s1: s.s1, s2: s.s2 };
  } finally {
    setWasmKernelsEnabled(was);
  }
}

describe("WebAssembly kernels", () => {
  it("instantiate in Node 20 (SIMD available)", () => {
    expect(wasmKernels()).not.toBeNull();
  });

  it("refuses a layout larger than its reservation instead of handing out a short view", () => {
    const kernels = wasmKernels()!;
    kernels.reset(10);
    kernels.take(6);
    expect(() => kernels.take(6)).toThrow(/exceeds its reservation/);
  });

  it("bytes.ts is what kernels.wat assembles to", () => {
    const script = fileURLToPath(new URL("../../../scripts/build-wasm.mjs", import.meta.url));
    expect(execFileSync(process.execPath, [script, "--check"], { encoding: "utf8" })).toContain("matches");
  });

  for (const type of ["full", "tied", "diag", "spherical"] as CovarianceType[]) {
    for (const [d, n, k] of cases) {
      it(`${type}, d = ${d}, n = ${n}, k = ${k}: bit-identical to the JavaScript kernels`, () => {
        const rng = new Rng(d * 7919 + n * 31 + k);
        for (const offset of [0, 1e3, -1e6]) {
          const X = new Float64Array(n * d).map(() => offset + 3 * rng.normal());
          // A point whose density underflows under every component (its row becomes uniform, ℓ = −∞).
          if (offset === -1e6 && n > 3) X.fill(1e200, 2 * d, 3 * d);
          const w = new Float64Array(n).map((_, i) => (i % 5 === 0 ? 0 : 2 * rng.uniform()));
          const p = params(type, d, k, rng, offset);
          for (const weights of [null, w]) {
            const js = eStep(false, X, n, d, k, type, p, weights);
            const wa = eStep(true, X, n, d, k, type, p, weights);
            expect(Object.is(wa.ll, js.ll)).toBe(true);
            for (const key of ["resp", "logDens", "nk", "s1", "s2"] as const) expect(wa[key]).toEqual(js[key]);
          }
        }
      });
    }
  }

  it("whole fits (restarts, every covariance type) are bit-identical", () => {
    const rng = new Rng(11);
    const n = 3001;
    const d = 6;
    const data = new Float64Array(n * d).map((_, t) => (Math.floor(t / d) % 3) * 4 + rng.normal());
    for (const covarianceType of ["full", "tied", "diag", "spherical"] as CovarianceType[]) {
      const fit = (on: boolean) => {
        const was = setWasmKernelsEnabled(on);
        try {
          return fitGaussianMixture({ data, n, d }, { k: 4, covarianceType, seed: 3, nInit: 2 });
        } finally {
          setWasmKernelsEnabled(was);
        }
      };
      const js = fit(false);
      const wa = fit(true);
      expect(wa.iterations).toBe(js.iterations);
      expect(Object.is(wa.logLikelihood, js.logLikelihood)).toBe(true);
      expect(wa.means).toEqual(js.means);
      expect(wa.covariances).toEqual(js.covariances);
      expect(wa.weights).toEqual(js.weights);
    }
  });
});
