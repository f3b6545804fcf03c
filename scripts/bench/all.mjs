#!/usr/bin/env node
// `npm run bench`: every performance table of the README, measured in one run, one benchmark after
// the other (never two at once, so they do not share the cores): Gaussian mixtures against
// scikit-learn (all four covariance types), worker threads against one thread, Baum–Welch against
// pomegranate, and the load time against a bare Node. Each benchmark writes its own table to
// .bench/ (or prints it); this script collects them, in order, into .bench/report.md with the
// date, the machine and each benchmark's wall time, which is what the README's figures are copied from.
// Options: --quick (small sizes, one repeat: a smoke run, not for the README), --only a,b (names below).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const dir = join(root, ".bench");
mkdirSync(dir, { recursive: true });
const quick = process.argv.includes("--quick");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt > 0 ? new Set(process.argv[onlyAt + 1].split(",")) : null;

// name, script, arguments, the markdown file it writes, heading in the report
const BENCHMARKS = [
  { name: "gmm", script: "gmm.mjs", args: ["--types"], output: "gmm-results.md", title: "Gaussian mixtures: mlem against scikit-learn" },
  { name: "threads", script: "gmm-threads.mjs", args: [], output: null, title: "Gaussian mixtures: threads" },
  { name: "hmm", script: "hmm.mjs", args: [], output: "hmm.md", title: "Hidden Markov models: mlem against pomegranate" },
  { name: "load", script: "load.mjs", args: [], output: "load-results.md", title: "Load time" },
];

const unknown = only ? [...only].filter((n) => !BENCHMARKS.some((b) => b.name === n)) : [];
if (unknown.length) throw new Error(`--only: unknown benchmark ${unknown.join(", ")}; the names are ${BENCHMARKS.map((b) => b.name).join(", ")}`);

const started = new Date();
const sections = [];
let failed = 0;
for (const b of BENCHMARKS) {
  if (only && !only.has(b.name)) continue;
  const script = join(root, "scripts/bench", b.script);
  if (!existsSync(script)) throw new Error(`scripts/bench/${b.script} is missing`);
  const args = [script, ...b.args, ...(quick && b.name !== "load" ? ["--quick"] : [])];
  if (quick && b.name === "load") args.push("--runs", "5");
  console.log(`\n[bench] ${b.name}: node ${args.map((a) => a.replace(root + "/", "")).join(" ")}  (load average ${loadavg()[0].toFixed(2)})`);
  const t0 = performance.now();
  // A benchmark without a table file (output null) prints its table: keep its standard output.
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["inherit", b.output ? "inherit" : "pipe", "inherit"], encoding: "utf8" });
  if (!b.output && r.stdout) process.stdout.write(r.stdout);
  const seconds = (performance.now() - t0) / 1e3;
  if (r.status !== 0) {
    failed++;
    sections.push(`## ${b.title}\n\n**failed** (exit ${r.status}) after ${seconds.toFixed(0)} s.\n`);
    continue;
  }
  const md = b.output ? readFileSync(join(dir, b.output), "utf8").trim() : r.stdout.split("\n").filter((l) => l.startsWith("|")).join("\n");
  sections.push(`## ${b.title}\n\n${md}\n\n(wall time of this benchmark: ${seconds.toFixed(0)} s)\n`);
}
const header =
  `# mlem benchmarks, ${started.toISOString().slice(0, 16).replace("T", " ")} UTC${quick ? " (--quick: smoke run, not for the README)" : ""}\n\n` +
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}; load average at the start ${loadavg()[0].toFixed(2)}; ` +
  `total ${((Date.now() - started.getTime()) / 1e3).toFixed(0)} s.\n`;
writeFileSync(join(dir, "report.md"), [header, ...sections].join("\n"));
console.log(`\n[bench] report written to .bench/report.md${failed ? `; ${failed} benchmark(s) FAILED` : ""}`);
process.exit(failed ? 1 : 0);
