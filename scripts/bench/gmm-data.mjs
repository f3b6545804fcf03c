// Benchmark data shared by mlem and scikit-learn: a seeded mixture of K Gaussians in D dimensions,
// written as raw little-endian float64 (row-major N×D) plus the common initial parameters as JSON.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "mlem";

export function benchCase(dir, n, d, k, seed = 12345) {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `gmm-n${n}-d${d}-k${k}-s${seed}`);
  const files = { data: `${base}.f64`, init: `${base}.init.json` };
  if (existsSync(files.data) && existsSync(files.init)) return files;
  const rng = new Rng(seed);
  // True components: means spread on a scale of 4, random covariances A Aᵀ/d + 0.3 I.
  const means = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.normal(0, 4)));
  const chol = Array.from({ length: k }, () => {
    const A = Array.from({ length: d }, () => Array.from({ length: d }, () => rng.normal(0, 1) / Math.sqrt(d)));
    const S = A.map((r, i) => A.map((q, j) => r.reduce((s, v, t) => s + v * q[t], 0) + (i === j ? 0.3 : 0)));
    const L = S.map(() => new Array(d).fill(0));
    for (let j = 0; j < d; j++) {
      let s = S[j][j];
      for (let t = 0; t < j; t++) s -= L[j][t] ** 2;
      L[j][j] = Math.sqrt(s);
      for (let i = j + 1; i < d; i++) {
        let v = S[i][j];
        for (let t = 0; t < j; t++) v -= L[i][t] * L[j][t];
        L[i][j] = v / L[j][j];
      }
    }
    return L;
  });
  const X = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = Math.min(k - 1, Math.floor(rng.uniform() * k));
    for (let a = 0; a < d; a++) z[a] = rng.normal(0, 1);
    for (let a = 0; a < d; a++) {
      let v = means[c][a];
      for (let b = 0; b <= a; b++) v += chol[c][a][b] * z[b];
      X[i * d + a] = v;
    }
  }
  // Common initialisation: k distinct data rows as means, the data covariance for each component,
  // equal weights (a deliberately mediocre start, so EM has work to do for every iteration).
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) mean[a] += X[i * d + a] / n;
  const cov = Array.from({ length: d }, () => new Array(d).fill(0));
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a][b] += ((X[i * d + a] - mean[a]) * (X[i * d + b] - mean[b])) / n;
  const initMeans = [];
  for (let c = 0; c < k; c++) {
    const i = Math.floor(((c + 0.5) / k) * n);
    initMeans.push(Array.from(X.subarray(i * d, i * d + d)));
  }
  writeFileSync(files.data, Buffer.from(X.buffer));
  writeFileSync(files.init, JSON.stringify({ n, d, k, seed, weights: new Array(k).fill(1 / k), means: initMeans, covariances: Array.from({ length: k }, () => cov) }));
  return files;
}
