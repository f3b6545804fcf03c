#!/usr/bin/env node
// LDA benchmark: mlem's fitLDA against scikit-learn's LatentDirichletAllocation(learning_method="batch")
// on the Austen chapters (269 documents × 3252 terms, 163,921 tokens), k = 6, from the same start,
// with the same algorithm (every E-step's γ starting at 1, docTol / mean_change_tol 1e-3,
// maxDocIter / max_doc_update_iter 100, mlem with `monotone: false`) for the same number of
// iterations (default 100), each in a fresh process, in one run; then mlem's default
// (`monotone: true`) on the same problem. Prints wall and CPU seconds and the ratios.
//   node scripts/bench/lda.mjs [--iterations N] [--repeats R]
//   node scripts/bench/lda.mjs --monotonicity   ELBO drops over 300 iterations from random topics
//                                               (seeds 0, 1, 2), monotone false vs true
// Installs scikit-learn into .venv if it is missing (as `npm run bench` does; tests never need it).
import { execFileSync, spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const py = join(root, ".venv/bin/python");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

function ensureSklearn() {
  // The same pinned install as scripts/bench/gmm.mjs.
  if (spawnSync(py, ["-c", "import sklearn, numpy, scipy"], { stdio: "ignore" }).status === 0) return;
  console.log("[bench] installing scikit-learn into .venv (pinned 1.9.1) ...");
  execFileSync(py, ["-m", "pip", "install", "--disable-pip-version-check", "-q", "scikit-learn==1.9.1"], { stdio: "inherit" });
}

function runWorker(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

const mlem = (iters, monotone, seed) =>
  runWorker(process.execPath, ["scripts/bench/lda-mlem.mjs", String(iters), String(monotone), ...(seed === undefined ? [] : [String(seed)])]);
const fmt = (x, p = 2) => x.toFixed(p);

if (process.argv.includes("--monotonicity")) {
  const iters = arg("--iterations", 300);
  for (const seed of [0, 1, 2]) {
    for (const monotone of [false, true]) {
      const r = mlem(iters, monotone, seed);
      console.log(
        `[bench] seed ${seed}, monotone: ${monotone}, ${iters} iterations: ELBO ${fmt(r.elbo, 2)}, ${r.drops} drops (largest ${r.largestDrop.toPrecision(3)}, ` +
          `${(r.largestDrop / Math.abs(r.elbo)).toExponential(1)} relative), ${r.keptPrevious} document E-steps kept their previous γ`,
      );
    }
  }
  process.exit(0);
}

ensureSklearn();
const iters = arg("--iterations", 100);
const repeats = arg("--repeats", 1);
const versions = JSON.parse(execFileSync(py, ["-c", "import sklearn, numpy, scipy, json; print(json.dumps([sklearn.__version__, numpy.__version__, scipy.__version__]))"], { encoding: "utf8" }));
console.log(`[bench] node ${process.version}, scikit-learn ${versions[0]}, numpy ${versions[1]}, scipy ${versions[2]}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}`);
const best = (a, b) => (a === null || b.seconds < a.seconds ? b : a);
let sk = null;
let same = null;
let dflt = null;
for (let rep = 0; rep < repeats; rep++) {
  same = best(same, mlem(iters, false));
  sk = best(sk, runWorker(py, ["scripts/bench/lda_sklearn.py", String(iters)]));
  dflt = best(dflt, mlem(iters, true));
}
const agree = Math.abs(same.elbo - sk.elbo) / Math.abs(sk.elbo);
const rows = [
  ["mlem fitLDA, monotone: false (scikit-learn's algorithm)", same],
  ["scikit-learn LatentDirichletAllocation (batch)", sk],
  ["mlem fitLDA, default (monotone: true)", dflt],
];
const md = [
  `LDA on the Austen chapters (269 × 3252, 163,921 tokens), k = 6, ${iters} iterations from the same start, inner tolerance 1e-3 / 100 sweeps (fastest of ${repeats}):`,
  "",
  "| fit | wall s | CPU s | ELBO |",
  "|---|---:|---:|---:|",
  ...rows.map(([name, r]) => `| ${name} | ${fmt(r.seconds)} | ${fmt(r.cpuSeconds)} | ${fmt(r.elbo, 1)} |`),
  "",
  `Ratio mlem / scikit-learn (same algorithm): **${fmt(same.seconds / sk.seconds, 3)}** wall, **${fmt(same.cpuSeconds / sk.cpuSeconds, 3)}** CPU; ` +
    `default mlem / scikit-learn: ${fmt(dflt.seconds / sk.seconds, 3)} wall. Final ELBOs of the same algorithm agree to ${agree.toExponential(1)} relative ` +
    "(scikit-learn's ψ is accurate to ~1e-9, so the inner loops stop at slightly different sweeps).",
].join("\n");
console.log("\n" + md);
