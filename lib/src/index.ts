/**
 * mlem: maximum likelihood and Expectation–Maximization in TypeScript.
 *
 * Everything is exported from the package root; the sub-paths (`mlem/core`, `mlem/plot`, ...)
 * export the same things grouped by topic.
 * @module
 */
export * from "./core/index.js";
export * from "./plot/index.js";
export * from "./optim/index.js";
