/**
 * `mlem/core` in Node: everything in the browser-safe `mlem/core` (lib/src/core/index.ts) plus {@link readCsv}, which reads files.
 * lib/package.json maps `mlem/core` here under the `node` condition.
 * @module
 */
export * from "./index.js";
export * from "./data.js";
