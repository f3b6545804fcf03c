/**
 * mlem: maximum likelihood and Expectation–Maximization in TypeScript.
 *
 * Everything is exported from the package root; the sub-paths (`mlem/core`, `mlem/plot`, ...)
 * export the same things grouped by topic. This root is browser-safe: nothing here imports a Node
 * built-in or loads a heavy dependency at start-up (mathjs loads on the first symbolic call, tslab
 * on the first display). Node gets {@link "node"} instead, which adds `readCsv`.
 * @module
 */
export * from "./core/index.js";
export * from "./plot/index.js";
export * from "./optim/index.js";
export * from "./distributions/index.js";
export * from "./em/index.js";
export * from "./mixture/index.js";
export * from "./inference/index.js";
export * from "./regression/index.js";
export * from "./symbolic/index.js";
export * from "./course/index.js";
export * from "./hmm/index.js";
export * from "./missing/index.js";
export * from "./models/index.js";
