// fitGaussianMixture's `threads` option (lib/src/mixture/parallel.ts). The threaded E-step runs in
// worker threads started from the built worker file, so the fits here use the BUILT library
// (lib/dist/cjs, as a user's require resolves it; `npm test` builds it in its first stage), with
// the validation checks also against the sources.
//
// Tolerance: threads: 2 sums the moments and ℓ of two row blocks instead of one running sum, so
// each E-step differs by a few ulps; EM contracts such differences at a stable maximum, so after a
// full fit ℓ and every parameter agree to 1e-12 relative (to the largest entry of each array).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../src/core/errors.js";
import { fitGaussianMixture as fitFromSource } from "../../src/mixture/index.js";

const root = resolve(__dirname, "../../..");
const built = join(root, "lib/dist/cjs/node.js");
type Fit = { logLikelihood: number; weights: number[]; means: number[][]; covariances: number[][][]; iterations: number; restarts: { logLikelihood: number }[] };
let mlem: { fitGaussianMixture: (X: unknown, o: Record<string, unknown>) => Fit; readCsv: (p: string) => { matrix: (cols: string[]) => number[][] } };

beforeAll(() => {
  if (!existsSync(built)) throw new Error("lib/dist is not built: run `node scripts/build-lib.mjs` first.");
  mlem = createRequire(join(root, "package.json"))(built);
});

const TYPES = ["full", "tied", "diag", "spherical"] as const;

function closeRel(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  expect(b.length, what).toBe(a.length);
  expect(worst, `${what}: max |difference| ${worst} vs scale ${scale}`).toBeLessThanOrEqual(1e-12 * scale);
}

function expectSameFit(one: Fit, two: Fit, what: string): void {
  expect(two.iterations, `${what}: iterations`).toBe(one.iterations);
  closeRel([one.logLikelihood], [two.logLikelihood], `${what}: ℓ`);
  closeRel(one.weights, two.weights, `${what}: weights`);
  closeRel(one.means.flat(), two.means.flat(), `${what}: means`);
  closeRel(one.covariances.flat(2), two.covariances.flat(2), `${what}: covariances`);
  closeRel(
    one.restarts.map((r) => r.logLikelihood),
    two.restarts.map((r) => r.logLikelihood),
    `${what}: restarts`,
  );
}

/** n rows of d columns from k overlapping clusters (component c centred at c on every axis), deterministic. */
function simulated(n: number, d: number, k: number): { data: Float64Array; n: number; d: number } {
  let s = 2024;
  const u = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 + 1 / 8589934592;
  };
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) data[i * d + a] = (i % k) + Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return { data, n, d };
}

describe("threads: 2 gives the fit of threads: 1", () => {
  it.each(TYPES)("faithful, k = 3, %s", (covarianceType) => {
    const X = mlem.readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]);
    const o = { k: 3, seed: 1, covarianceType };
    expectSameFit(mlem.fitGaussianMixture(X, { ...o, threads: 1 }), mlem.fitGaussianMixture(X, { ...o, threads: 2 }), covarianceType);
  });

  it.each(TYPES)("iris (d = 4), k = 3, sample weights and 3 restarts, %s", (covarianceType) => {
    const X = mlem.readCsv("data/iris.csv").matrix(["sepal_length", "sepal_width", "petal_length", "petal_width"]);
    const sampleWeights = X.map((_, i) => 1 + (i % 5) / 2);
    // tol 0 and 25 iterations: a stopping test met within rounding of its threshold can stop the two
    // one iteration apart (spherical here does at the default tol), which is not what is tested.
    const o = { k: 3, seed: 7, nInit: 3, covarianceType, sampleWeights, tol: 0, maxIter: 25 };
    expectSameFit(mlem.fitGaussianMixture(X, { ...o, threads: 1 }), mlem.fitGaussianMixture(X, { ...o, threads: 2 }), covarianceType);
  });

  it("threads: 3 on iris equals threads: 1 as well (blocks of 50 rows)", () => {
    const X = mlem.readCsv("data/iris.csv").matrix(["sepal_length", "sepal_width", "petal_length", "petal_width"]);
    const o = { k: 3, seed: 3 };
    expectSameFit(mlem.fitGaussianMixture(X, { ...o, threads: 1 }), mlem.fitGaussianMixture(X, { ...o, threads: 3 }), "full, 3 threads");
  });

  it.each(["full", "diag"] as const)("simulated n = 50,000, d = 3, k = 3, %s (and \"auto\", which threads here)", (covarianceType) => {
    const X = simulated(50_000, 3, 3);
    const o = { k: 3, seed: 1, covarianceType, maxIter: 60 };
    const one = mlem.fitGaussianMixture(X, { ...o, threads: 1 });
    expectSameFit(one, mlem.fitGaussianMixture(X, { ...o, threads: 2 }), `${covarianceType} n = 50k`);
    expectSameFit(one, mlem.fitGaussianMixture(X, { ...o, threads: "auto" }), `${covarianceType} n = 50k, auto`);
  });
});

describe("threads: bad values and unsupported combinations", () => {
  const X = [[0], [1], [2], [10], [11], [12]];
  it.each([0, -1, 1.5, 65, NaN, "2", "all", null])("threads = %s is refused", (threads) => {
    expect(() => fitFromSource(X, { k: 2, seed: 1, threads: threads as number })).toThrow(DomainError);
    expect(() => fitFromSource(X, { k: 2, seed: 1, threads: threads as number })).toThrow(/threads/);
  });
  it('threads > 1 with missing: "marginalize" or algorithm: "online" is refused; "auto" runs on one thread', () => {
    expect(() => fitFromSource(X, { k: 2, seed: 1, threads: 2, missing: "marginalize" })).toThrow(/threads = 2 is not available with missing: "marginalize"/);
    expect(() => fitFromSource(X, { k: 2, seed: 1, threads: 2, algorithm: "online", batchSize: 3 })).toThrow(/threads = 2 is not available with algorithm: "online"/);
    const auto = fitFromSource(X, { k: 2, seed: 1, threads: "auto", missing: "marginalize" });
    expect(auto.logLikelihood).toBe(fitFromSource(X, { k: 2, seed: 1, missing: "marginalize" }).logLikelihood);
  });
  it('"auto" on small data is the single-threaded fit, bit for bit (from the sources: no worker needed)', () => {
    expect(fitFromSource(X, { k: 2, seed: 1, threads: "auto" }).logLikelihood).toBe(fitFromSource(X, { k: 2, seed: 1 }).logLikelihood);
  });
});

describe("the worker pool does not keep the process alive", () => {
  it.each([
    ["CommonJS", ["-e", `const m = require(${JSON.stringify(built)}); const X = m.readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]); console.log(m.fitGaussianMixture(X, { k: 2, seed: 1, threads: 2 }).logLikelihood.toFixed(3));`]],
    ["ES module", ["--input-type=module", "-e", `const m = await import(${JSON.stringify(join(root, "lib/dist/esm/node.js"))}); const X = m.readCsv("data/faithful.csv").matrix(["eruptions", "waiting"]); console.log(m.fitGaussianMixture(X, { k: 2, seed: 1, threads: 2 }).logLikelihood.toFixed(3));`]],
  ])("%s: a child process that fits with threads: 2 exits on its own", (_, args) => {
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout: 30_000 });
    expect(r.signal, `killed after 30 s: the pool kept it alive (${r.stderr})`).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("-1130.264");
  });
});
