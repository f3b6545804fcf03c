#!/usr/bin/env node
// `npm run bench:load`: how long a fresh Node process takes to load mlem, against a bare
// `node -e 0` on the same machine in the same run. Each measurement is its own process (a cold
// start of mlem, with the operating system's file cache warm, as for any second run); the cases
// are interleaved round by round so that a busy moment of the machine hits them all alike, and the
// median of N rounds is reported with the ratio to the bare start. The target (issue 14): require
// and import each ≤ 3× bare. Also measured, for information: the first symbolic call, which is
// where mathjs now loads.
// Options: --runs N (default 21), --json (print the results as JSON only).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const argRuns = process.argv.indexOf("--runs");
const runs = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 21;
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a positive integer");
const TARGET = 3;

// Each case checks that it really loaded mlem (a missing export exits non-zero), so a broken build
// cannot pass as a fast one.
const cases = [
  { name: "bare `node -e 0`", args: ["-e", "0"] },
  { name: 'require("mlem")', args: ["-e", 'if (typeof require("mlem").fitGaussianMixture !== "function") process.exit(2)'] },
  {
    name: 'await import("mlem")',
    args: ["--input-type=module", "-e", 'const m = await import("mlem"); if (typeof m.fitGaussianMixture !== "function") process.exit(2);'],
  },
  {
    name: 'require("mlem") + first score()',
    args: ["-e", 'require("mlem").score("k*log(p) + (n-k)*log(1-p)", "p")'],
    informational: true,
  },
];

function timeOnce(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed (status ${r.status}):\n${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

for (const c of cases) timeOnce(c.args); // warm the file cache once, untimed
const samples = cases.map(() => []);
for (let r = 0; r < runs; r++) cases.forEach((c, i) => samples[i].push(timeOnce(c.args)));

const bare = median(samples[0]);
const rows = cases.map((c, i) => ({
  case: c.name,
  medianMs: median(samples[i]),
  minMs: Math.min(...samples[i]),
  ratio: median(samples[i]) / bare,
  informational: Boolean(c.informational),
}));
const env = { node: process.version, cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`, runs };
const met = rows.filter((r) => r.case !== cases[0].name && !r.informational).every((r) => r.ratio <= TARGET);

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ env, rows, target: TARGET, met }));
} else {
  const md = [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:load\` (median of ${runs} fresh processes per case, interleaved): node ${env.node}, ${env.cpus}.`,
    "",
    "| process | median ms | min ms | × bare node |",
    "|---|---:|---:|---:|",
    ...rows.map((r) => `| ${r.case} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)} | **${r.ratio.toFixed(2)}** |`),
  ].join("\n");
  console.log(md);
  console.log(`\n[bench:load] target: require and import each ≤ ${TARGET}× bare node: ${met ? "met" : "NOT met"}`);
  const dir = join(root, ".bench");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "load-results.json"), JSON.stringify({ env, rows, target: TARGET, met }, null, 2));
  writeFileSync(join(dir, "load-results.md"), md + "\n");
  console.log("[bench:load] written to .bench/load-results.{json,md}");
}
