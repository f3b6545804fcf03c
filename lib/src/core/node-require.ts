/**
 * A synchronous `require` for loading a dependency on first use rather than at start-up, in both
 * builds of mlem: the CommonJS build has `require`; the ES module build makes one with
 * `createRequire(import.meta.url)`, reaching `node:module` through `process.getBuiltinModule`
 * (Node ≥ 20.16) rather than a static import. Reached as `#node-require`, which lib/package.json
 * maps here under the `node` condition and to ./no-require.ts everywhere else, so browser bundles
 * never see this file. Internal: not exported from the package.
 * @module
 */

let cached: NodeJS.Require | null | undefined;

/** The running module system's `require`, or null on Node older than 20.16 loading the ES module build. */
export function nodeRequire(): NodeJS.Require | null {
  if (cached !== undefined) return cached;
  if (typeof require === "function") {
    cached = require; // the CommonJS build (and test runners that provide require)
  } else {
    const nodeModule = globalThis.process?.getBuiltinModule?.("node:module") as typeof import("node:module") | undefined;
    // import.meta only runs in the ES module build (the CommonJS build took the branch above).
    cached = nodeModule ? nodeModule.createRequire(import.meta.url) : null;
  }
  return cached;
}
