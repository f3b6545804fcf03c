/**
 * `mlem/core` in Node: everything in {@link "core/index"} plus {@link readCsv}, which reads files.
 * lib/package.json maps `mlem/core` here under the `node` condition.
 * @module
 */
export * from "./index.js";
export * from "./data.js";
