/**
 * The package root in Node: everything in the browser-safe root (lib/src/index.ts) plus the
 * functions that need Node, today {@link readCsv}. lib/package.json maps `mlem` here under the
 * `node` condition, which Node itself and bundlers targeting Node set, and tslab (which resolves
 * types the pre-`exports` way) reads this file's declarations through the `types` field.
 * @module
 */
export * from "./index.js";
export * from "./core/data.js";
